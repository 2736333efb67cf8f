// The metric names of docs/ARCHITECTURE.md §5 (metrics; times in ms), in reading order. The one list the workload layer, the
// config schema and the panel share.

export const METRIC_NAMES = [
  'request_throughput', 'output_throughput', 'goodput',
  'ttft_mean', 'ttft_p50', 'ttft_p95', 'ttft_p99',
  'tpot_mean', 'tpot_p95', 'tpot_p99',
  'itl_mean', 'itl_p95',
  'e2e_mean', 'e2e_p95', 'e2e_p99',
  'error_rate',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];
