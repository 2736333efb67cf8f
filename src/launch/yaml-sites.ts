// Engine commands in YAML: docker-compose services (`entrypoint:` + `command:`, each a string split on
// whitespace or a list) and Kubernetes containers anywhere in a manifest, Helm-rendered or a custom
// resource (`command:` + `args:` lists, block or flow style). The `yaml` library gives every scalar's
// source range and style; the decoders map scalar contents (for `sh -c` scripts) back to the file.

import { isMap, isScalar, isSeq, parseAllDocuments, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { yamlScalarMap, type YamlScalarStyle } from './decoders.js';
import { imageEntrypoint } from './engine-command.js';
import { ListPartWriter, type ItemStyle, type ListItem } from './list-part.js';
import { ShellPartWriter } from './shell-part.js';
import { splitCommands } from './shell-words.js';
import { argvSites, lineNumberAt, type ArgvPart, type ImpliedEntrypoint } from './site-builders.js';
import { quotedWordMap } from './decoders.js';
import type { LaunchSite } from './site.js';
import { identityMap, type TextMap } from './text-map.js';

interface ScalarInfo {
  value: string;
  start: number;
  end: number;
  style: ItemStyle;
  map?: TextMap;
}

const STYLE: Record<YamlScalarStyle, ItemStyle> = { PLAIN: 'plain', QUOTE_DOUBLE: 'double', QUOTE_SINGLE: 'single', BLOCK_LITERAL: 'double', BLOCK_FOLDED: 'double' };

function scalarInfo(root: TextMap, node: Scalar): ScalarInfo | undefined {
  const range = node.range;
  if (!range) return undefined;
  const type = (node.type ?? 'PLAIN') as YamlScalarStyle;
  let map = yamlScalarMap(root, range[0], range[1], type);
  // A decoder that disagrees with the YAML library is not trusted with edits inside the scalar.
  if (map && typeof node.value === 'string' && map.text !== node.value) map = undefined;
  const value = typeof node.value === 'string' ? node.value : (map?.text ?? String(node.value));
  return { value, start: range[0], end: range[1], style: STYLE[type], ...(map ? { map } : {}) };
}

function seqPart(root: TextMap, source: string, seq: YAMLSeq): ArgvPart | undefined {
  if (!seq.range) return undefined;
  const infos: ScalarInfo[] = [];
  for (const item of seq.items) {
    if (!isScalar(item)) return undefined;
    const info = scalarInfo(root, item);
    if (!info) return undefined;
    infos.push(info);
  }
  const items: ListItem[] = infos.map((i) => ({ value: i.value, start: i.start, end: i.end, style: i.style }));
  const flow = seq.flow === true;
  const writer = new ListPartWriter({ kind: flow ? 'flow' : 'block', items, source, ...(flow ? { emptyInsert: seq.range[0] + 1 } : {}), lineBreak: '\n' });
  return { writer, values: infos.map((i) => i.value), maps: infos.map((i) => i.map), start: seq.range[0], end: seq.range[1] };
}

/** A docker-compose string: split on whitespace (quotes respected), no shell. */
function stringPart(root: TextMap, source: string, node: Scalar): ArgvPart | undefined {
  const info = scalarInfo(root, node);
  if (!info?.map) return undefined;
  const map = info.map;
  const words = splitCommands(map.text).flatMap((c) => c.words);
  return {
    writer: new ShellPartWriter(map, words, 'words', source),
    values: words.map((w) => w.value),
    maps: words.map((w) => quotedWordMap(map, w.start, w.end)),
    start: info.start,
    end: info.end,
  };
}

function valuePart(root: TextMap, source: string, node: unknown, allowString: boolean): ArgvPart | undefined {
  if (isSeq(node)) return seqPart(root, source, node);
  if (allowString && isScalar(node) && typeof node.value === 'string') return stringPart(root, source, node);
  return undefined;
}

function scalarString(map: YAMLMap, key: string): string | undefined {
  const v = map.get(key, true);
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

function composeServiceSites(root: TextMap, source: string, name: string, service: YAMLMap): LaunchSite[] {
  const parts: ArgvPart[] = [];
  for (const key of ['entrypoint', 'command']) {
    if (!service.has(key)) continue;
    const part = valuePart(root, source, service.get(key, true), true);
    if (part) parts.push(part);
  }
  if (parts.length === 0) return [];
  const image = scalarString(service, 'image');
  const implied: ImpliedEntrypoint | undefined = !service.has('entrypoint') && image ? imageEntrypoint(image) : undefined;
  const key = service.has('command') ? 'command' : 'entrypoint';
  return argvSites(parts, { format: 'compose', source, where: `services.${name}.${key}` }, implied);
}

function containerSites(root: TextMap, source: string, container: YAMLMap): LaunchSite[] {
  const parts: ArgvPart[] = [];
  for (const key of ['command', 'args']) {
    if (!container.has(key)) continue;
    const part = valuePart(root, source, container.get(key, true), false);
    if (part) parts.push(part);
  }
  if (parts.length === 0) return [];
  const image = scalarString(container, 'image');
  const implied = !container.has('command') && image ? imageEntrypoint(image) : undefined;
  const name = scalarString(container, 'name');
  const where = `${name ? `container "${name}"` : 'container'} (line ${lineNumberAt(source, parts[0].start)})`;
  return argvSites(parts, { format: 'kubernetes', source, where }, implied);
}

function walk(node: unknown, visit: (map: YAMLMap) => void): void {
  if (isMap(node)) {
    visit(node);
    for (const pair of node.items) walk(pair.value, visit);
  } else if (isSeq(node)) {
    for (const item of node.items) walk(item, visit);
  }
}

export function isComposeDocument(text: string): boolean {
  return /^services:\s*$/m.test(text) && !/^apiVersion:/m.test(text);
}

export function yamlSites(text: string, format: 'compose' | 'kubernetes'): LaunchSite[] {
  const root = identityMap(text);
  const sites: LaunchSite[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || doc.errors.length > 0) continue;
    const contents = doc.contents;
    if (format === 'compose') {
      const services = isMap(contents) ? contents.get('services', true) : undefined;
      if (!isMap(services)) continue;
      for (const pair of services.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '?';
        if (isMap(pair.value)) sites.push(...composeServiceSites(root, text, name, pair.value));
      }
      continue;
    }
    walk(contents, (map) => {
      if (map.has('command') || map.has('args')) sites.push(...containerSites(root, text, map));
    });
  }
  return sites.sort((a, b) => a.start - b.start);
}
