// SLO bounds (outcome constraints) as the panel evaluates them on a trial's metrics.
import type { Metrics, SloSpec } from '../../src/protocol/study.js';

export interface SloLine {
  metric: string;
  bound: 'max' | 'min';
  value: number;
}

/** Metrics of `metrics` that violate a bound. A metric the trial did not report is not counted as a violation. */
export function sloViolations(metrics: Metrics | undefined, slo: SloSpec): string[] {
  if (!metrics) return [];
  const out: string[] = [];
  for (const [metric, bound] of Object.entries(slo)) {
    const v = metrics[metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    if ((bound.max !== undefined && v > bound.max) || (bound.min !== undefined && v < bound.min)) out.push(metric);
  }
  return out;
}

/** The bounds that apply to one metric (0, 1 or 2 lines). */
export function sloLinesFor(metric: string, slo: SloSpec): SloLine[] {
  const b = slo[metric];
  if (!b) return [];
  const out: SloLine[] = [];
  if (b.max !== undefined) out.push({ metric, bound: 'max', value: b.max });
  if (b.min !== undefined) out.push({ metric, bound: 'min', value: b.min });
  return out;
}
