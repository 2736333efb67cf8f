import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConvergence, DEFAULT_CONVERGENCE_TOLERANCE, evaluationsWithoutProgress, progressTrajectory, regretBound } from '../../../src/core/convergence.js';
import type { OptimizationProblem } from '../../../src/core/problem.js';
import { branin } from '../../../src/core/problems/branin.js';
import { braninCurrin } from '../../../src/core/problems/branin-currin.js';
import { Space } from '../../../src/core/space.js';
import type { Observation } from '../../../src/core/types.js';
import { Rng } from '../../../src/core/rng.js';

const space = new Space({ x: { type: 'float', min: 0, max: 1 } });
const one: OptimizationProblem = { space, constraints: [], objectives: 1, initialDesignSize: 2, outcomeConstraints: [{ name: 'slo', upper: 10 }] };
const at = (y: number, extra: Partial<Observation> = {}): Observation => ({ params: { x: Math.abs(Math.sin(y * 7.1)) }, feasible: true, objectives: [y], outcomes: [1], ...extra });

test('patience counts evaluations since the last improvement larger than the tolerance of the observed range', () => {
  // Range 10 (from 12 down to 2): improvements must beat 1% of it, 0.1.
  const h = [at(12), at(8), at(5), at(2), at(1.95), at(3), at(2.5), at(1.92)];
  assert.equal(evaluationsWithoutProgress(one, h, 0.01), 4, 'the 0.05 and 0.03 steps are below the tolerance');
  assert.equal(evaluationsWithoutProgress(one, h, 0), 0);
  assert.equal(checkConvergence(one, h, { patience: 4, tolerance: 0.01 }, 0)?.rule, 'patience');
  assert.equal(checkConvergence(one, h, { patience: 5, tolerance: 0.01 }, 0), undefined);
  // The default tolerance (1e-8 of the range, 1e-7 here) counts both small steps as progress.
  assert.equal(DEFAULT_CONVERGENCE_TOLERANCE, 1e-8);
  assert.equal(evaluationsWithoutProgress(one, h, DEFAULT_CONVERGENCE_TOLERANCE), 0);
  assert.equal(checkConvergence(one, h, { patience: 1 }, 0), undefined);
});

test('the default tolerance counts a refinement of 1e-7 of the range as progress, not one of 1e-9 (rounding)', () => {
  // Range 10: Branin's late steps are of this size, and stopping on them gave up the regret (bench-convergence).
  const refined = [at(12), at(2), at(3), at(2 - 1e-6), at(3)];
  assert.equal(evaluationsWithoutProgress(one, refined, DEFAULT_CONVERGENCE_TOLERANCE), 1);
  const rounding = [at(12), at(2), at(3), at(2 - 1e-8), at(3)];
  assert.equal(evaluationsWithoutProgress(one, rounding, DEFAULT_CONVERGENCE_TOLERANCE), 3);
  assert.match(checkConvergence(one, rounding, { patience: 2 }, 0)?.reason ?? '', /by more than 0\.000001% of the observed range \(patience 2\)/);
});

test('progress ignores what cannot be recommended: infeasible, SLO-missing and censored observations', () => {
  const h = [at(5), at(1, { feasible: false, objectives: undefined }), at(0.5, { outcomes: [11] }), at(0.2, { censored: { objectives: [true] } }), at(4)];
  assert.deepEqual(progressTrajectory(one, h), [5, 5, 5, 5, 4]);
});

test('patience never counts the initial design (default + design) and needs progress to have started', () => {
  const h = [at(3), at(3), at(3)];
  assert.equal(checkConvergence(one, h, { patience: 1 }, 0), undefined, 'still in the design');
  assert.equal(checkConvergence(one, [...h, at(3), at(3)], { patience: 2 }, 0)?.rule, 'patience');
});

test('hypervolume progress for several objectives (branin-currin): the trajectory never falls and patience reads it', () => {
  const p = braninCurrin();
  const rng = new Rng(3);
  const h: Observation[] = Array.from({ length: 80 }, () => {
    const params = { x1: rng.uniform(), x2: rng.uniform() };
    return { params, feasible: true, objectives: p.evaluate(params) };
  });
  const hv = progressTrajectory(p, h);
  for (let i = 1; i < hv.length; i++) assert.ok(hv[i] >= hv[i - 1]);
  assert.ok(hv[hv.length - 1] > 0, "some points beat the reference point");
  const stale = evaluationsWithoutProgress(p, h, 0.01) as number;
  assert.ok(stale >= 0 && stale < h.length);
});

test('regret bound: large while the GP is unsure, small once the optimum region is sampled densely (Branin)', () => {
  const p = branin();
  const rng = new Rng(5);
  const coarse: Observation[] = Array.from({ length: 6 }, () => {
    const params = { x1: -5 + 15 * rng.uniform(), x2: 15 * rng.uniform() };
    return { params, feasible: true, objectives: p.evaluate(params) };
  });
  const loose = regretBound(p, coarse, 1) as number;
  const dense: Observation[] = [...coarse];
  for (const [cx, cy] of [[-Math.PI, 12.275], [Math.PI, 2.275], [9.42478, 2.475]]) {
    for (let i = 0; i < 12; i++) {
      const params = { x1: Math.min(10, Math.max(-5, cx + 0.6 * (rng.uniform() - 0.5))), x2: Math.min(15, Math.max(0, cy + 0.6 * (rng.uniform() - 0.5))) };
      dense.push({ params, feasible: true, objectives: p.evaluate(params) });
    }
  }
  for (let i = 0; i < 30; i++) {
    const params = { x1: -5 + 15 * rng.uniform(), x2: 15 * rng.uniform() };
    dense.push({ params, feasible: true, objectives: p.evaluate(params) });
  }
  const tight = regretBound(p, dense, 1) as number;
  assert.ok(loose > 5 * tight, `bound ${loose} with 6 points, ${tight} with ${dense.length}`);
  const best = Math.min(...dense.map((o) => (o.objectives as number[])[0]));
  assert.ok(tight >= 0 && best - (p.optimalValue as number) <= tight + 0.05, `true regret ${best - 0.397887} within the bound ${tight}`);
});
