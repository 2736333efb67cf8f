// MACE (Lyu et al. 2018, as in HEBO and the paper): the Pareto set of three acquisitions — the
// confidence bound, log PI and log EI — found by NSGA-II; suggestions are drawn from it. Each
// acquisition is weighted by the probability of meeting the SLOs (the paper only filters afterwards)
// and by a power of the forest's probability of feasibility (on top of the paper's POF >= δ; see
// surrogates.ts): a random draw from the front otherwise lands on points the forest barely trusts as
// often as on safe ones.

import { logExpectedImprovement, logProbabilityOfImprovement, lowerConfidenceBound } from '../acquisition.js';
import type { OptimizationProblem } from '../problem.js';
import type { Rng } from '../rng.js';
import { searchAcquisition } from './acquisition-search.js';
import { logFeasibility, logProbabilityOfSlos, type Surrogates } from './surrogates.js';

export interface MaceInput {
  problem: OptimizationProblem;
  surrogates: Surrogates;
  delta: number;
  kappa: number;
  rng: Rng;
  populationSize?: number;
  generations?: number;
}

export interface MaceResult {
  /** The acquisitions' Pareto set, unit cube. */
  candidates: number[][];
  /** Posterior mean (model space) at each candidate. */
  mean: number[];
}

const MIN_PROBABILITY = 1e-12;

/**
 * The confidence bound is a signed quantity, so it cannot be multiplied by a probability directly:
 * the gain u = τ − LCB is scaled by p when positive and divided by p when negative, which keeps the
 * score increasing in both u and p.
 */
function weightedGain(gain: number, logP: number): number {
  const p = Math.max(MIN_PROBABILITY, Math.exp(logP));
  return gain >= 0 ? gain * p : gain / p;
}

export function maceParetoSet(input: MaceInput): MaceResult {
  const { problem, surrogates, kappa } = input;
  const gp = surrogates.objectives[0];
  const hasSlos = surrogates.outcomes.length > 0;
  const observedMean = gp.predict(surrogates.X).mean;
  // The incumbent is the best posterior mean among observations that met the SLOs: with noisy
  // benchmarks a lucky single measurement should not set the bar (HEBO does the same).
  let tau = Infinity;
  surrogates.meetsSlos.forEach((ok, i) => {
    if (ok && observedMean[i] < tau) tau = observedMean[i];
  });
  const noIncumbent = !Number.isFinite(tau);
  const order = surrogates.X.map((_, i) => i).sort((a, b) => observedMean[a] - observedMean[b]);

  const evaluate = (candidates: readonly (readonly number[])[]): number[][] => {
    const { mean, variance } = gp.predict(candidates);
    const logSlo = hasSlos ? logProbabilityOfSlos(surrogates.outcomes, candidates) : undefined;
    return candidates.map((x, i) => {
      const sigma = Math.sqrt(variance[i]);
      const lcb = lowerConfidenceBound(mean[i], sigma, kappa);
      const lp = (logSlo ? logSlo[i] : 0) + logFeasibility(surrogates, x);
      // Until some configuration meets the SLOs, find one that does: maximise P(SLOs), break ties by LCB.
      if (noIncumbent) return [-lp, lcb];
      return [
        -weightedGain(tau - lcb, lp),
        -(logProbabilityOfImprovement(mean[i], sigma, tau) + lp),
        -(logExpectedImprovement(mean[i], sigma, tau) + lp),
      ];
    });
  };

  const front = searchAcquisition({
    problem,
    pof: surrogates.pof,
    delta: input.delta,
    rng: input.rng,
    seeds: order.map((i) => surrogates.X[i]),
    objectives: noIncumbent ? 2 : 3,
    evaluate,
    populationSize: input.populationSize,
    generations: input.generations,
  });
  const feasibleFront = front.x.filter((_, i) => front.violation[i] === 0);
  const candidates = feasibleFront.length > 0 ? feasibleFront : [];
  const mean = candidates.length > 0 ? Array.from(gp.predict(candidates).mean) : [];
  return { candidates, mean };
}
