// Which parameters and metrics a study has, in the order the table and the exports show them.
import type { ObjectiveSpec, ParameterInfo, SloSpec, TrialRecord } from '../../src/protocol/study.js';
import { METRIC_NAMES } from '../../src/protocol/metrics.js';

/** The metric names of docs/ARCHITECTURE.md §5 in reading order; anything else follows alphabetically. */
const canonicalMetrics: readonly string[] = METRIC_NAMES;

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
