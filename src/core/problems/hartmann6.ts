// Hartmann 6-D on [0, 1]^6 (constants from Surjanovic & Bingham's Virtual Library, as in BoTorch's
// `Hartmann(dim=6)`). Six local minima; global f* = −3.32237 at z below.

import type { Params } from '../types.js';
import { boxSpace, numbersOf, type TestProblem } from './test-problem.js';

const ALPHA = [1.0, 1.2, 3.0, 3.2];
const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];

export const HARTMANN6_MINIMIZER: readonly number[] = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573];
export const HARTMANN6_MINIMUM = -3.32237;

export function hartmann6Value(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += A[i][j] * (x[j] - 1e-4 * P[i][j]) ** 2;
    sum += ALPHA[i] * Math.exp(-inner);
  }
  return -sum;
}

export function toParams(x: readonly number[], prefix = 'x'): Params {
  const out: Params = {};
  x.forEach((v, i) => {
    out[`${prefix}${i + 1}`] = v;
  });
  return out;
}

export function hartmann6(): TestProblem {
  const space = boxSpace(Array.from({ length: 6 }, () => [0, 1] as const));
  return {
    name: 'hartmann6',
    description: 'Hartmann6 (6-D continuous), min −3.32237',
    space,
    constraints: [],
    objectives: 1,
    optimalValue: HARTMANN6_MINIMUM,
    optimizers: [toParams(HARTMANN6_MINIMIZER)],
    evaluate(params: Params) {
      return [hartmann6Value(numbersOf(params, space.names))];
    },
  };
}
