// The stress test, watched: the load runs against the engine while we watch the engine process and
// the progress of requests. It ends early when the trial is cancelled, the engine exits (every
// request still to come would fail), the engine hangs (nothing completes any more) or the early-stop
// policy decides the trial can no longer matter (src/workload/early-stop.ts).

import {
  LoadAbortedError, LoadOptionsError, runGuardedLoad, EARLY_STOP_OFF,
  type EarlyStopContext, type ApiKind, type RequestRecord, type ScheduledRequest, type StopDecision,
} from '../workload/index.js';
import type { ExitInfo } from './exit-info.js';
import { EvaluationSetupError } from './types.js';

export type WatchedLoadResult =
  | { kind: 'done'; records: RequestRecord[]; seconds: number }
  | { kind: 'stopped'; records: RequestRecord[]; stop: StopDecision; seconds: number }
  | { kind: 'exited'; records: RequestRecord[]; exit: ExitInfo; seconds: number }
  | { kind: 'hang'; records: RequestRecord[]; silentSec: number; timedOut: number; seconds: number }
  | { kind: 'cancelled'; records: RequestRecord[]; seconds: number };

export interface WatchedLoadOptions {
  baseUrl: string;
  api: ApiKind;
  model: string;
  schedule: readonly ScheduledRequest[];
  timeoutMs: number;
  /** The trial's cancellation. */
  signal: AbortSignal;
  /** Resolves when the engine process exits. */
  exited: Promise<ExitInfo>;
  /** How often the hang watchdog looks. */
  watchIntervalMs?: number;
  /** The early-stop policy's context; without it the load runs to its end. */
  earlyStop?: EarlyStopContext;
}

/**
 * A hang is declared when some request has timed out and no request has completed successfully for
 * a whole request timeout: the engine takes requests but answers none, so waiting for the rest of the
 * schedule would only add timeouts.
 */
export async function watchedLoad(opts: WatchedLoadOptions): Promise<WatchedLoadResult> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const cut = new AbortController();
  let why: 'exited' | 'hang' | 'cancelled' | undefined;
  let exit: ExitInfo | undefined;
  let lastSuccessAt = started;
  let timedOut = 0;
  let hungFor = 0;

  const stop = (reason: 'exited' | 'hang' | 'cancelled'): void => {
    if (why !== undefined) return;
    why = reason;
    cut.abort();
  };
  const onCancel = (): void => stop('cancelled');
  if (opts.signal.aborted) onCancel();
  opts.signal.addEventListener('abort', onCancel, { once: true });
  void opts.exited.then((e) => {
    exit = e;
    stop('exited');
  });
  const watchdog = setInterval(() => {
    const silent = Date.now() - lastSuccessAt;
    if (timedOut > 0 && silent >= opts.timeoutMs) {
      hungFor = silent / 1000;
      stop('hang');
    }
  }, opts.watchIntervalMs ?? 200);

  try {
    const { records, stop: decision } = await runGuardedLoad({
      baseUrl: opts.baseUrl,
      api: opts.api,
      model: opts.model,
      schedule: opts.schedule,
      timeoutMs: opts.timeoutMs,
      signal: cut.signal,
      earlyStop: opts.earlyStop ?? { settings: EARLY_STOP_OFF, maxErrorRate: 1, requestTimeoutSec: opts.timeoutMs / 1000 },
      onRecord: (r) => {
        if (r.ok) lastSuccessAt = Date.now();
        else if (r.failure?.kind === 'timeout') timedOut++;
      },
    });
    // It may have died right after answering the last request: still a crash under load.
    await Promise.resolve();
    if (exit) return { kind: 'exited', records, exit, seconds: seconds() };
    if (decision) return { kind: 'stopped', records, stop: decision, seconds: seconds() };
    // Every request timed out before the watchdog looked (a short schedule): a hang all the same.
    if (records.length > 0 && records.every((r) => r.failure?.kind === 'timeout'))
      return { kind: 'hang', records, silentSec: (Date.now() - lastSuccessAt) / 1000, timedOut: records.length, seconds: seconds() };
    return { kind: 'done', records, seconds: seconds() };
  } catch (e) {
    if (e instanceof LoadOptionsError) throw new EvaluationSetupError(`workload: ${e.message}`);
    if (!(e instanceof LoadAbortedError)) throw e;
    const records = e.records;
    if (why === 'exited' && exit) return { kind: 'exited', records, exit, seconds: seconds() };
    if (why === 'hang') return { kind: 'hang', records, silentSec: hungFor, timedOut, seconds: seconds() };
    return { kind: 'cancelled', records, seconds: seconds() };
  } finally {
    clearInterval(watchdog);
    opts.signal.removeEventListener('abort', onCancel);
  }
}
