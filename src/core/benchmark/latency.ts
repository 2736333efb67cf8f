// How long one suggest() call takes with n observations on the 12-parameter synthetic problem
// (mixed types, a known constraint, a hidden crash region), for q = 1 and q = 4. The history is a
// fixed seeded sample, so every suggester is timed on the same data.

import { satisfiesKnownConstraints } from '../problem.js';
import { synthetic12 } from '../problems/synthetic12.js';
import type { TestProblem } from '../problems/test-problem.js';
import { Rng } from '../rng.js';
import type { Observation, Suggester } from '../types.js';
import { median } from '../stats.js';

export interface LatencyOptions {
  /** History sizes (default 30, 100, 200). */
  observations?: readonly number[];
  /** Batch sizes (default 1, 4). */
  q?: readonly number[];
  /** Timed calls per (n, q); the median is reported (default 3). */
  repeats?: number;
}

export interface LatencyRow {
  n: number;
  d: number;
  q: number;
  medianSeconds: number;
}

/** n observations of uniformly random admissible points of problem (seeded). */
export function syntheticHistory(problem: TestProblem, n: number, seed = 0): Observation[] {
  const rng = new Rng(seed, n, 0x1a7);
  const out: Observation[] = [];
  while (out.length < n) {
    const params = problem.space.decode(problem.space.names.map(() => rng.uniform()));
    if (!satisfiesKnownConstraints(problem, params)) continue;
    const objectives = problem.evaluate(params);
    out.push(objectives ? { params, feasible: true, objectives, source: 'sobol' } : { params, feasible: false, source: 'sobol' });
  }
  return out;
}

export function measureLatency(
  create: (problem: TestProblem) => Suggester,
  options: LatencyOptions = {},
  onRow?: (row: LatencyRow) => void,
): LatencyRow[] {
  const problem = synthetic12();
  const suggester = create(problem);
  const ns = options.observations ?? [30, 100, 200];
  const qs = options.q ?? [1, 4];
  const repeats = Math.max(1, options.repeats ?? 3);
  // One untimed call first so that JIT compilation is not billed to the first row.
  suggester.suggest({ history: syntheticHistory(problem, ns[0] ?? 30), q: 1 });
  const rows: LatencyRow[] = [];
  for (const n of ns) {
    const history = syntheticHistory(problem, n);
    for (const q of qs) {
      const times: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const started = performance.now();
        suggester.suggest({ history, q });
        times.push((performance.now() - started) / 1000);
      }
      const row = { n, d: problem.space.dim, q, medianSeconds: median(times) };
      rows.push(row);
      onRow?.(row);
    }
  }
  return rows;
}
