// SLOs: bounds on measured metrics (outcome constraints), and the one rule for whether a trial meets
// them, used alike by the study (summary.json, robustness, the report) and the panel.

import type { Metrics } from './metrics.js';

/** Inclusive bounds on one metric. */
export interface SloBound {
  max?: number;
  min?: number;
}
/** Which bound: 'max' (values above it violate) or 'min' (values below it). */
export type BoundSide = keyof SloBound;
/** Metric name -> bound, e.g. { ttft_p99: { max: 2000 } } (times in ms). */
export type SloSpec = Record<string, SloBound>;

export function withinBound(value: number, bound: SloBound): boolean {
  return (bound.max === undefined || value <= bound.max) && (bound.min === undefined || value >= bound.min);
}

/**
 * The SLO metrics `metrics` does not meet, in the SLO's order. A metric that is missing or not a finite
 * number does not meet its bound: nothing measured shows that it does.
 */
export function sloViolations(slo: SloSpec | undefined, metrics: Metrics | undefined): string[] {
  return Object.entries(slo ?? {}).flatMap(([name, bound]) => {
    const v = metrics?.[name];
    return v !== undefined && Number.isFinite(v) && withinBound(v, bound) ? [] : [name];
  });
}

export function meetsSlo(slo: SloSpec | undefined, metrics: Metrics | undefined): boolean {
  return sloViolations(slo, metrics).length === 0;
}
