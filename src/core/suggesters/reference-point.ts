// The hypervolume reference point: the problem's own if it names one (the study passes a default that ran
// outside the space this way); otherwise the default configuration's observation (SCOOT's choice: the
// Pareto set then reads "better than default"); failing that (the default failed, or has not run), the
// worst feasible value per objective widened by 10% of the observed range: BoTorch's
// infer_reference_point (nadir − 0.1·range, in its maximisation convention), so every feasible point
// found so far improves on it and EHVI still has a volume to grow.

import type { OptimizationProblem } from '../problem.js';
import type { Observation } from '../types.js';
import { feasibleObservations } from './surrogates.js';

export function referencePoint(problem: OptimizationProblem, history: readonly Observation[]): number[] {
  if (problem.reference) return [...problem.reference];
  const feasible = feasibleObservations(history);
  const fromDefault = feasible.find((o) => o.source === 'default');
  if (fromDefault?.objectives) return [...fromDefault.objectives];
  return Array.from({ length: problem.objectives }, (_, k) => {
    const values = feasible.map((o) => (o.objectives as readonly number[])[k]);
    const hi = Math.max(...values);
    const lo = Math.min(...values);
    return hi + 0.1 * (hi - lo || Math.abs(hi) || 1);
  });
}
