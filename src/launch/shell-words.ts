// A shell-command tokenizer that remembers where every word came from, so a launch script can be
// read (the engine's argv) and later patched in place without disturbing quoting, comments or line
// continuations. It covers what launch scripts use: quotes, backslash escapes and continuations,
// comments, redirections (`> log 2>&1`, here-documents), `$(...)`/`${...}`/backticks kept inside a
// word, subshell parentheses and the separators ; & && || | and newlines. Expansions stay literal.

export interface Word {
  /** The word after quote removal. */
  value: string;
  /** Offsets of the word as written (quotes included) in the source text. */
  start: number;
  end: number;
  /** Whether any part was quoted or escaped (a patch must keep such a value quoted). */
  quoted: boolean;
}

export interface ShellCommand {
  words: Word[];
  start: number;
  end: number;
}

const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')']);
const BLANKS = new Set([' ', '\t', '\r']);
const REDIRECT_AT = /^(\d*)(&>>|&>|>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)/;

interface HereDoc {
  delimiter: string;
  stripTabs: boolean;
}

/** Splits text into simple commands (word lists). Unterminated quotes end at the end of the text. */
export function splitCommands(text: string, from = 0, to = text.length): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  let hereDocs: HereDoc[] = [];
  const flush = () => {
    if (words.length > 0) commands.push({ words, start: words[0].start, end: words[words.length - 1].end });
    words = [];
  };
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (BLANKS.has(c)) {
      i++;
      continue;
    }
    const redirect = readRedirect(text, i, to);
    if (redirect) {
      if (redirect.hereDoc) hereDocs.push(redirect.hereDoc);
      i = redirect.end;
      continue;
    }
    if (SEPARATORS.has(c)) {
      flush();
      i++;
      if (c === '\n' && hereDocs.length > 0) {
        i = skipHereDocs(text, i, to, hereDocs);
        hereDocs = [];
      }
      continue;
    }
    if (c === '#' && atWordBoundary(text, i, from)) {
      while (i < to && text[i] !== '\n') i++;
      continue;
    }
    const word = readWord(text, i, to);
    words.push(word);
    i = word.end;
  }
  flush();
  return commands;
}

/** `#` starts a comment only at the start of a word. */
function atWordBoundary(text: string, i: number, from: number): boolean {
  return i === from || BLANKS.has(text[i - 1]) || SEPARATORS.has(text[i - 1]) || text[i - 1] === '\n';
}

/** A redirection operator and its target at i, skipped as a whole (it is not part of argv). */
function readRedirect(text: string, i: number, to: number): { end: number; hereDoc?: HereDoc } | undefined {
  const c = text[i];
  if (!(c === '<' || c === '>' || (c === '&' && text[i + 1] === '>') || (c >= '0' && c <= '9'))) return undefined;
  const m = REDIRECT_AT.exec(text.slice(i, Math.min(to, i + 12)));
  if (!m) return undefined;
  let j = i + m[0].length;
  while (j < to && BLANKS.has(text[j])) j++;
  if (j >= to || SEPARATORS.has(text[j])) return { end: j };
  const target = readWord(text, j, to);
  const op = m[2];
  if (op === '<<' || op === '<<-') return { end: target.end, hereDoc: { delimiter: target.value, stripTabs: op === '<<-' } };
  return { end: target.end };
}

/** Skips here-document bodies that start at `i` (the line after their redirection). */
function skipHereDocs(text: string, i: number, to: number, docs: readonly HereDoc[]): number {
  let pos = i;
  for (const doc of docs) {
    while (pos < to) {
      const eol = text.indexOf('\n', pos);
      const lineEnd = eol < 0 || eol > to ? to : eol;
      let line = text.slice(pos, lineEnd).replace(/\r$/, '');
      if (doc.stripTabs) line = line.replace(/^\t+/, '');
      pos = lineEnd + 1;
      if (line === doc.delimiter) break;
    }
  }
  return Math.min(pos, to);
}

/** The end of a balanced `$(...)`, `${...}` or backtick span starting at i (its opening char). */
function skipExpansion(text: string, i: number, to: number): number {
  if (text[i] === '`') {
    let j = i + 1;
    while (j < to && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, to);
  }
  const open = text[i + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  let j = i + 1;
  while (j < to) {
    const ch = text[j];
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === "'" && open === '(') {
      const q = text.indexOf("'", j + 1);
      j = q < 0 || q >= to ? to : q + 1;
      continue;
    }
    if (ch === open) depth++;
    else if (ch === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return to;
}

function readWord(text: string, start: number, to: number): Word {
  let value = '';
  let quoted = false;
  let i = start;
  while (i < to) {
    const c = text[i];
    if (BLANKS.has(c) || SEPARATORS.has(c)) break;
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      quoted = true;
      if (i + 1 < to) value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const end = skipExpansion(text, i, to);
      value += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '`') {
      const end = skipExpansion(text, i, to);
      value += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const end = close < 0 || close >= to ? to : close;
      value += text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < to && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < to && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') value += text[i + 1];
          i += 2;
          continue;
        }
        if (text[i] === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
          const end = skipExpansion(text, i, to);
          value += text.slice(i, end);
          i = end;
          continue;
        }
        value += text[i++];
      }
      i++;
      continue;
    }
    value += c;
    i++;
  }
  return { value, start, end: Math.min(i, to), quoted };
}

/** Quotes a value for a POSIX shell only when it needs it. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Quotes a value in double quotes (escaping what a shell expands inside them). */
export function shellDoubleQuote(value: string): string {
  return `"${value.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
}
