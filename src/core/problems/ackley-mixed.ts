// Mixed-variable Ackley as in BoTorch's `AckleyMixed` (Daulton et al., "Bayesian Optimization over
// Discrete and Mixed Spaces via Probabilistic Reparameterization", NeurIPS 2022) with dim = 8:
// five binary parameters b1..b5 ∈ {0, 1} and three continuous x1..x3 ∈ [0, 1], f = Ackley_8 of the
// concatenated vector (a = 20, b = 0.2, c = 2π). The optimum is the origin (all false, all 0), f* = 0.

import { Space } from '../space.js';
import type { Params, SpaceSpec } from '../types.js';
import { numbersOf, type TestProblem } from './test-problem.js';

export function ackleyValue(x: readonly number[]): number {
  const d = x.length;
  let sq = 0;
  let cos = 0;
  for (const v of x) {
    sq += v * v;
    cos += Math.cos(2 * Math.PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cos / d) + 20 + Math.E;
}

export function ackleyMixed(): TestProblem {
  const spec: SpaceSpec = {};
  for (let i = 1; i <= 5; i++) spec[`b${i}`] = { type: 'bool' };
  for (let i = 1; i <= 3; i++) spec[`x${i}`] = { type: 'float', min: 0, max: 1 };
  const space = new Space(spec);
  return {
    name: 'ackley-mixed',
    description: 'Ackley (5 binary + 3 continuous in [0,1]), min 0',
    space,
    constraints: [],
    objectives: 1,
    optimalValue: 0,
    optimizers: [{ b1: false, b2: false, b3: false, b4: false, b5: false, x1: 0, x2: 0, x3: 0 }],
    evaluate(params: Params) {
      return [Math.max(0, ackleyValue(numbersOf(params, space.names)))];
    },
  };
}
