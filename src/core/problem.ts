// What a suggester is asked to optimise: the space, the known constraints, how many objectives
// (all minimised) and the SLOs. Evaluation itself is not part of it: suggesters only see results.

import type { Space } from './space.js';
import type { KnownConstraint, OutcomeConstraint, Params } from './types.js';

export interface OptimizationProblem {
  readonly space: Space;
  readonly constraints: readonly KnownConstraint[];
  /** Number of objectives; all minimised. */
  readonly objectives: number;
  readonly outcomeConstraints?: readonly OutcomeConstraint[];
  /**
   * Hypervolume reference point (minimisation space). When absent, multi-objective suggesters use the
   * first feasible observation whose source is "default" (SCOOT's choice), else the worst observed values.
   */
  readonly reference?: readonly number[];
  /** Size of the Sobol initial design; the default is the number of parameters plus one. */
  readonly initialDesignSize?: number;
}

export function satisfiesKnownConstraints(problem: OptimizationProblem, params: Params): boolean {
  return problem.constraints.every((c) => c.test(params));
}

export function knownConstraintViolation(problem: OptimizationProblem, params: Params): number {
  let v = 0;
  for (const c of problem.constraints) v += c.violation(params);
  return v;
}
