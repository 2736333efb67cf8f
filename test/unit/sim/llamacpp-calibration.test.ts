// The simulator's llama.cpp mode against the real measurements it was fitted to (the H200 run of
// 2026-12-04 in docs/results/llamacpp-h200/results.json, and the earlier measured grid in
// test/fixtures/llamacpp/h200-grid.jsonl): the committed profiles keep their fit, and the spread of the
// simulated run-to-run noise matches the spread measured between identical trials.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { gridCases, h200Cases, simulateCases, summarise, spearman } from '../../../scripts/llamacpp/offline/calibrate.js';
import { H200_D32676D7, H200_GRID_BUILD } from '../../../src/sim/llamacpp/profiles.js';
import { evaluateLlamaCpp } from '../../../src/sim/llamacpp/evaluate.js';

const root = resolve(__dirname, '../../..');

test('Spearman correlation on hand-checked ranks', () => {
  assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // Ranks 1,2,3,4 against 2,1,4,3: d² sums to 4, ρ = 1 − 6·4 / (4·15) = 0.6.
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [2, 1, 4, 3]) - 0.6) < 1e-12);
});

test('the H200 profile reproduces the 38 single-GPU trials within the measurement noise', async () => {
  const s = summarise(simulateCases(H200_D32676D7, await h200Cases(root)));
  assert.equal(s.cases, 38);
  // Two runs of one configuration on the GPU differed by a median 12.1% (TTFT) and 10.6% (TPOT).
  assert.ok(s.medianRelativeError.ttft < 0.15, `TTFT ${s.medianRelativeError.ttft}`);
  assert.ok(s.medianRelativeError.tpot < 0.12, `TPOT ${s.medianRelativeError.tpot}`);
  assert.ok(s.medianRelativeError.throughput < 0.12, `throughput ${s.medianRelativeError.throughput}`);
  for (const m of ['ttft', 'tpot', 'throughput'] as const) assert.ok(s.rankCorrelation[m] > 0.9, `${m} rank ${s.rankCorrelation[m]}`);
});

test('the grid profile reproduces the older grid, and its dead servers come out infeasible', () => {
  const results = simulateCases(H200_GRID_BUILD, gridCases(root));
  const s = summarise(results);
  assert.equal(s.cases, 37);
  assert.ok(s.medianRelativeError.tpot < 0.1 && s.medianRelativeError.throughput < 0.1, JSON.stringify(s.medianRelativeError));
  assert.ok(s.rankCorrelation.ttft > 0.9, `${s.rankCorrelation.ttft}`);
  assert.equal(s.feasibilityMismatches, 0);
  for (const r of results.filter((x) => x.c.excluded)) assert.ok(r.sim.errorRate > 0.5, r.c.label);
});

test('simulated repeats differ like measured repeats (median 12.1% TTFT, 10.6% TPOT between identical trials)', async () => {
  const cases = (await h200Cases(root)).filter((c) => /^scoot [0-6] \(seed 0\)$/.test(c.label) && c.label !== 'scoot 4 (seed 0)');
  const dt: number[] = [];
  const dp: number[] = [];
  for (const c of cases) {
    for (let k = 0; k < 10; k++) {
      const [a, b] = [2 * k, 2 * k + 1].map((seed) => evaluateLlamaCpp(c.params, c.arrivals.requests, c.arrivals.times, H200_D32676D7, { requestTimeoutSec: 30, noiseSeed: seed }).metrics);
      dt.push(Math.abs(a.ttft_mean - b.ttft_mean) / ((a.ttft_mean + b.ttft_mean) / 2));
      dp.push(Math.abs(a.tpot_mean - b.tpot_mean) / ((a.tpot_mean + b.tpot_mean) / 2));
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  assert.ok(median(dt) > 0.07 && median(dt) < 0.18, `TTFT ${median(dt)}`);
  assert.ok(median(dp) > 0.06 && median(dp) < 0.16, `TPOT ${median(dp)}`);
});
