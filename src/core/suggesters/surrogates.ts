// Fits what a BO suggestion needs from the history: one GP per objective on the feasible
// observations (infeasible ones never enter a GP), one GP per SLO-constrained metric, and the
// random-forest POF on every observation.

import { logProbabilityWithin } from '../acquisition.js';
import { FeasibilityModel } from '../feasibility.js';
import { GaussianProcess, type GpFitOptions, type PriorMean } from '../gp/index.js';
import type { OptimizationProblem } from '../problem.js';
import type { Observation } from '../types.js';

export interface OutcomeModel {
  gp: GaussianProcess;
  /** Bounds mapped through the GP's monotone output transform, so probabilities are unchanged. */
  lower?: number;
  upper?: number;
}

export interface Surrogates {
  /** Unit-cube inputs of the feasible observations, in history order. */
  X: number[][];
  /** Objective values of the feasible observations (minimisation space). */
  Y: number[][];
  /** Whether each feasible observation met every SLO as measured. */
  meetsSlos: boolean[];
  objectives: GaussianProcess[];
  outcomes: OutcomeModel[];
  pof: FeasibilityModel;
  /** Fit failures of the GPs above (each fell back to its prior medians), for the suggestions' warnings. */
  warnings: string[];
}

export interface SurrogateOptions {
  seed: number;
  outputTransform: NonNullable<GpFitOptions['outputTransform']>;
  /** 'auto': warping only where it beats its BIC penalty (the GP's default; forcing it on hurt Hartmann6). */
  warp: boolean | 'auto';
  /** The objective GPs' constant prior mean (default 'mean'); SCOOT uses scootPriorMean. */
  priorMean?: PriorMean;
}

/** Dimensions from which SCOOT's GPs take the worst observation as their prior mean. */
export const WORST_MEAN_MIN_DIMENSION = 5;

/**
 * SCOOT's prior mean: the worst observed value from 5 parameters up, as De Ath et al. (GECCO 2020)
 * found best there (gp/fit.ts), else the data's mean. Measured, SCOOT over seeds 0–59 (median regret
 * of the recommended configuration): Hartmann6 0.216 -> 0.129 (p75 0.479 -> 0.188), and seeds 0–19 of
 * hidden-crash Hartmann6 0.255 -> 0.208, noisy Hartmann6 0.412 -> 0.276, mixed Ackley 1.3e-14 -> 5.8e-15;
 * below 5 dimensions it did not help (Branin 6.3e-5 -> 1.2e-3, BraninCurrin 57.41 -> 57.31).
 */
export function scootPriorMean(problem: OptimizationProblem): PriorMean {
  return problem.space.dim >= WORST_MEAN_MIN_DIMENSION ? 'worst' : 'mean';
}

/** The surrogate settings SCOOT suggests with, and recommends with (recommend.ts). */
export function scootSurrogateOptions(problem: OptimizationProblem, seed: number): SurrogateOptions {
  return { seed, outputTransform: problem.objectives === 1 ? 'auto' : 'standardize', warp: 'auto', priorMean: scootPriorMean(problem) };
}

export function feasibleObservations(history: readonly Observation[]): Observation[] {
  return history.filter((o) => o.feasible && o.objectives !== undefined && o.objectives.every(Number.isFinite));
}

export function meetsOutcomeConstraints(problem: OptimizationProblem, o: Observation): boolean {
  const cs = problem.outcomeConstraints ?? [];
  return cs.every((c, j) => {
    const v = o.outcomes?.[j];
    if (v === undefined || !Number.isFinite(v)) return false;
    return (c.upper === undefined || v <= c.upper) && (c.lower === undefined || v >= c.lower);
  });
}

export function fitSurrogates(problem: OptimizationProblem, history: readonly Observation[], options: SurrogateOptions): Surrogates {
  const { space } = problem;
  const categorical = space.names.map((_, i) => space.isCategorical(i));
  const feasible = feasibleObservations(history);
  const X = feasible.map((o) => space.encode(o.params));
  const Y = feasible.map((o) => [...(o.objectives as readonly number[])]);
  const fit = (y: number[], k: number) =>
    GaussianProcess.fit(X, y, { seed: options.seed * 7919 + k, outputTransform: options.outputTransform, warp: options.warp, categorical, priorMean: options.priorMean });
  const objectives = Array.from({ length: problem.objectives }, (_, k) => fit(Y.map((row) => row[k]), k));
  const outcomes = (problem.outcomeConstraints ?? []).map((c, j): OutcomeModel => {
    // A feasible run may still lack a metric (e.g. no request finished): leave it out of that GP only.
    const rows = feasible.flatMap((o, i) => (Number.isFinite(o.outcomes?.[j]) ? [i] : []));
    const gp = GaussianProcess.fit(
      rows.map((i) => X[i]),
      rows.map((i) => feasible[i].outcomes?.[j] as number),
      // The prior mean stays the data's: "worst" has no one direction for a metric bounded from below.
      { seed: options.seed * 7919 + 100 + j, outputTransform: options.outputTransform, warp: options.warp, categorical },
    );
    return {
      gp,
      lower: c.lower === undefined ? undefined : gp.toModel(c.lower),
      upper: c.upper === undefined ? undefined : gp.toModel(c.upper),
    };
  });
  const pof = FeasibilityModel.fit(
    history.map((o) => space.encode(o.params)),
    history.map((o) => o.feasible),
    { seed: options.seed },
  );
  const warnings = [...objectives, ...outcomes.map((m) => m.gp)].flatMap((gp) => (gp.fitWarning ? [gp.fitWarning] : []));
  return { X, Y, meetsSlos: feasible.map((o) => meetsOutcomeConstraints(problem, o)), objectives, outcomes, pof, warnings };
}

const MIN_POF = 1e-6;

/**
 * The acquisitions are weighted by POF(x)^8, not POF(x). A crash costs a whole evaluation, and the
 * forest's vote is over-confident where it has seen little: on the hidden-crash Hartmann6, 8% of the
 * suggestions it rated POF >= 0.9 crashed. The power keeps POF = 1 at 1 but makes 0.9 weigh 0.43,
 * so among comparable candidates the solver takes the ones every tree agrees on. Measured over seeds
 * 20–39 (infeasible share of suggestions after the design / median regret): exponent 1: 13.3% / 0.30,
 * 4: 9.2% / 0.29, 8: 7.3% / 0.30, 16: 5.8% / 0.56 (vBO: 20.6% / 1.05); seeds 0–19 with 8: 6.7% / 0.30.
 */
export const POF_WEIGHT_EXPONENT = 8;

/** log of the acquisition weight POF(x)^8: 0 while no configuration has crashed (the forest is then constant 1). */
export function logFeasibility(s: Surrogates, x: readonly number[]): number {
  return POF_WEIGHT_EXPONENT * Math.log(Math.max(MIN_POF, s.pof.predict(x)));
}

/** log P(every SLO is met) at each candidate, from the outcome GPs (0 when there are no SLOs). */
export function logProbabilityOfSlos(outcomes: readonly OutcomeModel[], candidates: readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(candidates.length);
  for (const m of outcomes) {
    const { mean, variance } = m.gp.predict(candidates);
    for (let i = 0; i < candidates.length; i++) out[i] += logProbabilityWithin(mean[i], Math.sqrt(variance[i]), m.lower, m.upper);
  }
  return out;
}
