// Rewrites the items of an argv list in place: a Dockerfile exec form (JSON array), a YAML flow
// sequence (`args: ["--a", "1"]`) or a YAML block sequence (`- --a`). Items keep their quoting; a
// removed item takes its separator (or, in a block sequence, its line) with it; new items follow the
// list's layout — same line, one per line, or pairs per line — and its quoting.

import { parse as parseYaml } from 'yaml';
import type { PartWriter } from './site.js';
import type { TextEdit } from './text-map.js';

export type ItemStyle = 'json' | 'plain' | 'single' | 'double';

export interface ListItem {
  value: string;
  /** Source range of the item as written (quotes included). */
  start: number;
  end: number;
  style: ItemStyle;
}

export interface ListPart {
  kind: 'json' | 'flow' | 'block';
  items: ListItem[];
  /** The whole file's text. */
  source: string;
  /** Where the first item goes when the list is empty (after `[`). */
  emptyInsert?: number;
  /** What separates lines inside the list: "\n", or " \\\n" inside a Dockerfile instruction. */
  lineBreak: string;
}

/** Whether YAML reads `value` unquoted as the same string (not a number, bool, null or syntax). */
function plainYamlString(value: string, inFlow: boolean): boolean {
  if (!/^[A-Za-z0-9_./~-][^\s#]*$/.test(value) || /: |:$/.test(value)) return false;
  if (inFlow && /[,[\]{}]/.test(value)) return false;
  if (/^-[\s]/.test(value) || value === '-') return false;
  try {
    return parseYaml(value) === value;
  } catch {
    return false;
  }
}

/** Whether YAML reads `value` unquoted as something other than a string (e.g. 256, true). */
function plainYamlNonString(value: string): boolean {
  try {
    const parsed: unknown = parseYaml(value);
    return typeof parsed === 'number' || typeof parsed === 'boolean';
  } catch {
    return false;
  }
}

function encodeItem(value: string, style: ItemStyle, inFlow: boolean, wasNonString = false): string {
  switch (style) {
    case 'json':
    case 'double':
      return JSON.stringify(value);
    case 'single':
      return `'${value.replace(/'/g, "''")}'`;
    case 'plain':
      // An unquoted number stays unquoted (it was one before); anything else unquoted must read back as the same string.
      if (wasNonString && plainYamlNonString(value)) return value;
      return plainYamlString(value, inFlow) ? value : JSON.stringify(value);
  }
}

export class ListPartWriter implements PartWriter {
  constructor(private readonly part: ListPart) {}

  get size(): number {
    return this.part.items.length;
  }

  private get inFlow(): boolean {
    return this.part.kind !== 'block';
  }

  /**
   * The style a new item gets: that of the list's items of its kind (flags or values; the most common,
   * the latest on a tie), quoted when it could not be read back unquoted; JSON in exec forms.
   */
  private styleFor(value: string): ItemStyle {
    if (this.part.kind === 'json') return 'json';
    const items = this.part.items;
    const isFlag = (v: string) => v.startsWith('-');
    const mostCommon = (pool: readonly ListItem[]): ItemStyle | undefined => {
      const counts = new Map<ItemStyle, number>();
      let best: ItemStyle | undefined;
      for (const i of pool) {
        const n = (counts.get(i.style) ?? 0) + 1;
        counts.set(i.style, n);
        if (best === undefined || n >= (counts.get(best) ?? 0)) best = i.style;
      }
      return best;
    };
    const style = mostCommon(items.filter((i) => isFlag(i.value) === isFlag(value))) ?? mostCommon(items) ?? 'plain';
    if (style === 'plain' && !plainYamlString(value, this.inFlow)) return mostCommon(items.filter((i) => i.style !== 'plain')) ?? 'double';
    return style;
  }

  private lineStart(at: number): number {
    return this.part.source.lastIndexOf('\n', at - 1) + 1;
  }

  private lineOf(at: number): number {
    let n = 0;
    for (let i = this.part.source.indexOf('\n'); i >= 0 && i < at; i = this.part.source.indexOf('\n', i + 1)) n++;
    return n;
  }

  private indentAt(at: number): string {
    return /^[ \t]*/.exec(this.part.source.slice(this.lineStart(at)))?.[0] ?? '';
  }

  replaceToken(index: number, value: string): TextEdit[] {
    const item = this.part.items[index];
    const text = encodeItem(value, item.style, this.inFlow, item.style === 'plain' && plainYamlNonString(item.value));
    return [{ offset: item.start, length: item.end - item.start, text }];
  }

  replaceInlineValue(index: number, name: string, value: string): TextEdit[] {
    return this.replaceToken(index, `${name}=${value}`);
  }

  removeTokens(from: number, to: number): TextEdit[] {
    const items = this.part.items;
    const first = items[from];
    const last = items[to - 1];
    if (this.part.kind === 'block') {
      const src = this.part.source;
      const start = this.lineStart(first.start);
      const eol = src.indexOf('\n', last.end);
      const end = eol < 0 ? src.length : eol + 1;
      return [{ offset: start, length: end - start, text: '' }];
    }
    if (from > 0) return [{ offset: items[from - 1].end, length: last.end - items[from - 1].end, text: '' }];
    if (to < items.length) return [{ offset: first.start, length: items[to].start - first.start, text: '' }];
    return [{ offset: first.start, length: last.end - first.start, text: '' }];
  }

  replaceTokens(from: number, to: number, values: readonly string[]): TextEdit[] {
    const items = this.part.items;
    const style = items[from].style;
    const encoded = values.map((v) => encodeItem(v, style === 'plain' ? this.styleFor(v) : style, this.inFlow));
    const sep = this.part.kind === 'block' ? `\n${this.part.source.slice(this.lineStart(items[from].start), items[from].start)}` : ', ';
    return [{ offset: items[from].start, length: items[to - 1].end - items[from].start, text: encoded.join(sep) }];
  }

  append(groups: readonly (readonly string[])[]): TextEdit[] {
    if (groups.length === 0) return [];
    const encodedGroups = groups.map((g) => g.map((v) => encodeItem(v, this.styleFor(v), this.inFlow)));
    const items = this.part.items;
    const src = this.part.source;
    if (items.length === 0) {
      if (this.part.emptyInsert === undefined) return [];
      return [{ offset: this.part.emptyInsert, length: 0, text: encodedGroups.flat().join(', ') }];
    }
    const last = items[items.length - 1];
    if (this.part.kind === 'block') {
      const prefix = src.slice(this.lineStart(last.start), last.start);
      const dash = /^[ \t]*-[ \t]+/.test(prefix) ? prefix : `${this.indentAt(last.start)}- `;
      const eol = src.indexOf('\n', last.end);
      const lines = encodedGroups.flat().map((v) => `${dash}${v}`);
      if (eol < 0) return [{ offset: src.length, length: 0, text: `\n${lines.join('\n')}` }];
      return [{ offset: eol + 1, length: 0, text: `${lines.join('\n')}\n` }];
    }
    const spread = this.lineOf(items[0].start) !== this.lineOf(last.start);
    if (!spread) return [{ offset: last.end, length: 0, text: encodedGroups.map((g) => `, ${g.join(', ')}`).join('') }];
    // One item per line, or flag-and-value pairs per line, as the list already does.
    const prev = items[items.length - 2];
    const pairs = prev !== undefined && this.lineOf(prev.start) === this.lineOf(last.start);
    const indent = this.indentAt(last.start);
    const lines = pairs ? encodedGroups.map((g) => g.join(', ')) : encodedGroups.flat();
    return [{ offset: last.end, length: 0, text: lines.map((l) => `,${this.part.lineBreak}${indent}${l}`).join('') }];
  }
}
