// Rewrites the words of a shell command in place: a value keeps its quoting (and a `${VAR:-default}`
// keeps its variable: only the default changes), a removed flag takes its own line with it when it had
// one, and new flags follow the command's layout — a new continuation line with the same indentation
// when the command is already spread over lines, the same line otherwise.

import { shellDoubleQuote, shellQuote, type Word } from './shell-words.js';
import type { PartWriter } from './site.js';
import { toSourceEdit, type TextEdit, type TextMap } from './text-map.js';

const ENV_DEFAULT = /^(")?\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-=])([^}]*)\}\1$/;

/** A new value written the way the old one was. */
export function requote(raw: string, value: string): string {
  const env = ENV_DEFAULT.exec(raw);
  if (env && !/[}\s"'$`\\]/.test(value)) {
    const q = env[1] ?? '';
    return `${q}\${${env[2]}${env[3]}${value}}${q}`;
  }
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return shellDoubleQuote(value);
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) return `'${value.replace(/'/g, `'\\''`)}'`;
  return shellQuote(value);
}

/** What a token means as a value: `${VAR:-default}` stands for its default. */
export function effectiveValue(token: string): string {
  const env = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^}]*)\}$/.exec(token);
  return env ? env[1] : token;
}

/**
 * 'shell': a shell command (lines joined by backslash continuations).
 * 'words': a docker-compose string, split on whitespace without a shell: a line break needs no backslash.
 */
export type ShellLayout = 'shell' | 'words';

export class ShellPartWriter implements PartWriter {
  constructor(
    private readonly map: TextMap,
    private readonly words: readonly Word[],
    private readonly layout: ShellLayout = 'shell',
    /** The file's text (for 'words', whose line structure is the file's, not the decoded text's). */
    private readonly source = '',
  ) {}

  get size(): number {
    return this.words.length;
  }

  private raw(w: Word): string {
    return this.map.text.slice(w.start, w.end);
  }

  private edit(start: number, end: number, text: string): TextEdit[] {
    return [toSourceEdit(this.map, start, end, text)];
  }

  private breakBetween(a: number, b: number): boolean {
    return this.map.text.slice(a, b).includes('\n');
  }

  private lineStart(at: number): number {
    return this.map.text.lastIndexOf('\n', at - 1) + 1;
  }

  replaceToken(index: number, value: string): TextEdit[] {
    const w = this.words[index];
    return this.edit(w.start, w.end, requote(this.raw(w), value));
  }

  replaceInlineValue(index: number, name: string, value: string): TextEdit[] {
    const w = this.words[index];
    const raw = this.raw(w);
    const prefix = `${name}=`;
    if (raw.startsWith(prefix)) return this.edit(w.start + prefix.length, w.end, requote(raw.slice(prefix.length), value));
    return this.edit(w.start, w.end, requote(raw, `${name}=${value}`));
  }

  removeTokens(from: number, to: number): TextEdit[] {
    if (this.layout === 'words') {
      const lines = this.ownSourceLines(from, to);
      if (lines) return [{ offset: lines.start, length: lines.end - lines.start, text: '' }];
    }
    const first = this.words[from];
    const last = this.words[to - 1];
    const prev = this.words[from - 1];
    const next = this.words[to];
    if (next && !this.breakBetween(last.end, next.start)) return this.edit(first.start, next.start, '');
    if (prev && !this.breakBetween(prev.end, first.start)) return this.edit(prev.end, last.end, '');
    // The tokens have their line(s) to themselves: the lines go.
    if (next) return this.edit(this.lineStart(first.start), this.lineStart(next.start), '');
    if (prev) return this.edit(prev.end, last.end, '');
    return this.edit(first.start, last.end, '');
  }

  replaceTokens(from: number, to: number, values: readonly string[]): TextEdit[] {
    return this.edit(this.words[from].start, this.words[to - 1].end, values.map(shellQuote).join(' '));
  }

  /** For 'words': the source lines of tokens [from, to) when nothing else is on them. */
  private ownSourceLines(from: number, to: number): { start: number; end: number } | undefined {
    const src = this.source;
    const start = this.map.startOf(this.words[from].start);
    const end = this.map.endOf(this.words[to - 1].end - 1);
    const lineStart = src.lastIndexOf('\n', start - 1) + 1;
    const eol = src.indexOf('\n', end);
    const lineEnd = eol < 0 ? src.length : eol;
    const prev = this.words[from - 1];
    const next = this.words[to];
    if (!/^[ \t]*$/.test(src.slice(lineStart, start)) || !/^[ \t]*$/.test(src.slice(end, lineEnd))) return undefined;
    if (!prev || !next) return undefined;
    return { start: lineStart, end: eol < 0 ? lineEnd : eol + 1 };
  }

  append(groups: readonly (readonly string[])[]): TextEdit[] {
    if (groups.length === 0 || this.words.length === 0) return [];
    const first = this.words[0];
    const last = this.words[this.words.length - 1];
    if (this.layout === 'words') return this.appendWords(groups);
    const spread = this.map.multiline && this.breakBetween(first.start, last.end);
    const rendered = groups.map((g) => g.map(shellQuote).join(' '));
    if (!spread) return this.edit(last.end, last.end, rendered.map((g) => ` ${g}`).join(''));
    const indent = /^[ \t]*/.exec(this.map.text.slice(this.lineStart(last.start)))?.[0] ?? '';
    return this.edit(last.end, last.end, rendered.map((g) => ` \\\n${indent}${g}`).join(''));
  }

  /** A compose string spread over lines gets each new flag on a line of its own, indented alike. */
  private appendWords(groups: readonly (readonly string[])[]): TextEdit[] {
    const src = this.source;
    const firstAt = this.map.startOf(this.words[0].start);
    const last = this.words[this.words.length - 1];
    const lastAt = this.map.startOf(last.start);
    const endAt = this.map.endOf(last.end - 1);
    const rendered = groups.map((g) => g.map(shellQuote).join(' '));
    if (!src.slice(firstAt, endAt).includes('\n')) return this.edit(last.end, last.end, rendered.map((g) => ` ${g}`).join(''));
    const lineStart = src.lastIndexOf('\n', lastAt - 1) + 1;
    const indent = /^[ \t]*/.exec(src.slice(lineStart))?.[0] ?? '';
    return [{ offset: endAt, length: 0, text: rendered.map((g) => `\n${indent}${this.map.encode(g)}`).join('') }];
  }
}
