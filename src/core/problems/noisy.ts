// Noisy variants of benchmark problems (issue 16): real engines are noisy (a re-test of the same
// configuration moves TTFT by several percent), so these measure whether a suggester recommends a
// good configuration rather than a lucky measurement. Each measurement draws fresh noise from the
// run's stream; without a stream the problem answers its noise-free value.

import type { Params } from '../types.js';
import type { Rng } from '../rng.js';
import { braninCurrin } from './branin-currin.js';
import { hartmann6 } from './hartmann6.js';
import type { TestProblem } from './test-problem.js';

/** Hartmann6 plus Gaussian noise of σ = 0.1 on the objective (its range is about 3.3). */
export const HARTMANN6_NOISE_SD = 0.1;
/** BraninCurrin with each objective multiplied by (1 + 0.02·ε), ε standard normal: 2% noise. */
export const BRANIN_CURRIN_RELATIVE_NOISE = 0.02;

export function hartmann6Noisy(): TestProblem {
  const base = hartmann6();
  return withNoise(base, 'hartmann6-noisy', `${base.description}, Gaussian noise σ = ${HARTMANN6_NOISE_SD}`, `additive N(0, ${HARTMANN6_NOISE_SD}²)`, (y, rng) => y.map((v) => v + HARTMANN6_NOISE_SD * rng.normal()));
}

export function braninCurrinNoisy(): TestProblem {
  const base = braninCurrin();
  const percent = 100 * BRANIN_CURRIN_RELATIVE_NOISE;
  return withNoise(base, 'branin-currin-noisy', `${base.description}, ${percent}% noise`, `multiplicative 1 + N(0, ${BRANIN_CURRIN_RELATIVE_NOISE}²) per objective`, (y, rng) => y.map((v) => v * (1 + BRANIN_CURRIN_RELATIVE_NOISE * rng.normal())));
}

function withNoise(base: TestProblem, name: string, description: string, noise: string, measure: (y: number[], rng: Rng) => number[]): TestProblem {
  return {
    ...base,
    name,
    description,
    noise,
    evaluate(params: Params, rng?: Rng) {
      const y = base.evaluate(params);
      return y && rng ? measure(y, rng) : y;
    },
  };
}
