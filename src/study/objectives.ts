// Objective orientation on measured metrics: the optimiser minimises, so "max" goals are negated on
// the way in. (Which way a metric is better, and the SLO rule, are the vocabulary's: protocol/.)

import type { Metrics, ObjectiveSpec } from '../protocol/study.js';

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

/** Relative change of `value` against `base` in percent, signed so that negative means "lower". */
export function percentChange(value: number, base: number): number {
  return base === 0 ? 0 : ((value - base) / Math.abs(base)) * 100;
}
