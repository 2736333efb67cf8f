// A benchmark problem: what a suggester sees (an OptimizationProblem) plus the black box itself and
// the published optimum it is scored against. Every objective is minimised.

import type { OptimizationProblem } from '../problem.js';
import type { Rng } from '../rng.js';
import { Space } from '../space.js';
import type { KnownConstraint, Params, SpaceSpec } from '../types.js';

export class ProblemError extends Error {}

export interface TestProblem extends OptimizationProblem {
  readonly name: string;
  /** One line for tables: the function and its source. */
  readonly description: string;
  /**
   * Objective values, or undefined when the point hits a hidden constraint (a "crash"). A noisy
   * problem draws its measurement noise from `noise`; without it, it returns the noise-free values
   * (what the benchmark scores a recommended configuration by).
   */
  evaluate(params: Params, noise?: Rng): number[] | undefined;
  /** One line on the measurement noise, for noisy problems. */
  readonly noise?: string;
  /** Single objective: the global minimum value (regret = best found − this). */
  readonly optimalValue?: number;
  /** Single objective: one or more minimisers, for tests. */
  readonly optimizers?: readonly Params[];
  /** Multi-objective: the largest achievable hypervolume w.r.t. `reference`. */
  readonly maxHypervolume?: number;
}

/** Continuous box parameters named x1..xd (as in the papers the problems come from). */
export function boxSpace(bounds: readonly (readonly [number, number])[], prefix = 'x'): Space {
  const spec: SpaceSpec = {};
  bounds.forEach(([min, max], i) => {
    spec[`${prefix}${i + 1}`] = { type: 'float', min, max };
  });
  return new Space(spec);
}

/** Reads the named parameters as numbers (booleans as 0/1), in order. */
export function numbersOf(params: Params, names: readonly string[]): number[] {
  return names.map((name) => {
    const v = params[name];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw new ProblemError(`parameter "${name}" must be a number, got ${JSON.stringify(v)}`);
  });
}

/**
 * A known constraint g(x) <= 0 given as code, for constraints the expression language cannot write
 * (Gramacy's sine). The violation is max(0, g).
 */
export function inequalityConstraint(source: string, g: (params: Params) => number): KnownConstraint {
  return {
    source,
    test: (params) => g(params) <= 0,
    violation: (params) => Math.max(0, g(params)),
  };
}
