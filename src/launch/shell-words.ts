// A shell-command tokenizer that remembers where every word came from, so a launch script can be
// read (the engine's argv) and later patched in place without disturbing quoting, comments or line
// continuations. It covers what launch scripts use: quotes, backslash escapes and continuations,
// comments, and the separators ; & && || | and newlines. Expansions ($VAR, $(...)) stay literal.

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

const SEPARATORS = new Set([';', '&', '|', '\n']);

/** Splits text into simple commands (word lists). Unterminated quotes end at the end of the text. */
export function splitCommands(text: string, from = 0, to = text.length): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
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
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (SEPARATORS.has(c)) {
      flush();
      i++;
      continue;
    }
    if (c === '#') {
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

function readWord(text: string, start: number, to: number): Word {
  let value = '';
  let quoted = false;
  let i = start;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || SEPARATORS.has(c)) break;
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
