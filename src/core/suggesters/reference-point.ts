// The hypervolume reference point: the problem's own if it names one; otherwise the default
// configuration's observation (SCOOT's choice: the Pareto set then reads "better than default");
// failing that, the worst observed value per objective, widened by 10% of the range.

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
