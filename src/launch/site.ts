// A launch site: one engine command found in a launch file, as the patcher needs it — its argv, and
// for every token of it a way to rewrite, remove or add tokens in the file's own syntax. A site is made
// of parts (a shell command; a JSON/YAML list such as Kubernetes `command:` + `args:`); edits to a token
// go to the part that holds it, new flags go to the last part.

import type { LaunchEngine } from './engine-command.js';
import type { TextEdit } from './text-map.js';

export type LaunchFormat = 'shell' | 'dockerfile' | 'compose' | 'kubernetes';

/** Rewrites the tokens of one part; indices are local to the part. */
export interface PartWriter {
  readonly size: number;
  replaceToken(index: number, value: string): TextEdit[];
  /** `--name=value` in one token: the value after `=` becomes `value`. */
  replaceInlineValue(index: number, name: string, value: string): TextEdit[];
  removeTokens(from: number, to: number): TextEdit[];
  replaceTokens(from: number, to: number, values: readonly string[]): TextEdit[];
  /** New flag groups (e.g. ["--max-num-seqs", "512"]) after the last token. */
  append(groups: readonly (readonly string[])[]): TextEdit[];
}

export interface LaunchSite {
  engine: LaunchEngine;
  format: LaunchFormat;
  /** The argv the engine runs: implied entrypoint + tokens. */
  argv: string[];
  /** Leading argv not in the file (a container image's entrypoint). */
  implied: string[];
  /** The tokens in the file, from the engine's executable (or first argument, when implied) on. */
  tokens: string[];
  /** Source range of the command, for code lenses. */
  start: number;
  end: number;
  /** Where the command is, for people: "line 12", "services.vllm.command", "CMD". */
  where: string;
  writer: PartWriter;
}

/** One writer over several parts, in order; tokens are numbered across them. */
export class CompositeWriter implements PartWriter {
  constructor(private readonly parts: readonly { writer: PartWriter; offset: number }[]) {}

  static of(writers: readonly PartWriter[], skip = 0): CompositeWriter {
    // `skip` leading tokens (wrappers before the engine) are not part of the site.
    let offset = -skip;
    return new CompositeWriter(
      writers.map((writer) => {
        const part = { writer, offset };
        offset += writer.size;
        return part;
      }),
    );
  }

  get size(): number {
    const last = this.parts[this.parts.length - 1];
    return last ? last.offset + last.writer.size : 0;
  }

  private locate(index: number): { writer: PartWriter; local: number } {
    for (const p of this.parts) if (index >= p.offset && index < p.offset + p.writer.size) return { writer: p.writer, local: index - p.offset };
    throw new RangeError(`token ${index} is outside the command`);
  }

  replaceToken(index: number, value: string): TextEdit[] {
    const { writer, local } = this.locate(index);
    return writer.replaceToken(local, value);
  }

  replaceInlineValue(index: number, name: string, value: string): TextEdit[] {
    const { writer, local } = this.locate(index);
    return writer.replaceInlineValue(local, name, value);
  }

  /** Per part, the contiguous run of [from, to) it holds. */
  private runs(from: number, to: number): { writer: PartWriter; from: number; to: number }[] {
    return this.parts.flatMap((p) => {
      const a = Math.max(from, p.offset);
      const b = Math.min(to, p.offset + p.writer.size);
      return a < b ? [{ writer: p.writer, from: a - p.offset, to: b - p.offset }] : [];
    });
  }

  removeTokens(from: number, to: number): TextEdit[] {
    return this.runs(from, to).flatMap((r) => r.writer.removeTokens(r.from, r.to));
  }

  replaceTokens(from: number, to: number, values: readonly string[]): TextEdit[] {
    const runs = this.runs(from, to);
    if (runs.length === 0) return [];
    const [first, ...rest] = runs;
    return [...first.writer.replaceTokens(first.from, first.to, values), ...rest.flatMap((r) => r.writer.removeTokens(r.from, r.to))];
  }

  append(groups: readonly (readonly string[])[]): TextEdit[] {
    const last = [...this.parts].reverse().find((p) => p.writer.size > 0) ?? this.parts[this.parts.length - 1];
    return last ? last.writer.append(groups) : [];
  }
}
