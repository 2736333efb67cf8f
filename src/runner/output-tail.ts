// The last lines an engine printed, kept in memory while it runs: the failure classifier reads them,
// and one of them becomes the one-line reason of an infeasible trial. The full output is in the log.

// Colour codes of engines that log to a terminal-aware logger (ESC [ ... letter).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`, 'g');
/** Lines the runner itself writes into the log; never an engine's reason. */
export const RUNNER_PREFIX = '[scoot] ';

/** A line longer than this is kept as its first part and an ellipsis: a reason quotes 240 characters. */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Linear in the output and bounded in memory: each chunk is scanned once (never the growing line
 * again), a line keeps at most MAX_LINE_CHARS, and only the last `maxLines` lines are kept.
 */
export class OutputTail {
  private complete: string[] = [];
  private parts: string[] = [];
  private partialChars = 0;
  private partialDropped = false;
  /** A chunk ended in "\r": a "\n" starting the next one belongs to the same line break. */
  private afterCr = false;
  private lastNonBlank: string | undefined;

  constructor(private readonly maxLines = 200) {}

  push(chunk: string): void {
    let start = 0;
    if (this.afterCr && chunk.startsWith('\n')) start = 1;
    this.afterCr = false;
    const breaks = /\r\n|\r|\n/g;
    breaks.lastIndex = start;
    for (let m = breaks.exec(chunk); m !== null; m = breaks.exec(chunk)) {
      this.appendPartial(chunk, start, m.index);
      this.endLine();
      start = m.index + m[0].length;
      if (m[0] === '\r' && start === chunk.length) this.afterCr = true;
    }
    this.appendPartial(chunk, start, chunk.length);
  }

  /** The last `n` lines, the unfinished one included. */
  lines(n = this.maxLines): string[] {
    const partial = this.partialLine();
    const all = partial === undefined ? this.complete : [...this.complete, partial];
    return all.slice(-Math.min(n, this.maxLines));
  }

  text(n = this.maxLines): string {
    return this.lines(n).join('\n');
  }

  /** The last line with something on it (of all output, not only the lines kept), or undefined. */
  lastLine(): string | undefined {
    const partial = this.partialLine();
    if (partial !== undefined && partial.trim() !== '') return partial.trim();
    return this.lastNonBlank;
  }

  private appendPartial(chunk: string, from: number, to: number): void {
    if (to <= from) return;
    const room = MAX_LINE_CHARS - this.partialChars;
    if (room <= 0) {
      this.partialDropped = true;
      return;
    }
    const end = Math.min(to, from + room);
    this.parts.push(chunk.slice(from, end));
    this.partialChars += end - from;
    if (end < to) this.partialDropped = true;
  }

  private partialLine(): string | undefined {
    if (this.parts.length === 0) return undefined;
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return clean(this.parts[0], this.partialDropped);
  }

  private endLine(): void {
    const line = clean(this.parts.join(''), this.partialDropped);
    this.parts = [];
    this.partialChars = 0;
    this.partialDropped = false;
    this.complete.push(line);
    if (line.trim() !== '') this.lastNonBlank = line.trim();
    // Trimmed in batches, so a stream of short lines costs O(1) per line.
    if (this.complete.length >= 2 * this.maxLines) this.complete = this.complete.slice(-this.maxLines);
  }
}

function clean(line: string, clipped: boolean): string {
  const text = line.replace(ANSI, '');
  return clipped ? `${text}…` : text;
}

/** The lines the engine wrote, without the runner's notes (which quote its command line). */
export function engineLines(lines: readonly string[]): string[] {
  return lines.filter((l) => !l.startsWith(RUNNER_PREFIX));
}

/** The last non-blank line that is the engine's own (not a runner note), clipped to one readable line. */
export function lastMeaningfulLine(lines: readonly string[], maxLength = 240): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith(RUNNER_PREFIX.trim())) continue;
    return clipLine(line, maxLength);
  }
  return undefined;
}

export function clipLine(line: string, maxLength = 240): string {
  const one = line.replace(/\s+/g, ' ').trim();
  return one.length > maxLength ? `${one.slice(0, maxLength - 1)}…` : one;
}
