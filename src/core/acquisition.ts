// Acquisition functions for minimisation, evaluated on a GP's model-space posterior.
// All return values to MAXIMISE except `lowerConfidenceBound`, which the solver minimises.

import { logH, logNormalCdf } from './normal.js';

/** The exploration parameter ξ the paper fixes for PI and EI. */
export const IMPROVEMENT_MARGIN = 1e-4;

/**
 * κ = √β_t for the confidence bound, with β_t = 2·υ·log(t^(d/2+2)·π²/(3δ)) from Srinivas et al. (2010)
 * as the paper prescribes, scaled by υ = 0.5 and δ = 0.01 as in HEBO, on which SCOOT is built.
 * t counts suggestion rounds: observations / q.
 */
export function ucbKappa(observations: number, q: number, dimension: number): number {
  const upsilon = 0.5;
  const delta = 0.01;
  const t = Math.max(1, Math.floor(observations / Math.max(1, q)));
  const beta = 2 * upsilon * ((2 + dimension / 2) * Math.log(t) + Math.log((Math.PI * Math.PI) / (3 * delta)));
  return Math.sqrt(Math.max(0, beta));
}

export function lowerConfidenceBound(mean: number, sigma: number, kappa: number): number {
  return mean - kappa * sigma;
}

/** log P(f < best − ξ). */
export function logProbabilityOfImprovement(mean: number, sigma: number, best: number, xi = IMPROVEMENT_MARGIN): number {
  return logNormalCdf((best - xi - mean) / sigma);
}

/** log E[max(0, best − ξ − f)]. */
export function logExpectedImprovement(mean: number, sigma: number, best: number, xi = IMPROVEMENT_MARGIN): number {
  return Math.log(sigma) + logH((best - xi - mean) / sigma);
}

/** log P(lower <= g <= upper) for a Gaussian prediction of an outcome-constrained metric. */
export function logProbabilityWithin(mean: number, sigma: number, lower: number | undefined, upper: number | undefined): number {
  if (upper !== undefined && lower !== undefined) {
    const a = logNormalCdf((upper - mean) / sigma);
    const b = logNormalCdf((lower - mean) / sigma);
    // log(Φ(u) − Φ(l)) = a + log(1 − e^(b−a)); guard equality (zero-width interval).
    return b >= a ? -Infinity : a + Math.log1p(-Math.exp(b - a));
  }
  if (upper !== undefined) return logNormalCdf((upper - mean) / sigma);
  if (lower !== undefined) return logNormalCdf((mean - lower) / sigma);
  return 0;
}
