// Decoders from a host syntax to the text inside it, each keeping every character's source span
// (see text-map.ts): JSON strings, YAML scalars of every style, quoted shell words (`sh -c "..."`)
// and Dockerfile instructions without their comment lines or line continuations. Decoders take a
// parent map, so a shell script inside a JSON string inside a Dockerfile instruction maps all the
// way back to the file. A decoder that cannot account for its input returns undefined: such text is
// read but never patched.

import { TextMapBuilder, type TextMap } from './text-map.js';

/** Builds a child map over a parent: child characters are recorded by their parent-decoded range. */
class ChildBuilder {
  private readonly builder: TextMapBuilder;
  constructor(
    private readonly parent: TextMap,
    originInParent: number,
  ) {
    this.builder = new TextMapBuilder(originInParent > 0 ? parent.endOf(originInParent - 1) : parent.origin);
  }
  /** A child character made of parent characters [from, to). */
  push(char: string, from: number, to: number): void {
    const start = this.parent.startOf(from);
    const end = to > from ? this.parent.endOf(to - 1) : start;
    this.builder.push(char, start, end);
  }
  build(encode: (s: string) => string, multiline: boolean): TextMap {
    const parent = this.parent;
    return this.builder.build((s) => parent.encode(encode(s)), multiline && parent.multiline);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON strings

const JSON_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The content of the JSON string starting at parent-decoded offset `open` (its opening quote). */
export function jsonStringMap(parent: TextMap, open: number): { map: TextMap; end: number } | undefined {
  const t = parent.text;
  if (t[open] !== '"') return undefined;
  const b = new ChildBuilder(parent, open + 1);
  let i = open + 1;
  while (i < t.length && t[i] !== '"') {
    const c = t[i];
    if (c === '\n') return undefined;
    if (c !== '\\') {
      b.push(c, i, i + 1);
      i++;
      continue;
    }
    const e = t[i + 1];
    if (e === 'u') {
      const hex = t.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      b.push(String.fromCharCode(parseInt(hex, 16)), i, i + 6);
      i += 6;
      continue;
    }
    const decoded = e === undefined ? undefined : JSON_ESCAPES[e];
    if (decoded === undefined) return undefined;
    b.push(decoded, i, i + 2);
    i += 2;
  }
  if (t[i] !== '"') return undefined;
  return { map: b.build((s) => JSON.stringify(s).slice(1, -1), false), end: i + 1 };
}

// ---------------------------------------------------------------------------------------------
// Shell words used as scripts (`sh -c "vllm serve ..."`)

/** The content of a shell word that is one quoted span ('...' or "..."), for `sh -c` scripts. */
export function quotedWordMap(parent: TextMap, start: number, end: number): TextMap | undefined {
  const t = parent.text;
  const q = t[start];
  if ((q !== '"' && q !== "'") || end - start < 2 || t[end - 1] !== q) return undefined;
  const b = new ChildBuilder(parent, start + 1);
  if (q === "'") {
    for (let i = start + 1; i < end - 1; i++) {
      if (t[i] === "'") return undefined;
      b.push(t[i], i, i + 1);
    }
    return b.build((s) => s.replace(/'/g, `'\\''`), true);
  }
  let i = start + 1;
  while (i < end - 1) {
    const c = t[i];
    if (c === '"') return undefined;
    if (c === '\\' && '"\\$`\n'.includes(t[i + 1])) {
      if (t[i + 1] !== '\n') b.push(t[i + 1], i, i + 2);
      i += 2;
      continue;
    }
    b.push(c, i, i + 1);
    i++;
  }
  return b.build((s) => s.replace(/["\\$`]/g, (m) => `\\${m}`), true);
}

// ---------------------------------------------------------------------------------------------
// Dockerfile instructions

/**
 * An instruction's text from `from` to `to` without the comment lines and empty lines Docker drops
 * inside a continued instruction. Line continuations are kept (a shell reads them the same way).
 */
export function dockerInstructionMap(parent: TextMap, from: number, to: number): TextMap {
  const t = parent.text;
  const b = new ChildBuilder(parent, from);
  let i = from;
  let lineStart = true;
  while (i < to) {
    if (lineStart && i > from) {
      const eol = t.indexOf('\n', i);
      const lineEnd = eol < 0 || eol > to ? to : eol;
      const line = t.slice(i, lineEnd);
      if (/^\s*(#.*)?$/.test(line) && lineEnd < to) {
        i = lineEnd + 1;
        continue;
      }
    }
    b.push(t[i], i, i + 1);
    lineStart = t[i] === '\n';
    i++;
  }
  return b.build((s) => s, true);
}

/** Text with `\` + newline continuations removed (what Docker hands to its JSON parser). */
export function withoutContinuations(parent: TextMap, escape = '\\'): TextMap {
  const t = parent.text;
  const b = new ChildBuilder(parent, 0);
  let i = 0;
  while (i < t.length) {
    if (t[i] === escape) {
      const m = /^[ \t]*\r?\n/.exec(t.slice(i + 1, i + 80));
      if (m) {
        i += 1 + m[0].length;
        continue;
      }
    }
    b.push(t[i], i, i + 1);
    i++;
  }
  return b.build((s) => s, false);
}

// ---------------------------------------------------------------------------------------------
// YAML scalars

export type YamlScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

const YAML_DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/**
 * Flow scalar folding (plain, single- and double-quoted): a line break between text becomes a space,
 * each empty line a newline; trailing blanks before and leading blanks after a break are dropped.
 * Returns the index after the folded break.
 */
function foldBreak(t: string, i: number, end: number, b: { pushBreak(char: string, from: number, to: number): void; trimTrailingBlanks(): void }): number {
  b.trimTrailingBlanks();
  let j = i + 1;
  let empties = 0;
  for (;;) {
    let k = j;
    while (k < end && (t[k] === ' ' || t[k] === '\t')) k++;
    if (k < end && t[k] === '\n') {
      empties++;
      j = k + 1;
      continue;
    }
    j = k;
    break;
  }
  if (empties === 0) b.pushBreak(' ', i, i + 1);
  else for (let n = 0; n < empties; n++) b.pushBreak('\n', i, i + 1);
  return j;
}

class FlowBuilder {
  readonly chars: { c: string; from: number; to: number }[] = [];
  push(c: string, from: number, to: number): void {
    this.chars.push({ c, from, to });
  }
  pushBreak(c: string, from: number, to: number): void {
    this.chars.push({ c, from, to });
  }
  trimTrailingBlanks(): void {
    while (this.chars.length && (this.chars[this.chars.length - 1].c === ' ' || this.chars[this.chars.length - 1].c === '\t') && this.chars[this.chars.length - 1].to - this.chars[this.chars.length - 1].from === 1) this.chars.pop();
  }
}

function flowScalar(t: string, from: number, to: number, style: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'): FlowBuilder | undefined {
  const fb = new FlowBuilder();
  let i = from;
  while (i < to) {
    const c = t[i];
    if (c === '\r' && t[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n') {
      i = foldBreak(t, i, to, fb);
      continue;
    }
    if (style === 'QUOTE_SINGLE' && c === "'") {
      if (t[i + 1] !== "'") return undefined;
      fb.push("'", i, i + 2);
      i += 2;
      continue;
    }
    if (style === 'QUOTE_DOUBLE' && c === '\\') {
      const e = t[i + 1];
      if (e === '\n') {
        // An escaped line break joins the lines without a space; the next line's indentation goes.
        let j = i + 2;
        while (j < to && (t[j] === ' ' || t[j] === '\t')) j++;
        i = j;
        continue;
      }
      const lengths: Record<string, number> = { x: 2, u: 4, U: 8 };
      if (e in lengths) {
        const hex = t.slice(i + 2, i + 2 + lengths[e]);
        if (!new RegExp(`^[0-9a-fA-F]{${lengths[e]}}$`).test(hex)) return undefined;
        fb.push(String.fromCodePoint(parseInt(hex, 16)), i, i + 2 + lengths[e]);
        i += 2 + lengths[e];
        continue;
      }
      const decoded = YAML_DOUBLE_ESCAPES[e];
      if (decoded === undefined) return undefined;
      fb.push(decoded, i, i + 2);
      i += 2;
      continue;
    }
    fb.push(c, i, i + 1);
    i++;
  }
  return fb;
}

function yamlDoubleEncode(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/**
 * The decoded text of a YAML scalar whose source is t[start, end) (the node's range, quotes and block
 * header included), or undefined for anything this decoder does not model exactly.
 */
export function yamlScalarMap(parent: TextMap, start: number, end: number, style: YamlScalarStyle): TextMap | undefined {
  const t = parent.text;
  if (style === 'PLAIN' || style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE') {
    const quoted = style !== 'PLAIN';
    const from = quoted ? start + 1 : start;
    const to = quoted ? end - 1 : end;
    if (quoted && t[to] !== (style === 'QUOTE_DOUBLE' ? '"' : "'")) return undefined;
    const fb = flowScalar(t, from, to, style);
    if (!fb) return undefined;
    const b = new ChildBuilder(parent, from);
    for (const ch of fb.chars) b.push(ch.c, ch.from, ch.to);
    const encode = style === 'QUOTE_DOUBLE' ? yamlDoubleEncode : style === 'QUOTE_SINGLE' ? (s: string) => s.replace(/'/g, "''") : (s: string) => s;
    return b.build(encode, false);
  }
  return blockScalarMap(parent, start, end, style);
}

function blockScalarMap(parent: TextMap, start: number, end: number, style: 'BLOCK_LITERAL' | 'BLOCK_FOLDED'): TextMap | undefined {
  const t = parent.text;
  const headerEnd = t.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return undefined;
  const header = t.slice(start, headerEnd).replace(/\s+#.*$/, '').trim();
  const m = /^[|>]([1-9])?([+-])?([1-9])?$/.exec(header);
  if (!m) return undefined;
  const explicitIndent = m[1] ?? m[3];
  const chomp = m[2] ?? '';
  // Content lines.
  const lines: { from: number; to: number }[] = [];
  let p = headerEnd + 1;
  while (p < end) {
    const eol = t.indexOf('\n', p);
    const lineEnd = eol < 0 || eol > end ? end : eol;
    lines.push({ from: p, to: lineEnd });
    p = lineEnd + 1;
  }
  const firstText = lines.find((l) => t.slice(l.from, l.to).trim() !== '');
  if (!firstText) return undefined;
  const parentIndent = explicitIndent ? lineIndent(t, start) : 0;
  const indent = explicitIndent ? parentIndent + Number(explicitIndent) : /^ */.exec(t.slice(firstText.from, firstText.to))?.[0].length ?? 0;
  const b = new ChildBuilder(parent, headerEnd + 1);
  const content: { from: number; to: number; text: boolean }[] = lines.map((l) => {
    const from = Math.min(l.from + indent, l.to);
    return { from, to: l.to, text: t.slice(l.from, l.to).trim() !== '' };
  });
  // Trailing empty lines belong to chomping, not content.
  let last = content.length - 1;
  while (last >= 0 && !content[last].text) last--;
  for (let k = 0; k <= last; k++) {
    const line = content[k];
    if (!line.text) {
      const nl = lines[k].to;
      b.push('\n', nl, nl + 1);
      continue;
    }
    for (let i = line.from; i < line.to; i++) {
      if (t[i] === '\r' && i === line.to - 1) continue;
      b.push(t[i], i, i + 1);
    }
    const nl = line.to;
    if (k === last) break;
    const next = content[k + 1];
    const moreIndented = (l: { from: number; to: number }) => t[l.from] === ' ' || t[l.from] === '\t';
    if (style === 'BLOCK_FOLDED' && next.text && !moreIndented(line) && !moreIndented(next)) {
      b.push(' ', nl, nl + 1);
    } else if (!(style === 'BLOCK_FOLDED' && !next.text && !moreIndented(line))) {
      // (Folded: a break followed by empty lines is dropped; each empty line is a newline.)
      b.push('\n', nl, nl + 1);
    }
  }
  if (chomp !== '-') {
    const nl = lines[last].to;
    if (nl < t.length && t[nl] === '\n') b.push('\n', nl, nl + 1);
    if (chomp === '+') for (let k = last + 1; k < lines.length; k++) b.push('\n', lines[k].to, lines[k].to + 1);
  }
  const pad = ' '.repeat(indent);
  const encode = style === 'BLOCK_LITERAL' ? (s: string) => s.replace(/\n/g, `\n${pad}`) : (s: string) => s;
  return b.build(encode, style === 'BLOCK_LITERAL');
}

function lineIndent(t: string, at: number): number {
  const ls = t.lastIndexOf('\n', at - 1) + 1;
  return /^ */.exec(t.slice(ls))?.[0].length ?? 0;
}
