// A trial's log file, shared by local and remote evaluations. Capped: an engine that prints without end
// (a debug flag, a request logger at 100 req/s, one endless line) must not fill the disk over a
// 30-trial study. Past the cap the engine's output is no longer written, but the runner's own notes
// still are, and when the log closes it says how much was left out and ends with the output's last
// lines, where a crash explains itself.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { OutputTail, RUNNER_PREFIX } from './output-tail.js';
import { EvaluationSetupError } from './types.js';

/** Default cap of one trial's log (engine.maxLogMB). */
export const DEFAULT_LOG_LIMIT_BYTES = 64 * 1024 * 1024;
/** Lines of the left-out output repeated at the end of a truncated log. */
const LAST_LINES = 40;

export class TrialLog {
  private written = 0;
  private dropped = 0;
  private droppedTail: OutputTail | undefined;

  constructor(
    private readonly stream: WriteStream,
    readonly limitBytes: number,
  ) {}

  get writable(): boolean {
    return this.stream.writable;
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  /** The program's output: kept up to the cap. */
  write(text: string): void {
    if (!this.stream.writable || text === '') return;
    const bytes = Buffer.byteLength(text);
    if (this.dropped === 0 && this.written + bytes <= this.limitBytes) {
      this.written += bytes;
      this.stream.write(text);
      return;
    }
    if (this.dropped === 0) {
      this.stream.write(`\n${RUNNER_PREFIX}log truncated: the output passed the limit of ${formatMb(this.limitBytes)} (engine.maxLogMB); its last lines follow when the trial ends\n`);
    }
    this.dropped += bytes;
    (this.droppedTail ??= new OutputTail(LAST_LINES)).push(text);
  }

  /** A runner note ("[scoot] ..."): always written, cap or not. */
  note(text: string): void {
    if (this.stream.writable) this.stream.write(text);
  }

  /** Ends the log; a truncated one ends with how much was left out and the output's last lines. */
  end(): Promise<void> {
    if (this.droppedTail && this.stream.writable) {
      const last = this.droppedTail.lines(LAST_LINES).join('\n');
      this.stream.write(`\n${RUNNER_PREFIX}log truncated: ${formatMb(this.dropped)} of output not kept; the last ${LAST_LINES} lines were:\n${last}\n`);
      this.droppedTail = undefined;
    }
    return new Promise((resolve) => {
      if (this.stream.closed || this.stream.destroyed) return resolve();
      this.stream.end(() => resolve());
    });
  }
}

function formatMb(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toPrecision(3))} MB`;
}

/** Opens the trial log for appending before anything is launched: an unwritable log is a set-up error. */
export async function openTrialLog(path: string, limitBytes = DEFAULT_LOG_LIMIT_BYTES): Promise<TrialLog> {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw new EvaluationSetupError(`cannot create the log folder ${dirname(path)}: ${(e as Error).message}`);
  }
  const stream = createWriteStream(path, { flags: 'a' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e) => reject(new EvaluationSetupError(`cannot write the log ${path}: ${e.message}`)));
  });
  // A later write error (disk full) must not crash the study; the engine keeps its own output pipes.
  stream.on('error', () => undefined);
  return new TrialLog(stream, limitBytes);
}
