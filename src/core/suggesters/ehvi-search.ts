// Multi-objective suggestion: maximise EHVI (weighted by the probability of meeting the SLOs and by a
// power of the probability of feasibility, see surrogates.ts) over the admissible region; for q > 1,
// take the top point, fantasise its outcome at the posterior mean (kriging believer) in every
// objective GP and in the front, and search again.
// The front EHVI improves on is SCOOT's incumbent: the posterior means of the observations that met
// the SLOs, so that a lucky measurement does not raise the bar (on BraninCurrin with 2% noise, seeds
// 0–59: hypervolume of the recommended set 57.27 against 57.15 with the measured front; averaging
// EHVI over 16 fronts sampled jointly from the posterior, noisy-EHVI style, 57.23). Vanilla BO keeps
// the measured front.

import { ExpectedHypervolumeImprovement } from '../ehvi.js';
import type { GaussianProcess } from '../gp/index.js';
import { paretoFrontIndices } from '../pareto.js';
import type { OptimizationProblem } from '../problem.js';
import type { Rng } from '../rng.js';
import { searchAcquisition } from './acquisition-search.js';
import { logFeasibility, logProbabilityOfSlos, type Surrogates } from './surrogates.js';

export interface EhviInput {
  problem: OptimizationProblem;
  surrogates: Surrogates;
  /** Reference point in the objectives' original (minimisation) units. */
  reference: readonly number[];
  delta: number;
  rng: Rng;
  q: number;
  /** Unit-cube keys that must not be suggested (history and pending). */
  isTaken(x: readonly number[]): boolean;
  /** The front to improve on: the observations' posterior means (SCOOT) or their measurements (vanilla BO, the default). */
  front?: 'posterior-mean' | 'measured';
  populationSize?: number;
  generations?: number;
}

/** Candidates with no EHVI at all are ranked by how far (in σ) they sit beyond the reference, so the solver still has a slope to follow. */
const PLATEAU = 1e4;

export function ehviBatch(input: EhviInput): number[][] {
  const { problem, surrogates } = input;
  let gps: GaussianProcess[] = [...surrogates.objectives];
  const toModel = (y: readonly number[]) => y.map((v, k) => gps[k].toModel(v));
  const reference = toModel(input.reference);
  const meets = surrogates.X.filter((_, i) => surrogates.meetsSlos[i]);
  const means = gps.map((gp) => gp.predict(meets).mean);
  let front = input.front === 'posterior-mean' ? meets.map((_, i) => means.map((m) => m[i])) : surrogates.Y.filter((_, i) => surrogates.meetsSlos[i]).map(toModel);
  const chosen: number[][] = [];
  const seedsByRank = paretoFrontIndices(surrogates.Y).map((i) => surrogates.X[i]);

  for (let pick = 0; pick < input.q; pick++) {
    const ehvi = new ExpectedHypervolumeImprovement(front, reference);
    const evaluate = (candidates: readonly (readonly number[])[]): number[][] => {
      const predictions = gps.map((gp) => gp.predict(candidates));
      const logSlo = surrogates.outcomes.length > 0 ? logProbabilityOfSlos(surrogates.outcomes, candidates) : undefined;
      return candidates.map((candidate, i) => {
        // A single-objective NSGA-II returns only its best point: an already evaluated one must never win.
        if (input.isTaken(candidate) || chosen.some((y) => y.every((v, k) => v === candidate[k]))) return [Infinity];
        const mean = predictions.map((p) => p.mean[i]);
        const sigma = predictions.map((p) => Math.sqrt(p.variance[i]));
        const value = ehvi.value(mean, sigma);
        const logWeight = (logSlo ? logSlo[i] : 0) + logFeasibility(surrogates, candidate);
        if (value > 0) return [-(Math.log(value) + logWeight)];
        let beyond = 0;
        mean.forEach((m, k) => (beyond += Math.max(0, m - reference[k]) / sigma[k]));
        return [PLATEAU + beyond - logWeight];
      });
    };
    const result = searchAcquisition({
      problem,
      pof: surrogates.pof,
      delta: input.delta,
      rng: input.rng,
      seeds: [...chosen, ...seedsByRank],
      objectives: 1,
      evaluate,
      populationSize: input.populationSize,
      generations: input.generations,
    });
    const ranked = result.x
      .map((x, i) => ({ x, f: result.f[i][0], ok: result.violation[i] === 0 }))
      .filter((c) => c.ok && !input.isTaken(c.x) && !chosen.some((y) => y.every((v, k) => v === c.x[k])))
      .sort((a, b) => a.f - b.f);
    if (ranked.length === 0) break;
    const x = ranked[0].x;
    chosen.push(x);
    if (pick + 1 < input.q) {
      const believed = gps.map((gp) => gp.predict([x]).mean[0]);
      gps = gps.map((gp, k) => gp.conditionOn([x], [believed[k]]));
      front = [...front, believed];
    }
  }
  return chosen;
}
