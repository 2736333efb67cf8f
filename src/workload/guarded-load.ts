// runLoad under an early-stop policy: the load's live measurements feed the policy a few times a
// second, and when it decides, the requests still to come are not sent and the open ones are cut.
// The records of a stopped load hold every request that was sent: the finished ones as they ended,
// the cut ones as 'aborted' with what they had received (see stoppedLoadMetrics).

import { EarlyStopPolicy, type EarlyStopContext, type StopDecision } from './early-stop.js';
import { LoadAbortedError } from './errors.js';
import { runLoad, type LoadOptions } from './load.js';
import { LoadTracker } from './load-tracker.js';
import type { RequestRecord } from './record.js';

/** How often the policy looks at the load. */
export const EARLY_STOP_CHECK_MS = 250;

export interface GuardedLoadOptions extends LoadOptions {
  earlyStop: EarlyStopContext;
  checkIntervalMs?: number;
}

export interface GuardedLoadResult {
  records: RequestRecord[];
  /** Set when the policy stopped the load. */
  stop?: StopDecision;
}

/** Resolves when the load ends or the policy stops it; rejects like runLoad when `signal` aborts. */
export async function runGuardedLoad(opts: GuardedLoadOptions): Promise<GuardedLoadResult> {
  const { earlyStop, checkIntervalMs, ...load } = opts;
  if (!EarlyStopPolicy.active(earlyStop.settings)) return { records: await runLoad(load) };
  const tracker = new LoadTracker(load.schedule);
  const policy = new EarlyStopPolicy(tracker, earlyStop);
  const cut = new AbortController();
  const outside = load.signal;
  const onOutside = (): void => cut.abort();
  if (outside?.aborted) cut.abort();
  outside?.addEventListener('abort', onOutside, { once: true });
  let stop: StopDecision | undefined;
  const timer = setInterval(() => {
    if (stop || cut.signal.aborted) return;
    stop = policy.check();
    if (stop) cut.abort();
  }, checkIntervalMs ?? EARLY_STOP_CHECK_MS);
  try {
    const records = await runLoad({
      ...load,
      signal: cut.signal,
      observer: {
        started: (now) => {
          tracker.started(now);
          load.observer?.started?.(now);
        },
        sent: (i, ms) => {
          tracker.sent(i, ms);
          load.observer?.sent?.(i, ms);
        },
        firstToken: (i, ms) => {
          tracker.firstToken(i, ms);
          load.observer?.firstToken?.(i, ms);
        },
      },
      onRecord: (r) => {
        tracker.record(r);
        load.onRecord?.(r);
      },
    });
    return { records };
  } catch (e) {
    if (e instanceof LoadAbortedError && stop && !outside?.aborted) return { records: e.records, stop };
    throw e;
  } finally {
    clearInterval(timer);
    outside?.removeEventListener('abort', onOutside);
  }
}
