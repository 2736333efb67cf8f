// ZDT1 (Zitzler, Deb & Thiele 2000) with d = 4 on [0, 1]^4, as in BoTorch's `ZDT1`:
//   f1 = x1, g = 1 + 9/(d−1)·Σ_{i>1} x_i, f2 = g·(1 − sqrt(x1/g)).
// Pareto front f2 = 1 − sqrt(f1) (x2..xd = 0); with reference [11, 11] the maximum hypervolume is
// 121 − ∫0^1 (1 − sqrt t) dt = 121 − 1/3 = 120.6667.

import type { Params } from '../types.js';
import { boxSpace, numbersOf, type TestProblem } from './test-problem.js';

export function zdt1Value(x: readonly number[]): [number, number] {
  const f1 = x[0];
  let s = 0;
  for (let i = 1; i < x.length; i++) s += x[i];
  const g = 1 + (9 * s) / (x.length - 1);
  return [f1, g * (1 - Math.sqrt(f1 / g))];
}

export const ZDT1_MAX_HV = 121 - 1 / 3;

export function zdt1(dim = 4): TestProblem {
  const space = boxSpace(Array.from({ length: dim }, () => [0, 1] as const));
  return {
    name: 'zdt1',
    description: `ZDT1 (d = ${dim}, 2 objectives), ref [11, 11], max HV 120.67`,
    space,
    constraints: [],
    objectives: 2,
    reference: [11, 11],
    maxHypervolume: ZDT1_MAX_HV,
    evaluate(params: Params) {
      return zdt1Value(numbersOf(params, space.names));
    },
  };
}
