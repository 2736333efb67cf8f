// Engine commands in a Dockerfile: RUN, CMD and ENTRYPOINT in shell form (a shell command, continued
// over lines, with the comment lines Docker drops) and in exec form (a JSON array); an exec-form
// ENTRYPOINT that starts the engine takes the following CMD's arguments, and a stage built FROM an
// engine image (vllm/vllm-openai, llama.cpp:server) runs its CMD arguments through the image's entrypoint.

import { dockerInstructionMap, jsonStringMap, withoutContinuations } from './decoders.js';
import { imageEntrypoint } from './engine-command.js';
import { ListPartWriter, type ListItem } from './list-part.js';
import { argvSites, lineNumberAt, shellSites, type ArgvPart, type ImpliedEntrypoint } from './site-builders.js';
import type { LaunchSite } from './site.js';
import { identityMap, type TextMap } from './text-map.js';

interface Instruction {
  keyword: string;
  /** Offsets of the arguments (after the keyword) to the end of the instruction. */
  from: number;
  to: number;
  line: number;
}

/** The `# escape=` parser directive (only valid before anything else). */
function escapeChar(text: string): string {
  for (const line of text.split('\n')) {
    const m = /^#\s*escape\s*=\s*(\S)\s*$/i.exec(line);
    if (m) return m[1];
    if (!/^#\s*\w+\s*=/.test(line)) break;
  }
  return '\\';
}

export function dockerInstructions(text: string): Instruction[] {
  const escape = escapeChar(text);
  const out: Instruction[] = [];
  let pos = 0;
  while (pos < text.length) {
    const eol = text.indexOf('\n', pos);
    const lineEnd = eol < 0 ? text.length : eol;
    const line = text.slice(pos, lineEnd);
    const m = /^\s*([A-Za-z]+)(\s+|$)/.exec(line);
    if (!m || line.trimStart().startsWith('#')) {
      pos = lineEnd + 1;
      continue;
    }
    const from = pos + m[0].length;
    let end = lineEnd;
    let current = line;
    // Continued while a line (that is not a comment line) ends with the escape character.
    while (current.replace(/\s+$/, '').endsWith(escape) && end < text.length) {
      let next = end + 1;
      for (;;) {
        const e = text.indexOf('\n', next);
        const nextEnd = e < 0 ? text.length : e;
        const nextLine = text.slice(next, nextEnd);
        end = nextEnd;
        current = nextLine;
        if (/^\s*(#.*)?$/.test(nextLine) && nextEnd < text.length) {
          next = nextEnd + 1;
          continue;
        }
        break;
      }
    }
    out.push({ keyword: m[1].toUpperCase(), from, to: end, line: lineNumberAt(text, pos) });
    pos = end + 1;
  }
  return out;
}

/** A JSON array of strings in `map` starting at its first non-blank character, as list items. */
function execForm(map: TextMap, source: string): ArgvPart | undefined {
  const t = map.text;
  let i = 0;
  const skip = () => {
    while (i < t.length && /\s/.test(t[i])) i++;
  };
  skip();
  if (t[i] !== '[') return undefined;
  const open = i;
  i++;
  const items: ListItem[] = [];
  const maps: TextMap[] = [];
  skip();
  if (t[i] === ']') i++;
  else
    for (;;) {
      skip();
      const str = jsonStringMap(map, i);
      if (!str) return undefined;
      items.push({ value: str.map.text, start: map.startOf(i), end: map.endOf(str.end - 1), style: 'json' });
      maps.push(str.map);
      i = str.end;
      skip();
      if (t[i] === ',') {
        i++;
        continue;
      }
      if (t[i] === ']') {
        i++;
        break;
      }
      return undefined;
    }
  skip();
  if (i < t.length) return undefined;
  const start = map.startOf(open);
  const end = map.endOf(i - 1);
  const writer = new ListPartWriter({ kind: 'json', items, source, emptyInsert: map.endOf(open), lineBreak: ' \\\n' });
  return { writer, values: items.map((it) => it.value), maps, start, end };
}

export function dockerfileSites(text: string): LaunchSite[] {
  const root = identityMap(text);
  const escape = escapeChar(text);
  const sites: LaunchSite[] = [];
  let stageImage: ImpliedEntrypoint | undefined;
  let entrypoint: { part: ArgvPart; line: number } | undefined;
  let entrypointSites: LaunchSite[] = [];
  for (const ins of dockerInstructions(text)) {
    if (ins.keyword === 'FROM') {
      const image = text.slice(ins.from, ins.to).trim().split(/\s+/).find((w) => !w.startsWith('--'));
      stageImage = image ? imageEntrypoint(image) : undefined;
      entrypoint = undefined;
      entrypointSites = [];
      continue;
    }
    if (!['RUN', 'CMD', 'ENTRYPOINT'].includes(ins.keyword)) continue;
    const map = dockerInstructionMap(root, ins.from, ins.to);
    const where = `${ins.keyword} (line ${ins.line})`;
    const ctx = { format: 'dockerfile' as const, source: text, where };
    const exec = execForm(withoutContinuations(map, escape), text);
    if (!exec) {
      const found = shellSites(map, ctx);
      if (ins.keyword === 'ENTRYPOINT') {
        // A shell-form ENTRYPOINT ignores CMD.
        entrypoint = undefined;
        entrypointSites = found;
      }
      sites.push(...found);
      continue;
    }
    if (ins.keyword === 'RUN') {
      sites.push(...argvSites([exec], ctx));
    } else if (ins.keyword === 'ENTRYPOINT') {
      entrypoint = { part: exec, line: ins.line };
      entrypointSites = argvSites([exec], ctx);
      sites.push(...entrypointSites);
    } else {
      // CMD: arguments of an exec-form ENTRYPOINT when there is one, else of the base image's entrypoint.
      if (entrypoint) {
        const combined = argvSites([entrypoint.part, exec], { ...ctx, where: `ENTRYPOINT (line ${entrypoint.line}) + ${where}` });
        if (combined.length > 0) {
          for (const s of entrypointSites) sites.splice(sites.indexOf(s), 1);
          entrypointSites = combined;
          sites.push(...combined);
        }
      } else if (entrypointSites.length === 0) {
        sites.push(...argvSites([exec], ctx, stageImage));
      }
    }
  }
  return sites;
}
