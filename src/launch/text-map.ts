// Text as a parser sees it, mapped back to where each character sits in the file. A shell command can
// live inside a JSON string (Dockerfile exec form), a YAML scalar (Kubernetes `args: [...]`, a `|`
// block) or a Dockerfile instruction whose comment lines Docker drops; the patcher edits the decoded
// text and this map turns those edits into edits of the file, encoding inserted text for its host
// (escaping quotes, re-indenting new lines).

export interface TextEdit {
  /** Source offset and length of the replaced text, and what replaces it. */
  offset: number;
  length: number;
  text: string;
}

export interface TextMap {
  /** The decoded text. */
  readonly text: string;
  /** Source offset where decoded character i starts. */
  startOf(i: number): number;
  /** Source offset just after decoded character i. */
  endOf(i: number): number;
  /** Source offset for a position before decoded character 0 (an empty text's insertion point). */
  readonly origin: number;
  /** Decoded text to source text (quotes escaped, new lines indented). */
  encode(decoded: string): string;
  /** Whether inserted text may contain line breaks (a shell file or a literal block; not a quoted string). */
  readonly multiline: boolean;
}

/** An edit of the decoded text (replace [start, end) by text) as an edit of the source. */
export function toSourceEdit(map: TextMap, start: number, end: number, text: string): TextEdit {
  const from = start < end ? map.startOf(start) : start > 0 ? map.endOf(start - 1) : map.origin;
  const to = start < end ? map.endOf(end - 1) : from;
  return { offset: from, length: to - from, text: map.encode(text) };
}

/** A slice of the file taken as it is. */
export function identityMap(source: string, from = 0, to = source.length): TextMap {
  return {
    text: source.slice(from, to),
    startOf: (i) => from + i,
    endOf: (i) => from + i + 1,
    origin: from,
    encode: (s) => s,
    multiline: true,
  };
}

/** A decoded text built character by character, each with its source span. */
export class TextMapBuilder {
  private chars: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];

  constructor(private readonly origin: number) {}

  push(char: string, start: number, end: number): void {
    this.chars.push(char);
    this.starts.push(start);
    this.ends.push(end);
  }

  /** Appends source[from, to) verbatim. */
  pushSource(source: string, from: number, to: number): void {
    for (let i = from; i < to; i++) this.push(source[i], i, i + 1);
  }

  build(encode: (s: string) => string, multiline: boolean): TextMap {
    const { chars, starts, ends, origin } = this;
    return {
      text: chars.join(''),
      startOf: (i) => starts[i] ?? ends[ends.length - 1] ?? origin,
      endOf: (i) => ends[i] ?? ends[ends.length - 1] ?? origin,
      origin,
      encode,
      multiline,
    };
  }
}

/** Applies non-overlapping edits to a text (used by the CLI and tests; the extension uses a WorkspaceEdit). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // Later edits first; among edits at one offset the later-listed goes first, so listed order is kept.
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.offset - a.e.offset || b.i - a.i).map((x) => x.e);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.offset + e.length > limit) throw new Error(`overlapping edits at offset ${e.offset}`);
    out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
    limit = e.offset;
  }
  return out;
}
