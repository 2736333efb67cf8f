// A 12-parameter stand-in for an engine's flag space, used to time suggest(): six floats, a log-scale
// and a linear int tied by a known constraint (like max-num-batched-tokens >= max-num-seqs), a
// numeric and a string enum, two bools. The objective mixes Ackley, Levy and Rosenbrock terms over
// the unit-cube encoding; a hidden crash region (≈ 20% of the space: "too many tokens with too much
// memory") makes the feasibility forest do real work. No published optimum: it only drives latency.

import { Space } from '../space.js';
import type { Params } from '../types.js';
import { ackleyValue } from './ackley-mixed.js';
import { inequalityConstraint, ProblemError, type TestProblem } from './test-problem.js';

function levyValue(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const d = w.length;
  let s = Math.sin(Math.PI * w[0]) ** 2;
  for (let i = 0; i < d - 1; i++) s += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
  return s + (w[d - 1] - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[d - 1]) ** 2);
}

function rosenbrockValue(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (x[i] - 1) ** 2;
  return s;
}

export function synthetic12(): TestProblem {
  const space = new Space({
    x1: { type: 'float', min: 0, max: 1 },
    x2: { type: 'float', min: 0, max: 1 },
    x3: { type: 'float', min: 0, max: 1 },
    x4: { type: 'float', min: 0, max: 1 },
    x5: { type: 'float', min: 0, max: 1 },
    memory: { type: 'float', min: 0.5, max: 0.95 },
    tokens: { type: 'int', min: 64, max: 16384, log: true },
    seqs: { type: 'int', min: 1, max: 512 },
    block: { type: 'enum', values: [8, 16, 32] },
    policy: { type: 'enum', values: ['fcfs', 'priority', 'lottery'] },
    chunked: { type: 'bool' },
    caching: { type: 'bool' },
  });
  const num = (p: Params, name: string): number => {
    const v = p[name];
    if (typeof v !== 'number') throw new ProblemError(`parameter "${name}" must be a number`);
    return v;
  };
  return {
    name: 'synthetic12',
    description: '12-D mixed Ackley/Levy/Rosenbrock with a hidden crash region (latency only)',
    space,
    constraints: [inequalityConstraint('tokens >= seqs', (p) => num(p, 'seqs') - num(p, 'tokens'))],
    objectives: 1,
    evaluate(params: Params) {
      const u = space.encode(params);
      // memory (u[5]) and tokens (u[6]) together exhaust the device: the hidden constraint.
      if (u[5] + u[6] > 1.4) return undefined;
      const ackley = ackleyValue(u.slice(0, 4).map((v) => 4 * (v - 0.3)));
      const levy = levyValue(u.slice(4, 8).map((v) => 20 * v - 10));
      const rosen = rosenbrockValue(u.slice(8, 12).map((v) => 2 * v));
      return [ackley + 0.1 * levy + 0.01 * rosen];
    },
  };
}
