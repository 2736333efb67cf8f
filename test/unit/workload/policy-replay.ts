// Replays a virtual-time simulator run (src/sim/evaluate.ts) through the early-stop policy as if the
// load were live: every request's send, first token and end are fed to a LoadTracker in time order,
// and the policy looks every 250 ms, as runGuardedLoad does. Fast and deterministic, so the rules can
// be checked on hundreds of configurations.

import type { ScheduledRequest } from '../../../src/workload/arrivals.js';
import { EarlyStopPolicy, type EarlyStopContext, type StopDecision } from '../../../src/workload/early-stop.js';
import { LoadTracker } from '../../../src/workload/load-tracker.js';
import { computeMetrics } from '../../../src/workload/metrics.js';
import type { MeasuredMetrics as Metrics } from '../../../src/protocol/metrics.js';
import type { RequestRecord } from '../../../src/workload/record.js';
import type { EvaluationResult } from '../../../src/sim/evaluate.js';

export interface Replay {
  stop?: StopDecision;
  /** The metrics a stopped load records (cut requests as bounds); undefined when it ran to its end. */
  stoppedMetrics?: Metrics;
  /** Seconds from the first send to the last event the load would have waited for. */
  fullSeconds: number;
}

interface Event {
  t: number;
  kind: 'send' | 'first' | 'end';
  index: number;
}

export function replayPolicy(result: EvaluationResult, outputTokens: readonly number[], context: EarlyStopContext, stepMs = 250): Replay {
  const timings = result.requests;
  const schedule: ScheduledRequest[] = timings.map((r) => ({ time: r.arrival, request: { prompt: '', promptTokens: r.promptTokens, outputTokens: outputTokens[r.index] } }));
  const order = timings.map((_, i) => i).sort((a, b) => timings[a].arrival - timings[b].arrival);
  const position = new Map(order.map((i, k) => [i, k]));
  const sorted = order.map((i) => schedule[i]);
  const events: Event[] = [];
  const records = new Map<number, RequestRecord>();
  for (const r of timings) {
    const k = position.get(r.index) as number;
    const send = r.arrival * 1000;
    events.push({ t: send, kind: 'send', index: k });
    const end = r.ok && r.e2e !== undefined ? send + r.e2e * 1000 : send;
    if (r.ttft !== undefined) events.push({ t: send + r.ttft * 1000, kind: 'first', index: k });
    events.push({ t: end, kind: 'end', index: k });
    const chunkMs = r.ttft !== undefined ? [send + r.ttft * 1000, ...(r.e2e !== undefined && r.outputTokens > 1 ? [send + r.e2e * 1000] : [])] : [];
    records.set(k, {
      index: k, scheduledMs: send, sendMs: send, chunkMs, endMs: end, promptTokens: r.promptTokens, outputTokens: r.outputTokens,
      requestedOutputTokens: outputTokens[r.index], ok: r.ok,
      ...(r.ok ? {} : { failure: { kind: 'http' as const, message: r.error ?? 'failed' } }),
    });
  }
  const rank = { send: 0, first: 1, end: 2 };
  events.sort((a, b) => a.t - b.t || rank[a.kind] - rank[b.kind]);
  const fullMs = events.length > 0 ? events[events.length - 1].t : 0;

  const tracker = new LoadTracker(sorted);
  let clock = 0;
  tracker.started(() => clock);
  const policy = new EarlyStopPolicy(tracker, context);
  let e = 0;
  for (clock = stepMs; e < events.length; clock += stepMs) {
    for (; e < events.length && events[e].t <= clock; e++) {
      const ev = events[e];
      const rec = records.get(ev.index) as RequestRecord;
      if (ev.kind === 'send') tracker.sent(ev.index, ev.t);
      else if (ev.kind === 'first') tracker.firstToken(ev.index, ev.t);
      else tracker.record(rec);
    }
    if (e >= events.length) break;
    const stop = policy.check();
    if (!stop) continue;
    // What the stopped load records: the ended requests as they were, the open ones cut now.
    const kept: RequestRecord[] = [];
    for (const [k, rec] of records) {
      if (rec.sendMs > clock) continue;
      if (rec.endMs <= clock) kept.push(rec);
      else kept.push({ ...rec, chunkMs: rec.chunkMs.filter((c) => c <= clock), endMs: clock, ok: false, failure: { kind: 'aborted', message: 'cut' }, index: k });
    }
    return { stop, stoppedMetrics: computeMetrics(kept, { cutAsBounds: true }), fullSeconds: fullMs / 1000 };
  }
  return { fullSeconds: fullMs / 1000 };
}
