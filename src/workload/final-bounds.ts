// What a load in progress already guarantees about its final metrics. A latency can only be bounded
// from below (requests still to come may be fast), a throughput only from above (the run cannot end
// sooner than now). Every bound holds for any outcome of the requests still open or unsent, with one
// assumption: at most maxErrorRate of all requests fail — a run with more failures is infeasible
// anyway, so no decision taken on these bounds can lose a configuration that would have counted.
//
// Definitions are those of metrics.ts: means and numpy-linear percentiles over the successful requests.

import { isRequestLatency, metricFacts, type RequestLatency } from '../protocol/metrics.js';
import type { LoadTracker } from './load-tracker.js';
import { e2eMs, ttftMs } from './record.js';

export interface FinalBounds {
  /** A value the metric's final value cannot be below (ms), when the data says anything. */
  lower(metric: string): number | undefined;
  /** A value the metric's final value cannot exceed (per second), when the data says anything. */
  upper(metric: string): number | undefined;
}

type Statistic = { kind: 'mean' } | { kind: 'percentile'; p: number };

/** The per-request latencies bounded here (ITL is per token gap, not per request). */
function parseLatency(metric: string): { family: RequestLatency; stat: Statistic } | undefined {
  const { family, statistic } = metricFacts(metric);
  if (!isRequestLatency(family) || statistic === undefined) return undefined;
  if (statistic === 'mean') return { family, stat: { kind: 'mean' } };
  const p = Number(statistic.slice(1));
  return p < 100 ? { family, stat: { kind: 'percentile', p } } : undefined;
}

/** The final set's size lies in [known, most]; known values are exact (done) or lower bounds (open). */
interface LatencySample {
  /** Exact values of finished requests and lower bounds of open ones that will finish. */
  values: number[];
  /** Largest possible number of successful requests the final statistic is taken over. */
  most: number;
  /** The values sorted from the largest, once a percentile needs them. */
  descending?: Float64Array;
}

/** Lower bound of the mean: every unknown value is at least 0 and the final set has at most `most` members. */
function meanLower(s: LatencySample): number | undefined {
  if (s.values.length === 0 || s.most <= 0) return undefined;
  let sum = 0;
  for (const v of s.values) sum += v;
  return sum / s.most;
}

/**
 * Lower bound of the p-th percentile. With M final values sorted ascending the percentile is at least
 * v[floor((M − 1)p/100)], the (M − lo)-th largest, and the j-th largest of the final set is at least
 * the j-th largest known value. M − floor((M − 1)p/100) grows with M, so M = most is the worst case.
 */
function percentileLower(s: LatencySample, p: number): number | undefined {
  if (s.values.length === 0 || s.most <= 0) return undefined;
  const lo = Math.floor(((s.most - 1) * p) / 100);
  const j = s.most - lo;
  if (j > s.values.length) return 0;
  s.descending ??= Float64Array.from(s.values).sort().reverse();
  return s.descending[j - 1];
}

export function finalBounds(tracker: LoadTracker, maxErrorRate: number): FinalBounds {
  const now = tracker.now();
  const n = tracker.total;
  const open = tracker.open();
  const unsent = tracker.unsentCount;
  // Failures still allowed before the run is infeasible; the open requests most likely to fail are
  // taken to be the ones with the largest bounds (the worst case for a lower bound).
  const allowedFailures = Math.max(0, Math.floor(maxErrorRate * n + 1e-9) - tracker.failedCount);
  const keepOpen = (bounds: number[]): number[] => bounds.sort((a, b) => a - b).slice(0, Math.max(0, bounds.length - allowedFailures));

  const samples = new Map<RequestLatency, LatencySample>();
  const sample = (family: RequestLatency): LatencySample => {
    const known = samples.get(family);
    if (known) return known;
    const values: number[] = [];
    let done = 0;
    for (const r of tracker.completed) {
      const ttft = ttftMs(r);
      const e2e = e2eMs(r);
      if (ttft === undefined || e2e === undefined) continue;
      if (family === 'tpot') {
        if (r.outputTokens > 1) values.push((e2e - ttft) / (r.outputTokens - 1));
        else continue;
      } else values.push(family === 'ttft' ? ttft : e2e);
      done++;
    }
    // An open request's TTFT is at least its age until its first token, its E2E at least its age;
    // nothing bounds its TPOT from below.
    if (family !== 'tpot') values.push(...keepOpen(open.map((o) => (family === 'ttft' && o.firstMs !== undefined ? o.firstMs - o.sendMs : now - o.sendMs))));
    const s: LatencySample = { values, most: done + open.length + unsent };
    samples.set(family, s);
    return s;
  };

  const durationLower = (): number | undefined => {
    if (tracker.firstSendMs === undefined) return undefined;
    let end = tracker.lastScheduledMs;
    for (const r of tracker.completed) end = Math.max(end, r.endMs);
    // Whatever is still open or unsent ends (successfully or not) at or after now.
    if (open.length > 0 || unsent > 0) end = Math.max(end, now);
    const sec = (end - tracker.firstSendMs) / 1000;
    return sec > 0 ? sec : undefined;
  };

  return {
    lower(metric) {
      const parsed = parseLatency(metric);
      if (!parsed) return undefined;
      const s = sample(parsed.family);
      return parsed.stat.kind === 'mean' ? meanLower(s) : percentileLower(s, parsed.stat.p);
    },
    upper(metric) {
      const d = durationLower();
      if (d === undefined) return undefined;
      const pending = open.length + unsent;
      if (metric === 'request_throughput') return (tracker.completed.length + pending) / d;
      if (metric === 'output_throughput') {
        let tokens = tracker.outstandingOutputTokens();
        for (const r of tracker.completed) tokens += r.outputTokens;
        return tokens / d;
      }
      return undefined;
    },
  };
}
