// From parsed commands to launch sites: engine commands in shell text (recursing into `sh -c '...'`
// scripts), and argv split over list parts (Kubernetes command + args, compose entrypoint + command,
// Dockerfile ENTRYPOINT + CMD), with an image's implied entrypoint when the parts hold only flags.

import { detectEngine, engineCommandOf, type LaunchEngine } from './engine-command.js';
import { quotedWordMap } from './decoders.js';
import { splitCommands } from './shell-words.js';
import { ShellPartWriter } from './shell-part.js';
import { CompositeWriter, type LaunchFormat, type LaunchSite, type PartWriter } from './site.js';
import type { TextMap } from './text-map.js';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash']);

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Index of the script argument of `sh -c SCRIPT` (also -lc, -ec, -euxc ...), if argv is one. */
export function shellScriptIndex(values: readonly string[]): number | undefined {
  for (let i = 0; i < values.length; i++) {
    if (!SHELLS.has(basename(values[i]))) continue;
    for (let j = i + 1; j < values.length && values[j].startsWith('-'); j++) {
      if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(values[j])) return j + 1 < values.length ? j + 1 : undefined;
    }
  }
  return undefined;
}

export function lineNumberAt(source: string, offset: number): number {
  let n = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) n++;
  return n;
}

export interface SiteContext {
  format: LaunchFormat;
  source: string;
  /** Describes a command's location (e.g. "CMD", "services.vllm.command"); default "line N". */
  where?: string;
}

/** Engine commands in shell text (a script, a RUN line, an `sh -c` argument). */
export function shellSites(map: TextMap, ctx: SiteContext): LaunchSite[] {
  const sites: LaunchSite[] = [];
  for (const command of splitCommands(map.text)) {
    const found = engineCommandOf(command);
    const start = map.startOf(command.start);
    const end = map.endOf(command.end - 1);
    const where = ctx.where ?? `line ${lineNumberAt(ctx.source, start)}`;
    if (found) {
      const skip = command.words.indexOf(found.words[0]);
      sites.push({
        engine: found.engine,
        format: ctx.format,
        argv: found.argv,
        implied: found.implied,
        tokens: found.words.map((w) => w.value),
        start,
        end,
        where,
        writer: CompositeWriter.of([new ShellPartWriter(map, command.words)], skip < 0 ? command.words.length : skip),
      });
      continue;
    }
    const script = shellScriptIndex(command.words.map((w) => w.value));
    if (script === undefined) continue;
    const word = command.words[script];
    const inner = quotedWordMap(map, word.start, word.end);
    if (inner) sites.push(...shellSites(inner, { ...ctx, where: ctx.where }));
  }
  return sites;
}

/** One part of an argv spread over several places (a list, or a compose string). */
export interface ArgvPart {
  writer: PartWriter;
  values: string[];
  /** Per token, the decoded text map of its content (for `sh -c` scripts), when known. */
  maps: (TextMap | undefined)[];
  start: number;
  end: number;
}

export interface ImpliedEntrypoint {
  engine: LaunchEngine;
  argv: string[];
}

/** Sites of an argv made of parts: an engine named in it, an `sh -c` script, or an image's entrypoint. */
export function argvSites(parts: readonly ArgvPart[], ctx: SiteContext & { where: string }, implied?: ImpliedEntrypoint): LaunchSite[] {
  const values = parts.flatMap((p) => p.values);
  const maps = parts.flatMap((p) => p.maps);
  if (values.length === 0 && !implied) return [];
  const start = Math.min(...parts.map((p) => p.start));
  const end = Math.max(...parts.map((p) => p.end));
  const writers = parts.map((p) => p.writer);
  const found = detectEngine(values);
  if (found) {
    const tokens = values.slice(found.index);
    return [{ engine: found.engine, format: ctx.format, argv: [...found.implied, ...tokens], implied: found.implied, tokens, start, end, where: ctx.where, writer: CompositeWriter.of(writers, found.index) }];
  }
  const script = shellScriptIndex(values);
  if (script !== undefined) {
    const map = maps[script];
    return map ? shellSites(map, ctx) : [];
  }
  if (implied) return [{ engine: implied.engine, format: ctx.format, argv: [...implied.argv, ...values], implied: implied.argv, tokens: values, start, end, where: ctx.where, writer: CompositeWriter.of(writers) }];
  return [];
}
