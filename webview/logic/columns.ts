// Which parameters and metrics a study has, in the order the table and the exports show them.
import type { ObjectiveSpec, ParameterInfo, SloSpec, TrialRecord } from '../../src/protocol/study.js';

/** DESIGN.md §3 metric names in reading order; anything else follows alphabetically. */
const canonicalMetrics = [
  'request_throughput', 'output_throughput', 'goodput',
  'ttft_mean', 'ttft_p50', 'ttft_p95', 'ttft_p99',
  'tpot_mean', 'tpot_p95', 'tpot_p99',
  'itl_mean', 'itl_p95',
  'e2e_mean', 'e2e_p95', 'e2e_p99',
  'error_rate',
];

interface ColumnSource {
  trials: readonly TrialRecord[];
  objectives: readonly ObjectiveSpec[];
  slo: SloSpec;
  parameters?: readonly ParameterInfo[];
}

/** Objectives first, then SLO metrics, then every other metric any trial reported. */
export function metricColumns(s: ColumnSource): string[] {
  const seen = new Set<string>();
  for (const t of s.trials) for (const k of Object.keys(t.metrics ?? {})) seen.add(k);
  const out: string[] = [];
  const add = (m: string) => {
    if (!out.includes(m)) out.push(m);
  };
  for (const o of s.objectives) add(o.metric);
  for (const m of Object.keys(s.slo)) add(m);
  for (const m of canonicalMetrics) if (seen.has(m)) add(m);
  for (const m of [...seen].sort()) add(m);
  return out;
}

/** The declared parameters in declaration order, then any other key a trial carries. */
export function parameterNames(s: Pick<ColumnSource, 'trials' | 'parameters'>): string[] {
  const out = (s.parameters ?? []).map((p) => p.name);
  const extra = new Set<string>();
  for (const t of s.trials) for (const k of Object.keys(t.params)) if (!out.includes(k)) extra.add(k);
  return [...out, ...[...extra].sort()];
}
