// Gramacy et al. (2016), "Modeling an Augmented Lagrangian for Blackbox Constrained Optimization",
// Technometrics 58(1): minimise x1 + x2 on [0, 1]^2 subject to
//   c1(x) = 1.5 − x1 − 2·x2 − 0.5·sin(2π(x1² − 2·x2)) <= 0   and   c2(x) = x1² + x2² − 1.5 <= 0.
// Here both constraints are *known* (cheap, stated up front), which is how SCOOT treats engine rules.
// The paper's optimum is ≈ 0.5998 at (0.1954, 0.4044); refined by bisection along c1 = 0 it is 0.599788 at (0.19512, 0.40467).

import type { Params } from '../types.js';
import { boxSpace, inequalityConstraint, numbersOf, type TestProblem } from './test-problem.js';

export function gramacyC1(x1: number, x2: number): number {
  return 1.5 - x1 - 2 * x2 - 0.5 * Math.sin(2 * Math.PI * (x1 * x1 - 2 * x2));
}

export function gramacyC2(x1: number, x2: number): number {
  return x1 * x1 + x2 * x2 - 1.5;
}

export const GRAMACY_MINIMUM = 0.599788;

export function gramacy(): TestProblem {
  const space = boxSpace([[0, 1], [0, 1]]);
  const xy = (p: Params) => numbersOf(p, space.names);
  return {
    name: 'gramacy',
    description: 'Gramacy x1+x2 with two known constraints, min 0.5998',
    space,
    constraints: [
      inequalityConstraint('1.5 - x1 - 2*x2 - 0.5*sin(2*pi*(x1^2 - 2*x2)) <= 0', (p) => gramacyC1(xy(p)[0], xy(p)[1])),
      inequalityConstraint('x1^2 + x2^2 - 1.5 <= 0', (p) => gramacyC2(xy(p)[0], xy(p)[1])),
    ],
    objectives: 1,
    optimalValue: GRAMACY_MINIMUM,
    optimizers: [{ x1: 0.1954, x2: 0.4044 }],
    evaluate(params: Params) {
      const [x1, x2] = xy(params);
      return [x1 + x2];
    },
  };
}
