// One optimisation run: suggest (q at a time) -> evaluate -> observe, until the budget is spent, and
// its score, judged by the noise-free value of what the run recommends at the end (recommend.ts, the
// rule a study applies): regret of the recommended configuration for one objective, hypervolume of
// the recommended Pareto set for several; and how often suggestions after the initial design were
// infeasible.

import { hypervolume } from '../hypervolume.js';
import { satisfiesKnownConstraints } from '../problem.js';
import type { TestProblem } from '../problems/test-problem.js';
import { recommend } from '../recommend.js';
import { Rng } from '../rng.js';
import { initialDesignSize } from '../suggesters/design-picker.js';
import type { Observation, Params, Suggester } from '../types.js';

export class BenchmarkError extends Error {}

/** Stream id of the measurement noise, apart from every suggester's streams. */
const NOISE_STREAM = 0x6e6f6973;

export type Metric = 'regret' | 'hv';

export interface RunTrace {
  observations: Observation[];
  /** Wall-clock seconds of each suggest() call. */
  suggestSeconds: number[];
}

export function metricOf(problem: TestProblem): Metric {
  return problem.objectives === 1 ? 'regret' : 'hv';
}

/**
 * Runs `evaluations` evaluations of problem driven by suggester, q suggestions per call (fewer on the
 * last call). Stops early only when a finite space is used up; an empty answer on a space with a
 * continuous parameter is an error.
 * A suggestion that breaks a known constraint is recorded as infeasible without evaluating it.
 * A noisy problem draws its measurement noise from a stream seeded by `noiseSeed`.
 */
export function runOptimization(suggester: Suggester, problem: TestProblem, evaluations: number, q = 1, noiseSeed = 0): RunTrace {
  const noise = new Rng(noiseSeed, NOISE_STREAM);
  const observations: Observation[] = [];
  const suggestSeconds: number[] = [];
  while (observations.length < evaluations) {
    const want = Math.min(q, evaluations - observations.length);
    const started = performance.now();
    const suggestions = suggester.suggest({ history: observations, q: want });
    suggestSeconds.push((performance.now() - started) / 1000);
    if (suggestions.length === 0) {
      // Only a finite space can run out of new configurations; otherwise this is a suggester bug.
      if (isFiniteSpace(problem)) break;
      throw new BenchmarkError(`${suggester.name} returned no suggestion after ${observations.length} of ${evaluations} evaluations on ${problem.name}`);
    }
    if (suggestions.length > want) throw new BenchmarkError(`${suggester.name} returned ${suggestions.length} suggestions for q = ${want}`);
    for (const s of suggestions) {
      const invalid = problem.space.check(s.params);
      if (invalid) throw new BenchmarkError(`${suggester.name} suggested a point outside the space of ${problem.name}: ${invalid}`);
      const objectives = satisfiesKnownConstraints(problem, s.params) ? problem.evaluate(s.params, noise) : undefined;
      observations.push(objectives ? { params: s.params, feasible: true, objectives, source: s.source } : { params: s.params, feasible: false, source: s.source });
    }
  }
  return { observations, suggestSeconds };
}

function isFiniteSpace(problem: TestProblem): boolean {
  return problem.space.names.every((_, i) => Number.isFinite(problem.space.cardinality(i)));
}

export interface RunScore {
  metric: Metric;
  /**
   * Of the configuration(s) recommended at the end, by their noise-free values: regret (value −
   * optimum; Infinity when nothing was feasible) or the hypervolume of the recommended Pareto set.
   */
  value: number;
  /** Best noise-free regret, or hypervolume of the noise-free values, of everything evaluated so far, after each evaluation. */
  trajectory: number[];
  /** Suggestions after the initial design, and how many of them were infeasible. */
  afterDesign: number;
  infeasibleAfterDesign: number;
}

/** The noise-free objective values of a configuration (it was feasible when evaluated, so it is now). */
function noiseFree(problem: TestProblem, params: Params): number[] {
  const y = problem.evaluate(params);
  if (!y) throw new BenchmarkError(`${problem.name}: a configuration that was feasible when measured has no noise-free value`);
  return y;
}

export function scoreRun(problem: TestProblem, observations: readonly Observation[], seed = 0): RunScore {
  const metric = metricOf(problem);
  const trajectory: number[] = [];
  // Noise-free problems measured their true values already; noisy ones are evaluated again without noise.
  const truth = (o: Observation): number[] => (problem.noise ? noiseFree(problem, o.params) : [...(o.objectives as readonly number[])]);
  const chosen = recommend(problem, observations, { seed });
  let value: number;
  if (metric === 'regret') {
    const optimum = problem.optimalValue;
    if (optimum === undefined) throw new BenchmarkError(`problem ${problem.name} has no known optimum to measure regret against`);
    let best = Infinity;
    for (const o of observations) {
      if (o.feasible && o.objectives) best = Math.min(best, truth(o)[0]);
      trajectory.push(best - optimum);
    }
    value = chosen.best === undefined ? Infinity : truth(observations[chosen.best])[0] - optimum;
  } else {
    const reference = problem.reference;
    if (!reference) throw new BenchmarkError(`problem ${problem.name} has no reference point for the hypervolume`);
    const front: number[][] = [];
    for (const o of observations) {
      if (o.feasible && o.objectives) front.push(truth(o));
      trajectory.push(front.length ? hypervolume(front, reference) : 0);
    }
    const recommended = chosen.pareto.map((i) => truth(observations[i]));
    value = recommended.length ? hypervolume(recommended, reference) : 0;
  }
  const design = initialDesignSize(problem);
  const after = observations.slice(design);
  return {
    metric,
    value,
    trajectory,
    afterDesign: after.length,
    infeasibleAfterDesign: after.filter((o) => !o.feasible).length,
  };
}
