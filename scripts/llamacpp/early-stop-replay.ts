// The trial-level early stop (src/workload/early-stop.ts) replayed over a recorded load: the requests'
// send, first-token and end times are fed to the runner's own LoadTracker and EarlyStopPolicy on a
// simulated clock, checked at the runner's cadence (EARLY_STOP_CHECK_MS), exactly as runGuardedLoad
// would have seen them live. What it cannot replay: a study that stops a trial may suggest different
// configurations afterwards (its history holds the stopped trial's bounds); the replay keeps the
// recorded sequence of configurations.

import {
  EarlyStopPolicy, LoadTracker,
  type EarlyStopContext, type FrontView, type RequestRecord, type ScheduledRequest, type StopDecision,
} from '../../src/workload/index.js';
import { EARLY_STOP_CHECK_MS } from '../../src/workload/guarded-load.js';
import type { ObjectiveSpec, TrialRecord } from '../../src/protocol/study.js';
import { earlyStopFront } from '../../src/study/loop/early-stop-front.js';
import { summarize } from '../../src/study/summary.js';

interface LoadEvent {
  ms: number;
  /** Order among simultaneous events: a request is sent before its first token, which comes before its end. */
  order: 0 | 1 | 2;
  apply: (tracker: LoadTracker) => void;
}

/**
 * Runs the policy over the load's records. Resolves with the decision, if any: the check at time T sees
 * every event up to T; the load ends (and the checks with it) when its last request ends.
 */
export function replayPolicy(records: readonly RequestRecord[], schedule: readonly ScheduledRequest[], context: EarlyStopContext, checkMs = EARLY_STOP_CHECK_MS): StopDecision | undefined {
  const tracker = new LoadTracker(schedule);
  let clock = 0;
  tracker.started(() => clock);
  const events: LoadEvent[] = [];
  for (const r of records) {
    events.push({ ms: r.sendMs, order: 0, apply: (t) => t.sent(r.index, r.sendMs) });
    if (r.chunkMs.length > 0) events.push({ ms: r.chunkMs[0], order: 1, apply: (t) => t.firstToken(r.index, r.chunkMs[0]) });
    events.push({ ms: r.endMs, order: 2, apply: (t) => t.record(r) });
  }
  events.sort((a, b) => a.ms - b.ms || a.order - b.order);
  if (!EarlyStopPolicy.active(context.settings)) return undefined;
  const policy = new EarlyStopPolicy(tracker, context);
  let next = 0;
  for (let k = 1; next < events.length; k++) {
    clock = k * checkMs;
    while (next < events.length && events[next].ms <= clock) events[next++].apply(tracker);
    if (next === events.length) return undefined;
    const stop = policy.check();
    if (stop) return stop;
  }
  return undefined;
}

/** The Pareto set a new trial must be able to beat, as the study loop hands it to the runner (run-study.ts, currentFront). */
export function frontBefore(records: readonly TrialRecord[], objectives: ObjectiveSpec[], budget: number): FrontView | undefined {
  const s = summarize({ study: 'replay', engine: 'replay', objectives, budget, records, wallSeconds: 0, suggestSeconds: 0 });
  return earlyStopFront(s, objectives, records);
}

/** The trial's front and chosen configuration after the study, from its records (stopped trials excluded, as the study loop does). */
export function studyOutcome(records: readonly TrialRecord[], objectives: ObjectiveSpec[], budget: number): { pareto: number[]; best?: number } {
  const s = summarize({ study: 'replay', engine: 'replay', objectives, budget, records, wallSeconds: 0, suggestSeconds: 0 });
  return { pareto: s.pareto.map((p) => p.trial), ...(s.best ? { best: s.best.trial } : {}) };
}

/** Engine seconds of a trial: every phase it recorded. */
export function engineSeconds(r: TrialRecord): number {
  const p = r.phases ?? {};
  return (p.startup ?? 0) + (p.warmup ?? 0) + (p.load ?? 0) + (p.drain ?? 0) + (p.teardown ?? 0);
}

/** Seconds a stop at `atSeconds` into the load would have saved: the recorded load and drain after it; start-up, warm-up and teardown stay. */
export function savedByStop(r: TrialRecord, atSeconds: number): number {
  const p = r.phases ?? {};
  return Math.max(0, (p.load ?? 0) + (p.drain ?? 0) - atSeconds);
}
