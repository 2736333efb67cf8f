// What a remote engine prints, as it arrives (an ssh session's stream, or a Slurm job's output file):
// the engine's own lines go to the trial's log, the live output hook and the tail the failure
// classifier reads; the engine script's marker lines (engine-script.ts) become events instead.

import type { ExitInfo } from '../exit-info.js';
import { OutputTail, RUNNER_PREFIX } from '../output-tail.js';
import { openTrialLog, type TrialLog } from '../trial-log.js';

export interface RemoteStart {
  /** The machine the script runs on. */
  host: string;
}

export interface RemoteLaunch {
  /** The engine's process group on that machine. */
  pgid: number;
  /** Environment values the engine was started with, as reported (e.g. CUDA_VISIBLE_DEVICES). */
  env: Record<string, string>;
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Parses `key=value key=value` (values without spaces). */
function fields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.trim().split(/\s+/)) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

export interface RemoteOutputOptions {
  /** The engine script's marker prefix. */
  marker: string;
  /** The trial's log (appended). */
  logPath: string;
  onOutput?(chunk: string): void;
  /** Lines that are transport noise, not the engine's (dropped everywhere). */
  ignoreLine?: RegExp;
  /** Cap of the log (engine.maxLogMB); default 64 MB. */
  logLimitBytes?: number;
}

/** A partial line longer than this is passed on without waiting for its end (it cannot be a marker line). */
const MAX_PENDING_CHARS = 64 * 1024;

export class RemoteOutput {
  readonly tail = new OutputTail();
  private readonly startEvent = deferred<RemoteStart>();
  private readonly portEvent = deferred<number>();
  private readonly launchEvent = deferred<RemoteLaunch>();
  private readonly exitEvent = deferred<ExitInfo>();
  private readonly fatalEvent = deferred<string>();
  private readonly log: TrialLog;
  /** Each stream's unfinished line, as the chunks that make it up (joined once, when it ends). */
  private readonly partial = { out: [] as string[], err: [] as string[] };
  private readonly partialChars = { out: 0, err: 0 };
  private startInfo: RemoteStart | undefined;
  private portValue: number | undefined;
  private launchInfo: RemoteLaunch | undefined;
  private exitInfo: ExitInfo | undefined;
  private fatalMessage: string | undefined;

  private readonly marker: string;
  private readonly onOutput?: (chunk: string) => void;
  private readonly ignoreLine?: RegExp;

  private constructor(options: RemoteOutputOptions, log: TrialLog) {
    this.marker = options.marker;
    this.onOutput = options.onOutput;
    this.ignoreLine = options.ignoreLine;
    this.log = log;
  }

  /** Opens the trial log for appending before anything is launched: an unwritable log is a set-up error. */
  static async open(options: RemoteOutputOptions): Promise<RemoteOutput> {
    const log = await openTrialLog(options.logPath, options.logLimitBytes);
    return new RemoteOutput(options, log);
  }

  /** When the script started on its machine. */
  get started(): Promise<RemoteStart> {
    return this.startEvent.promise;
  }
  /** The port it found for the engine. */
  get port(): Promise<number> {
    return this.portEvent.promise;
  }
  /** The engine was started (its process group and environment). */
  get launched(): Promise<RemoteLaunch> {
    return this.launchEvent.promise;
  }
  /** The engine's exit (the whole group is gone by then). */
  get exited(): Promise<ExitInfo> {
    return this.exitEvent.promise;
  }
  /** A set-up failure the script reported before the engine could start. */
  get fatal(): Promise<string> {
    return this.fatalEvent.promise;
  }

  get startedInfo(): RemoteStart | undefined {
    return this.startInfo;
  }
  get portNumber(): number | undefined {
    return this.portValue;
  }
  get pgid(): number | undefined {
    return this.launchInfo?.pgid;
  }
  get launchedInfo(): RemoteLaunch | undefined {
    return this.launchInfo;
  }
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }
  get fatalReason(): string | undefined {
    return this.fatalMessage;
  }

  /**
   * Output as it arrives, per stream (stdout and stderr interleave only at line boundaries): complete
   * lines are handled at once, a partial line waits for its end.
   */
  push(chunk: string, stream: 'out' | 'err' = 'out'): void {
    // Only the new chunk is searched, so a long line costs time in proportion to its length.
    const end = chunk.lastIndexOf('\n');
    if (end < 0) {
      this.pend(chunk, stream);
      return;
    }
    const pending = this.partial[stream];
    pending.push(chunk.slice(0, end + 1));
    const text = pending.join('');
    this.partial[stream] = [];
    this.partialChars[stream] = 0;
    this.pend(chunk.slice(end + 1), stream);
    this.lines(text);
  }

  /** Keeps an unfinished line; one too long to be a marker line is passed on as engine output at once. */
  private pend(text: string, stream: 'out' | 'err'): void {
    if (text === '') return;
    this.partial[stream].push(text);
    this.partialChars[stream] += text.length;
    if (this.partialChars[stream] <= MAX_PENDING_CHARS) return;
    const long = this.partial[stream].join('');
    this.partial[stream] = [];
    this.partialChars[stream] = 0;
    if (!this.ignoreLine?.test(long)) this.write(long, true);
  }

  /** The streams ended: whatever is left is output. */
  flush(): void {
    for (const stream of ['out', 'err'] as const) {
      const rest = this.partial[stream].join('');
      this.partial[stream] = [];
      this.partialChars[stream] = 0;
      if (rest === '') continue;
      this.lines(`${rest}\n`);
    }
  }

  /** A runner note ("[scoot] ..."), in the log and the live output. */
  note(line: string): void {
    this.write(`${RUNNER_PREFIX}${line}\n`);
  }

  close(): Promise<void> {
    this.flush();
    return this.log.end();
  }

  private lines(block: string): void {
    let plain = '';
    const prefix = `${this.marker} `;
    for (const line of block.split(/(?<=\n)/)) {
      if (line.startsWith(prefix)) {
        if (plain !== '') this.write(plain, true);
        plain = '';
        this.handleMarker(line.slice(prefix.length).trimEnd());
      } else if (!this.ignoreLine?.test(line)) {
        plain += line;
      }
    }
    if (plain !== '') this.write(plain, true);
  }

  private handleMarker(body: string): void {
    if (body.startsWith('fatal=')) {
      this.fatalMessage ??= body.slice('fatal='.length);
      this.fatalEvent.resolve(this.fatalMessage);
      return;
    }
    if (body.startsWith('start ')) {
      this.startInfo ??= { host: fields(body.slice('start '.length)).host ?? '' };
      this.startEvent.resolve(this.startInfo);
      return;
    }
    if (body.startsWith('exit ')) {
      const f = fields(body.slice('exit '.length));
      this.exitInfo ??= f.signal !== undefined ? { code: null, signal: `SIG${f.signal}` as NodeJS.Signals } : { code: Number(f.code), signal: null };
      this.exitEvent.resolve(this.exitInfo);
      return;
    }
    const f = fields(body);
    if (f.port !== undefined && Number.isInteger(Number(f.port))) {
      this.portValue ??= Number(f.port);
      this.portEvent.resolve(this.portValue);
    }
    if (f.pgid !== undefined && Number.isInteger(Number(f.pgid))) {
      const { pgid, ...env } = f;
      this.launchInfo ??= { pgid: Number(pgid), env };
      this.launchEvent.resolve(this.launchInfo);
    }
  }

  private write(text: string, fromEngine = false): void {
    if (fromEngine) this.log.write(text);
    else this.log.note(text);
    if (fromEngine) this.tail.push(text);
    this.onOutput?.(text);
  }
}
