// The metric table: every fact about a metric that more than one place needs — its unit, which way is
// better, its family, whether a value measured on a load stopped early is a bound and on which side,
// and its short name. Units, directions and bounds are read from here and nowhere else (checked by
// scripts/check-vocabulary.ts). How each metric is measured from the requests of a load test is the
// workload layer's (src/workload/metrics.ts, the definitions of `vllm bench serve`); the list and
// meanings are in docs/ARCHITECTURE.md, "Metrics".

/** What a metric describes: one latency of a request, a rate, or the share of requests that failed. */
export type MetricFamily = 'ttft' | 'tpot' | 'itl' | 'e2e' | 'throughput' | 'errors' | 'other';
/** The latencies each request has one of (ITL is per gap between tokens): goodput and the early-stop bounds work per request. */
export type RequestLatency = 'ttft' | 'tpot' | 'e2e';
export function isRequestLatency(family: string): family is RequestLatency {
  return family === 'ttft' || family === 'tpot' || family === 'e2e';
}
export type MetricUnit = 'ms' | 'req/s' | 'tok/s' | '/s' | '';
export type Better = 'lower' | 'higher';
/**
 * Where the true value lies relative to one recorded on a load stopped early (or any bound): 'above'
 * (it is at least the value: latencies) or 'below' (at most: throughputs). Either way the truth is at
 * least as bad as the record.
 */
export type CensorSide = 'above' | 'below';

export interface MetricFacts {
  family: MetricFamily;
  /** 'mean', 'p50', 'p99', ... for the latency families. */
  statistic?: string;
  unit: MetricUnit;
  better: Better;
  /** Set when a value measured on a load stopped early is a bound, not a measurement. */
  censored?: CensorSide;
  /** Times, rates and fractions cannot be negative; a benchmark that prints one has a bug. */
  nonNegative: boolean;
  /** The short name people read: TTFT, TPOT p99, req/s, errors. */
  short: string;
}

const FAMILY_SHORT = { ttft: 'TTFT', tpot: 'TPOT', itl: 'ITL', e2e: 'E2E' } as const;
type LatencyFamily = keyof typeof FAMILY_SHORT;

function latency(family: LatencyFamily, statistic: string): MetricFacts {
  return { family, statistic, unit: 'ms', better: 'lower', censored: 'above', nonNegative: true, short: statistic === 'mean' ? FAMILY_SHORT[family] : `${FAMILY_SHORT[family]} ${statistic}` };
}

/** SCOOT's own metrics, in reading order (times in milliseconds). */
export const METRICS = {
  request_throughput: { family: 'throughput', unit: 'req/s', better: 'higher', censored: 'below', nonNegative: true, short: 'req/s' },
  output_throughput: { family: 'throughput', unit: 'tok/s', better: 'higher', censored: 'below', nonNegative: true, short: 'tok/s' },
  /** Requests that met every SLO bound on their own TTFT, TPOT and E2E, per second. */
  goodput: { family: 'throughput', unit: 'req/s', better: 'higher', censored: 'below', nonNegative: true, short: 'goodput' },
  ttft_mean: latency('ttft', 'mean'),
  ttft_p50: latency('ttft', 'p50'),
  ttft_p95: latency('ttft', 'p95'),
  ttft_p99: latency('ttft', 'p99'),
  tpot_mean: latency('tpot', 'mean'),
  tpot_p95: latency('tpot', 'p95'),
  tpot_p99: latency('tpot', 'p99'),
  itl_mean: latency('itl', 'mean'),
  itl_p95: latency('itl', 'p95'),
  e2e_mean: latency('e2e', 'mean'),
  e2e_p95: latency('e2e', 'p95'),
  e2e_p99: latency('e2e', 'p99'),
  /** Share of requests that failed; counts what ended, so a stopped load does not bound it. */
  error_rate: { family: 'errors', unit: '', better: 'lower', nonNegative: true, short: 'errors' },
} as const satisfies Record<string, MetricFacts>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as readonly MetricName[];

/** Metric name (ttft_mean, tpot_p99, request_throughput, or a `command` benchmark's own) -> value; times in ms. */
export type Metrics = Record<string, number>;
/** All of SCOOT's metrics, as one load test measures them (NaN where there was no data). */
export type MeasuredMetrics = Record<MetricName, number>;

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** Another statistic of a latency family (ttft_p90, e2e_p50), as a `command` benchmark may print. */
const LATENCY_NAME = /^(ttft|tpot|itl|e2e)_(mean|p\d+(?:\.\d+)?)$/;
/** A benchmark's own name that still says its unit: another statistic of a latency family (ttft_max) is a time, a name ending in "throughput" a rate of something. */
const OWN_TIME = /^(ttft|tpot|itl|e2e)_/;
const OWN_RATE = /throughput$/;
/** Words that make a benchmark's own metric a time or a rate, which cannot be negative. */
const NON_NEGATIVE_WORD = /(^|_)(ttft|tpot|itl|e2e|latency|throughput|goodput)(_|$)/;

/**
 * The facts of any metric name. A name of SCOOT's own comes from the table; another statistic of a
 * latency family is a latency; any other name (a `command` benchmark's own) is minimised unless its
 * objective says otherwise, is never a bound, and has the unit its name says (ms for ttft_max, a rate
 * for my_throughput) or none.
 */
export function metricFacts(name: string): MetricFacts {
  if (isMetricName(name)) return METRICS[name];
  const m = LATENCY_NAME.exec(name);
  if (m) return latency(m[1] as LatencyFamily, m[2]);
  const unit: MetricUnit = OWN_TIME.test(name) ? 'ms' : OWN_RATE.test(name) ? '/s' : '';
  return { family: 'other', unit, better: 'lower', nonNegative: NON_NEGATIVE_WORD.test(name), short: name };
}

export function higherIsBetter(metric: string): boolean {
  return metricFacts(metric).better === 'higher';
}

/** The worse of two measurements of a metric (robustness re-tests quote the worst). */
export function worse(metric: string, a: number, b: number): number {
  return higherIsBetter(metric) ? Math.min(a, b) : Math.max(a, b);
}

/** The metrics among `names` that are bounds when measured on a load stopped early. */
export function censoredMetrics(names: readonly string[]): string[] {
  return names.filter((m) => metricFacts(m).censored !== undefined);
}

/** The unit as compact text shows it: "ms", and "/s" for any rate. */
export function compactUnit(metric: string): string {
  const unit = metricFacts(metric).unit;
  return unit.endsWith('/s') ? '/s' : unit;
}

/** "≥ " before a value that is a lower bound of the truth (a latency of a stopped load), "≤ " before an upper bound (a throughput), else "". */
export function boundMark(metric: string): string {
  const side = metricFacts(metric).censored;
  return side === 'above' ? '≥ ' : side === 'below' ? '≤ ' : '';
}
