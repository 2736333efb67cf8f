// The constrained solver shared by SCOOT's acquisitions: NSGA-II over the unit cube, with the known
// constraints and POF(x) >= δ as constraint-domination violations, discrete dimensions snapped to
// their cells, and a first population seeded with the best observations and their neighbours.

import { FeasibilityModel } from '../feasibility.js';
import { nsga2, type Nsga2Result } from '../nsga2.js';
import { knownConstraintViolation, type OptimizationProblem } from '../problem.js';
import type { Rng } from '../rng.js';

export interface AcquisitionSearch {
  problem: OptimizationProblem;
  pof: FeasibilityModel;
  /** POF threshold δ; 0 disables the hidden-constraint filter. */
  delta: number;
  rng: Rng;
  /** Unit-cube points to start from (best observations first). */
  seeds: readonly (readonly number[])[];
  objectives: number;
  /** Batched acquisition values to minimise, one row per candidate. */
  evaluate(candidates: readonly (readonly number[])[]): number[][];
  populationSize?: number;
  generations?: number;
}

/** Known-constraint violation plus the POF shortfall: zero exactly when a candidate is admissible. */
export function admissibility(problem: OptimizationProblem, pof: FeasibilityModel, delta: number): (x: readonly number[]) => number {
  return (x) => knownConstraintViolation(problem, problem.space.decode(x)) + Math.max(0, delta - pof.predict(x));
}

/** Gaussian perturbations of the seeds (σ = 0.1 of the range) so the solver starts near good regions too. */
function neighbours(seeds: readonly (readonly number[])[], count: number, rng: Rng): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < count && seeds.length > 0; k++) {
    const base = seeds[k % seeds.length];
    out.push(base.map((v) => Math.min(1, Math.max(0, v + 0.1 * rng.normal()))));
  }
  return out;
}

export function searchAcquisition(search: AcquisitionSearch): Nsga2Result {
  const { problem, rng } = search;
  const { space } = problem;
  const populationSize = search.populationSize ?? 100;
  const seeds = search.seeds.slice(0, Math.floor(populationSize / 5));
  const initial = [...seeds, ...neighbours(seeds, Math.floor(populationSize / 5), rng)].map((x) => space.snap(x));
  return nsga2(
    {
      dimension: space.dim,
      objectives: search.objectives,
      evaluate: (population) => search.evaluate(population),
      violation: admissibility(problem, search.pof, search.delta),
      repair: (x) => space.snap(x),
      categorical: space.names.map((_, i) => space.isCategorical(i)),
    },
    { rng, populationSize, generations: search.generations ?? 100, initial },
  );
}
