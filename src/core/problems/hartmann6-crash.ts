// Hartmann6 with a hidden crash region: like an engine that dies on some flag combinations, the
// black box returns no value in about 40% of the cube. The region is a fixed union of
//   a half-space  x3 + x6 > 1.2                 (≈ 32% of the cube; its face passes 0.047 from the
//                                                global minimiser, so the best basin is cut in half)
//   and a ball    |x − (1,1,0,1,1,0)| < 1       (≈ 8% more; it swallows other good basins)
// Monte Carlo: volume ≈ 0.40, and ≈ 35% of the best 2% of the cube crashes (test/unit/core/problems).
// The global minimum −3.32237 stays feasible, so regret is measured against it as for Hartmann6.

import type { Params } from '../types.js';
import { hartmann6, hartmann6Value } from './hartmann6.js';
import { numbersOf, type TestProblem } from './test-problem.js';

const BALL_CENTRE = [1, 1, 0, 1, 1, 0];
const BALL_RADIUS = 1;
const HALF_SPACE_LIMIT = 1.2;

export function hartmann6Crashes(x: readonly number[]): boolean {
  if (x[2] + x[5] > HALF_SPACE_LIMIT) return true;
  let d2 = 0;
  for (let j = 0; j < 6; j++) d2 += (x[j] - BALL_CENTRE[j]) ** 2;
  return d2 < BALL_RADIUS * BALL_RADIUS;
}

export function hartmann6Crash(): TestProblem {
  const base = hartmann6();
  return {
    ...base,
    name: 'hartmann6-crash',
    description: 'Hartmann6 with a hidden crash region (≈40% of the cube), min −3.32237',
    evaluate(params: Params) {
      const x = numbersOf(params, base.space.names);
      return hartmann6Crashes(x) ? undefined : [hartmann6Value(x)];
    },
  };
}
