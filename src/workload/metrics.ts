// The metrics of docs/ARCHITECTURE.md §5 (their table: protocol/metrics.ts) from the client's records, with the definitions of `vllm bench serve`
// (vllm/benchmarks/serve.py, calculate_metrics):
//  - TTFT: send to the first token event;
//  - E2E: send to the last token event;
//  - TPOT per request: (E2E − TTFT) / (output tokens − 1), for requests with more than one output token;
//  - ITL: every gap between consecutive token events, pooled over requests;
//  - throughputs: successful requests (their output tokens) per second of benchmark duration, which is
//    first send to last completion;
//  - percentiles: numpy's default linear interpolation; times in milliseconds.
// A metric with no data (e.g. every request failed) is NaN, never 0, which would read as a perfect latency.

import { isRequestLatency, METRIC_NAMES, metricFacts, type MeasuredMetrics, type MetricName, type RequestLatency } from '../protocol/metrics.js';
import { withinBound, type SloBound } from '../protocol/slo.js';
import type { RequestRecord } from './record.js';
import { e2eMs, ttftMs } from './record.js';
import { mean, percentileSorted } from '../core/stats.js';

export { METRIC_NAMES, type MetricName };

export interface MetricsOptions {
  /** Benchmark duration; default benchmarkDurationSec(records). */
  durationSec?: number;
  /**
   * SLOs keyed by metric name (e.g. `ttft_p99: {max: 2000}`). For goodput, every key of the ttft, tpot or
   * e2e family (`ttft`, `ttft_mean`, `ttft_p99`, ...) becomes the same bound on each request's own TTFT,
   * TPOT or E2E, as `vllm bench serve --goodput ttft:2000` does; other keys do not affect goodput.
   * Without any such bound every successful request counts as good.
   */
  slo?: Readonly<Record<string, SloBound>>;
  /**
   * A load stopped early (guarded-load.ts): requests it cut ('aborted') are neither successes nor
   * failures; each adds what it already proves to the latency statistics, its age so far to E2E and
   * to TTFT when no token came yet. The latencies are then lower bounds of the full run's (the
   * throughputs what the run achieved until the stop).
   */
  cutAsBounds?: boolean;
}

/** First send to last completion, in seconds (0 for no records). */
export function benchmarkDurationSec(records: readonly RequestRecord[]): number {
  if (records.length === 0) return 0;
  let first = Infinity, last = -Infinity;
  for (const r of records) {
    first = Math.min(first, r.sendMs);
    last = Math.max(last, r.endMs);
  }
  return (last - first) / 1000;
}


function perRequestBounds(slo: Readonly<Record<string, SloBound>> | undefined): { family: RequestLatency; bound: SloBound }[] {
  const out: { family: RequestLatency; bound: SloBound }[] = [];
  for (const [key, bound] of Object.entries(slo ?? {})) {
    // `ttft` alone is vLLM's --goodput spelling of the family.
    const family = isRequestLatency(key) ? key : metricFacts(key).family;
    if (isRequestLatency(family)) out.push({ family, bound });
  }
  return out;
}

export function computeMetrics(records: readonly RequestRecord[], opts: MetricsOptions = {}): MeasuredMetrics {
  const durationSec = opts.durationSec ?? benchmarkDurationSec(records);
  const bounds = perRequestBounds(opts.slo);
  const ttfts: number[] = [], tpots: number[] = [], itls: number[] = [], e2es: number[] = [];
  let completed = 0, outputTokens = 0, good = 0, cut = 0;

  for (const r of records) {
    if (opts.cutAsBounds && r.failure?.kind === 'aborted') {
      cut++;
      const age = r.endMs - r.sendMs;
      ttfts.push(ttftMs(r) ?? age);
      e2es.push(age);
      continue;
    }
    if (!r.ok) continue;
    const ttft = ttftMs(r);
    const e2e = e2eMs(r);
    if (ttft === undefined || e2e === undefined) continue;
    completed++;
    outputTokens += r.outputTokens;
    ttfts.push(ttft);
    e2es.push(e2e);
    // vLLM counts a one-token request's TPOT as 0 for goodput but leaves it out of the TPOT statistics.
    const tpot = r.outputTokens > 1 ? (e2e - ttft) / (r.outputTokens - 1) : 0;
    if (r.outputTokens > 1) tpots.push(tpot);
    for (let i = 1; i < r.chunkMs.length; i++) itls.push(r.chunkMs[i] - r.chunkMs[i - 1]);
    const own: Record<RequestLatency, number> = { ttft, tpot, e2e };
    if (bounds.every(({ family, bound }) => withinBound(own[family], bound))) good++;
  }

  const perSec = (x: number): number => (durationSec > 0 ? x / durationSec : NaN);
  const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  const [t, p, i, e] = [sorted(ttfts), sorted(tpots), sorted(itls), sorted(e2es)];
  return {
    request_throughput: perSec(completed),
    output_throughput: perSec(outputTokens),
    goodput: perSec(good),
    ttft_mean: mean(t),
    ttft_p50: percentileSorted(t, 50),
    ttft_p95: percentileSorted(t, 95),
    ttft_p99: percentileSorted(t, 99),
    tpot_mean: mean(p),
    tpot_p95: percentileSorted(p, 95),
    tpot_p99: percentileSorted(p, 99),
    itl_mean: mean(i),
    itl_p95: percentileSorted(i, 95),
    e2e_mean: mean(e),
    e2e_p95: percentileSorted(e, 95),
    e2e_p99: percentileSorted(e, 99),
    error_rate: records.length ? (records.length - completed - cut) / records.length : NaN,
  };
}

/** How many requests failed, by failure class, with one example message each (for logs and reports). */
export function failureSummary(records: readonly RequestRecord[]): Record<string, { count: number; example: string }> {
  const out: Record<string, { count: number; example: string }> = {};
  for (const r of records) {
    if (!r.failure) continue;
    const k = r.failure.kind;
    out[k] = out[k] ?? { count: 0, example: r.failure.message };
    out[k].count++;
  }
  return out;
}
