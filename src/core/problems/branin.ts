// Branin–Hoo on [−5, 10] × [0, 15] (Dixon & Szegő 1978; constants as in Surjanovic & Bingham's
// Virtual Library and BoTorch's `Branin`). Three global minimisers, f* = 0.397887.

import type { Params } from '../types.js';
import { boxSpace, numbersOf, type TestProblem } from './test-problem.js';

const b = 5.1 / (4 * Math.PI ** 2);
const c = 5 / Math.PI;
const t = 1 / (8 * Math.PI);

/** Branin at native coordinates. */
export function braninValue(x1: number, x2: number): number {
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

export function branin(): TestProblem {
  const space = boxSpace([[-5, 10], [0, 15]]);
  return {
    name: 'branin',
    description: 'Branin (2-D continuous), min 0.397887',
    space,
    constraints: [],
    objectives: 1,
    optimalValue: 0.397887,
    optimizers: [{ x1: -Math.PI, x2: 12.275 }, { x1: Math.PI, x2: 2.275 }, { x1: 9.42478, x2: 2.475 }],
    evaluate(params: Params) {
      const [x1, x2] = numbersOf(params, space.names);
      return [braninValue(x1, x2)];
    },
  };
}
