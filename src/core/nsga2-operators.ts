// Variation operators for real-coded genetic algorithms on the unit cube, as in Deb's reference
// NSGA-II code (nsga2-ginfo, also what pymoo implements): bounded simulated binary crossover (Deb &
// Agrawal 1995) and bounded polynomial mutation (Deb & Goyal 1996). Categorical coordinates, whose
// order means nothing, get uniform crossover and random-reset mutation instead.

import type { Rng } from './rng.js';

const EPS = 1e-14;

/**
 * Bounded SBX on [0, 1], in place on copies a and b of the parents. Each ordinary coordinate is
 * recombined with probability perVariable; categorical ones (mask true) are swapped with
 * probability 0.5.
 */
export function simulatedBinaryCrossover(a: number[], b: number[], eta: number, perVariable: number, rng: Rng, categorical?: readonly boolean[]): void {
  const power = 1 / (eta + 1);
  for (let j = 0; j < a.length; j++) {
    if (categorical?.[j]) {
      if (rng.uniform() < 0.5) [a[j], b[j]] = [b[j], a[j]];
      continue;
    }
    if (rng.uniform() >= perVariable) continue;
    const y1 = Math.min(a[j], b[j]);
    const y2 = Math.max(a[j], b[j]);
    if (y2 - y1 <= EPS) continue;
    const u = rng.uniform();
    const lowerSpread = spreadFactor(1 + (2 * y1) / (y2 - y1), u, eta, power);
    const upperSpread = spreadFactor(1 + (2 * (1 - y2)) / (y2 - y1), u, eta, power);
    const c1 = clamp01(0.5 * (y1 + y2 - lowerSpread * (y2 - y1)));
    const c2 = clamp01(0.5 * (y1 + y2 + upperSpread * (y2 - y1)));
    if (rng.uniform() < 0.5) {
      a[j] = c2;
      b[j] = c1;
    } else {
      a[j] = c1;
      b[j] = c2;
    }
  }
}

/** SBX's spread factor for one side, with the distribution truncated so the child stays in bounds. */
function spreadFactor(beta: number, u: number, eta: number, power: number): number {
  const alpha = 2 - Math.pow(beta, -(eta + 1));
  return u <= 1 / alpha ? Math.pow(u * alpha, power) : Math.pow(1 / (2 - u * alpha), power);
}

/** Bounded polynomial mutation on [0, 1] in place; categorical coordinates are redrawn uniformly. */
export function polynomialMutation(x: number[], eta: number, rate: number, rng: Rng, categorical?: readonly boolean[]): void {
  const power = 1 / (eta + 1);
  for (let j = 0; j < x.length; j++) {
    if (rng.uniform() >= rate) continue;
    if (categorical?.[j]) {
      x[j] = rng.uniform();
      continue;
    }
    const y = x[j];
    const u = rng.uniform();
    let delta: number;
    if (u < 0.5) {
      const val = 2 * u + (1 - 2 * u) * Math.pow(1 - y, eta + 1);
      delta = Math.pow(val, power) - 1;
    } else {
      const val = 2 * (1 - u) + 2 * (u - 0.5) * Math.pow(y, eta + 1);
      delta = 1 - Math.pow(val, power);
    }
    x[j] = clamp01(y + delta);
  }
}

export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
