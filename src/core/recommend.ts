// Which configuration a study would apply, and which it presents as its trade-offs: the one rule the
// study's summary (best, Pareto set) and the optimiser benchmark's score both use.
//
// Only evaluated configurations that were feasible, met every SLO as measured and satisfy the known
// constraints (a study measures a default that breaks them, but never recommends it) are candidates:
// a study recommends something it has run. An evaluation stopped early (censored: its values are
// bounds) is never one, but its values, imputed as the suggesters see them (censored.ts), inform the GPs. They are compared by the posterior mean of a GP per
// objective fitted to every feasible observation (the surrogate SCOOT itself uses), not by their
// single measurements: with noisy measurements the best measured value is biased low (the luckiest
// draw), while the posterior mean pools a configuration's measurement with its neighbours'. On
// noise-free data the GP interpolates and the rule picks the best measurement.
// One objective: the lowest estimate. Several: the configurations whose estimates are Pareto-optimal,
// and as "best" the one of them that alone dominates the most hypervolume against the reference
// (the default configuration's estimate in a study; SCOOT paper §5), or, when none improves on it in
// every objective, against the set's own nadir.

import { imputeCensored } from './censored.js';
import { GaussianProcess } from './gp/index.js';
import { hypervolume } from './hypervolume.js';
import { paretoFrontIndices } from './pareto.js';
import { satisfiesKnownConstraints, type OptimizationProblem } from './problem.js';
import { feasibleObservations, meetsOutcomeConstraints, scootSurrogateOptions } from './suggesters/surrogates.js';
import type { Observation } from './types.js';

/** Below this many feasible observations no GP is fitted: the estimates are the measurements. */
export const MIN_OBSERVATIONS_FOR_MODEL = 3;

export interface RecommendOptions {
  /** Seeds the GP fits (default 0). */
  seed?: number;
  /**
   * Hypervolume reference for choosing `best` among several objectives, in minimisation space:
   * either a point or the history index of an observation whose estimate is the reference.
   */
  reference?: readonly number[] | { observation: number };
  /** History indices never to recommend (besides censored ones), e.g. a study's trials stopped early. */
  excluded?: readonly number[];
}

export interface Recommendation {
  /** History index of the configuration to apply; undefined when no candidate exists. */
  best?: number;
  /** History indices of the recommended trade-offs, ascending (one objective: just `best`). */
  pareto: number[];
  /** Objective estimates (minimisation space, measured units) per history index; undefined for non-candidates. */
  estimates: (number[] | undefined)[];
}

export function recommend(problem: OptimizationProblem, history: readonly Observation[], options: RecommendOptions = {}): Recommendation {
  const seed = options.seed ?? 0;
  const excluded = new Set(options.excluded ?? []);
  history.forEach((o, i) => {
    if (o.censored) excluded.add(i);
  });
  const estimates = estimateObjectives(problem, imputeCensored(problem, history, { seed }), seed);
  const admissible = (o: Observation, i: number) =>
    !excluded.has(i) && o.feasible && o.objectives !== undefined && meetsOutcomeConstraints(problem, o) && satisfiesKnownConstraints(problem, o.params);
  const candidates = history.map((o, i) => (admissible(o, i) && estimates[i] !== undefined ? i : -1)).filter((i) => i >= 0);
  const reference = options.reference === undefined ? undefined : 'observation' in options.reference ? estimates[options.reference.observation] : [...options.reference];
  const chosen = chooseRecommendation(candidates.map((i) => estimates[i] as number[]), reference);
  const isCandidate = new Set(candidates);
  return {
    ...(chosen.best !== undefined ? { best: candidates[chosen.best] } : {}),
    pareto: chosen.pareto.map((k) => candidates[k]).sort((a, b) => a - b),
    estimates: history.map((_, i) => (isCandidate.has(i) ? estimates[i] : undefined)),
  };
}

/**
 * Posterior-mean estimates of every feasible observation's objectives (measured units), or the
 * measurements themselves when there are too few observations to fit a GP.
 */
export function estimateObjectives(problem: OptimizationProblem, history: readonly Observation[], seed: number): (number[] | undefined)[] {
  const feasible = new Set(feasibleObservations(history));
  const rows = history.flatMap((o, i) => (feasible.has(o) ? [i] : []));
  const out: (number[] | undefined)[] = history.map((o) => (feasible.has(o) ? [...(o.objectives as readonly number[])] : undefined));
  if (rows.length < MIN_OBSERVATIONS_FOR_MODEL) return out;
  const { space } = problem;
  const categorical = space.names.map((_, i) => space.isCategorical(i));
  const X = rows.map((i) => space.encode(history[i].params));
  const settings = scootSurrogateOptions(problem, seed);
  for (let k = 0; k < problem.objectives; k++) {
    const y = rows.map((i) => (history[i].objectives as readonly number[])[k]);
    // The surrogate SCOOT fits (surrogates.ts): the same transform, warping, prior mean and seed scheme.
    const gp = GaussianProcess.fit(X, y, { seed: seed * 7919 + k, outputTransform: settings.outputTransform, warp: settings.warp, priorMean: settings.priorMean, categorical });
    const mean = gp.predict(X).mean;
    rows.forEach((i, r) => ((out[i] as number[])[k] = gp.fromModel(mean[r])));
  }
  return out;
}

/**
 * The choice itself, on objective vectors (minimisation space): `best` and `pareto` index `points`.
 * One objective: the lowest. Several: the Pareto-optimal points, and among them the one whose own
 * box against `reference` is largest (against the nadir plus 10% of the range when none beats the
 * reference in every objective).
 */
export function chooseRecommendation(points: readonly (readonly number[])[], reference?: readonly number[]): { best?: number; pareto: number[] } {
  if (points.length === 0) return { pareto: [] };
  if (points[0].length === 1) {
    let best = 0;
    points.forEach((p, i) => {
      if (p[0] < points[best][0]) best = i;
    });
    return { best, pareto: [best] };
  }
  const pareto = paretoFrontIndices(points);
  const front = pareto.map((i) => points[i]);
  const volume = (ref: readonly number[]) => front.map((p) => hypervolume([p], ref));
  let volumes = reference ? volume(reference) : [];
  if (volumes.every((v) => v <= 0)) {
    const nadir = front[0].map((_, k) => Math.max(...front.map((p) => p[k])));
    const ideal = front[0].map((_, k) => Math.min(...front.map((p) => p[k])));
    volumes = volume(nadir.map((v, k) => v + 0.1 * (v - ideal[k] || Math.abs(v) || 1)));
  }
  let best = 0;
  volumes.forEach((v, i) => {
    if (v > volumes[best]) best = i;
  });
  return { best: pareto[best], pareto };
}
