// Objective orientation and SLO checks on measured metrics. The optimiser minimises; "max" goals are
// negated on the way in. Which way a metric is "worse" decides the worst case of robustness re-tests.

import type { Metrics, ObjectiveSpec, SloSpec } from '../protocol/study.js';

const HIGHER_IS_BETTER = new Set(['request_throughput', 'output_throughput', 'goodput']);

export function higherIsBetter(metric: string): boolean {
  return HIGHER_IS_BETTER.has(metric);
}

/** Objective values in minimisation space, or undefined when a metric is missing or not finite. */
export function toMinimization(objectives: readonly ObjectiveSpec[], metrics: Metrics | undefined): number[] | undefined {
  if (!metrics) return undefined;
  const out: number[] = [];
  for (const o of objectives) {
    const v = metrics[o.metric];
    if (v === undefined || !Number.isFinite(v)) return undefined;
    out.push(o.goal === 'max' ? -v : v);
  }
  return out;
}

export function meetsSlo(slo: SloSpec | undefined, metrics: Metrics | undefined): boolean {
  if (!slo) return true;
  if (!metrics) return false;
  return Object.entries(slo).every(([name, bound]) => {
    const v = metrics[name];
    if (v === undefined || !Number.isFinite(v)) return false;
    return (bound.max === undefined || v <= bound.max) && (bound.min === undefined || v >= bound.min);
  });
}

/** The worse of two measurements of a metric. */
export function worse(metric: string, a: number, b: number): number {
  return higherIsBetter(metric) ? Math.min(a, b) : Math.max(a, b);
}

/** Relative change of `value` against `base` in percent, signed so that negative means "lower". */
export function percentChange(value: number, base: number): number {
  return base === 0 ? 0 : ((value - base) / Math.abs(base)) * 100;
}
