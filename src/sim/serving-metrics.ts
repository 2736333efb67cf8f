// Benchmark metrics of docs/ARCHITECTURE.md §5 (metrics) with `vllm bench serve` definitions, times in milliseconds:
// TTFT = first token − send; E2E = last token − send; TPOT = (E2E − TTFT) / (output tokens − 1)
// over requests with more than one output token; ITL = every gap between consecutive tokens of a
// request; throughput = completed requests (output tokens) / benchmark duration, the duration
// running from the first send to the last completion. Percentiles interpolate linearly, like numpy.

import { mean, percentileSorted, weightedPercentile } from '../core/stats.js';

export interface ServingMetrics {
  request_throughput: number;
  output_throughput: number;
  ttft_mean: number;
  ttft_p50: number;
  ttft_p95: number;
  ttft_p99: number;
  tpot_mean: number;
  tpot_p95: number;
  tpot_p99: number;
  itl_mean: number;
  itl_p95: number;
  e2e_mean: number;
  e2e_p95: number;
  e2e_p99: number;
  error_rate: number;
}

export interface CompletedRequest {
  /** Seconds from send to first token. */
  ttft: number;
  /** Seconds from send to last token. */
  e2e: number;
  outputTokens: number;
}

export interface MetricInputs {
  completed: readonly CompletedRequest[];
  failed: number;
  /** Benchmark duration in seconds. */
  durationSeconds: number;
  /** Inter-token gaps in seconds with multiplicities. */
  gaps: { values: Float64Array; weights: Float64Array; size: number };
}

export function computeServingMetrics(inp: MetricInputs): ServingMetrics {
  const ms = 1000;
  const ttfts = Float64Array.from(inp.completed, (r) => r.ttft * ms).sort();
  const e2es = Float64Array.from(inp.completed, (r) => r.e2e * ms).sort();
  const tpots = Float64Array.from(inp.completed.filter((r) => r.outputTokens > 1), (r) => ((r.e2e - r.ttft) * ms) / (r.outputTokens - 1)).sort();
  let outTokens = 0;
  for (const r of inp.completed) outTokens += r.outputTokens;
  let gapSum = 0;
  let gapCount = 0;
  for (let i = 0; i < inp.gaps.size; i++) {
    gapSum += inp.gaps.values[i] * inp.gaps.weights[i];
    gapCount += inp.gaps.weights[i];
  }
  const total = inp.completed.length + inp.failed;
  const dur = inp.durationSeconds > 0 ? inp.durationSeconds : Number.NaN;
  return {
    request_throughput: inp.completed.length / dur,
    output_throughput: outTokens / dur,
    ttft_mean: mean(ttfts),
    ttft_p50: percentileSorted(ttfts, 50),
    ttft_p95: percentileSorted(ttfts, 95),
    ttft_p99: percentileSorted(ttfts, 99),
    tpot_mean: mean(tpots),
    tpot_p95: percentileSorted(tpots, 95),
    tpot_p99: percentileSorted(tpots, 99),
    itl_mean: gapCount > 0 ? (gapSum / gapCount) * ms : Number.NaN,
    itl_p95: weightedPercentile(inp.gaps.values, inp.gaps.weights, inp.gaps.size, 95) * ms,
    e2e_mean: mean(e2es),
    e2e_p95: percentileSorted(e2es, 95),
    e2e_p99: percentileSorted(e2es, 99),
    error_rate: total > 0 ? inp.failed / total : 0,
  };
}
