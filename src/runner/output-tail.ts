// The last lines an engine printed, kept in memory while it runs: the failure classifier reads them,
// and one of them becomes the one-line reason of an infeasible trial. The full output is in the log.

// Colour codes of engines that log to a terminal-aware logger (ESC [ ... letter).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`, 'g');
/** Lines the runner itself writes into the log; never an engine's reason. */
export const RUNNER_PREFIX = '[scoot] ';

export class OutputTail {
  private readonly complete: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 200) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n|\r/);
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.complete.push(p.replace(ANSI, ''));
    if (this.complete.length > this.maxLines) this.complete.splice(0, this.complete.length - this.maxLines);
  }

  /** The last `n` lines, the unfinished one included. */
  lines(n = this.maxLines): string[] {
    const all = this.partial === '' ? this.complete : [...this.complete, this.partial.replace(ANSI, '')];
    return all.slice(-n);
  }

  text(n = this.maxLines): string {
    return this.lines(n).join('\n');
  }

  /** The last line with something on it, or undefined. */
  lastLine(): string | undefined {
    const lines = this.lines();
    for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return lines[i].trim();
    return undefined;
  }
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
