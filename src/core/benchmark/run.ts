// One optimisation run: suggest (q at a time) -> evaluate -> observe, until the budget is spent, and
// its score: regret of the best feasible value for one objective, hypervolume of the feasible
// observations for several, and how often suggestions after the initial design were infeasible.

import { hypervolume } from '../hypervolume.js';
import { satisfiesKnownConstraints } from '../problem.js';
import type { TestProblem } from '../problems/test-problem.js';
import { initialDesignSize } from '../suggesters/design-picker.js';
import type { Observation, Suggester } from '../types.js';

export class BenchmarkError extends Error {}

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
 */
export function runOptimization(suggester: Suggester, problem: TestProblem, evaluations: number, q = 1): RunTrace {
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
      const objectives = satisfiesKnownConstraints(problem, s.params) ? problem.evaluate(s.params) : undefined;
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
  /** Regret (best feasible − optimum; Infinity when nothing was feasible) or hypervolume. */
  value: number;
  /** The same score after each evaluation. */
  trajectory: number[];
  /** Suggestions after the initial design, and how many of them were infeasible. */
  afterDesign: number;
  infeasibleAfterDesign: number;
}

export function scoreRun(problem: TestProblem, observations: readonly Observation[]): RunScore {
  const metric = metricOf(problem);
  const trajectory: number[] = [];
  if (metric === 'regret') {
    const optimum = problem.optimalValue;
    if (optimum === undefined) throw new BenchmarkError(`problem ${problem.name} has no known optimum to measure regret against`);
    let best = Infinity;
    for (const o of observations) {
      if (o.feasible && o.objectives) best = Math.min(best, o.objectives[0]);
      trajectory.push(best - optimum);
    }
  } else {
    const reference = problem.reference;
    if (!reference) throw new BenchmarkError(`problem ${problem.name} has no reference point for the hypervolume`);
    const front: number[][] = [];
    for (const o of observations) {
      if (o.feasible && o.objectives) front.push([...o.objectives]);
      trajectory.push(front.length ? hypervolume(front, reference) : 0);
    }
  }
  const design = initialDesignSize(problem);
  const after = observations.slice(design);
  return {
    metric,
    value: trajectory.length ? trajectory[trajectory.length - 1] : metric === 'regret' ? Infinity : 0,
    trajectory,
    afterDesign: after.length,
    infeasibleAfterDesign: after.filter((o) => !o.feasible).length,
  };
}
