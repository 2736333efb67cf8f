// The comparison the real-engine results are built from (scripts/llamacpp/compare.ts), on records with
// hand-computed answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { algorithmSummaries, compareStudies, type StudyInput } from '../../../scripts/llamacpp/compare.js';
import type { TrialRecord, TrialSource } from '../../../src/protocol/study.js';
import { atCommonBudget, renderTables } from '../../../scripts/llamacpp/results.js';

const OBJECTIVES = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'tpot_mean', goal: 'min' as const }];

function rec(trial: number, source: TrialSource, y?: [number, number], phases?: TrialRecord['phases']): TrialRecord {
  const start = Date.UTC(2026, 11, 4, 12, 0, trial * 30);
  return {
    trial, source, slot: 0, params: source === 'default' ? {} : { parallel: trial },
    status: y ? 'ok' : 'infeasible', ...(y ? { metrics: { ttft_mean: y[0], tpot_mean: y[1] } } : { reasonCode: 'error-rate', reason: 'timeouts' }),
    startedAt: new Date(start).toISOString(), endedAt: new Date(start + 20_000).toISOString(), ...(phases ? { phases } : {}),
  };
}

const phases = { startup: 4, warmup: 0.5, load: 8, drain: 6, teardown: 1 };

test('hypervolume against the mean default, best values against the same study\'s default, failures after the design, phases', () => {
  const scoot: StudyInput = {
    name: 'scoot', designSize: 2, chosenTrial: 4,
    records: [rec(0, 'default', [1000, 20], phases), rec(1, 'sobol', [2000, 30], phases), rec(2, 'sobol', undefined, phases), rec(3, 'bo', [500, 15], phases), rec(4, 'bo', [800, 10], phases), rec(5, 'bo')],
  };
  const random: StudyInput = {
    name: 'random', designSize: 2,
    records: [rec(0, 'default', [1200, 22]), rec(1, 'random', [2000, 30]), rec(2, 'random'), rec(3, 'random', [1050, 21]), rec(4, 'random'), rec(5, 'random', [900, 25])],
  };
  const c = compareStudies(OBJECTIVES, [scoot, random]);
  assert.deepEqual(c.reference, { point: [1100, 21], from: 'default' });
  const [s, r] = c.studies;
  // Front {(500,15), (800,10)} against (1100, 21): 600·6 + 300·5. The default (1000, 20) adds nothing beyond them.
  assert.equal(s.hypervolume, 5100);
  assert.deepEqual(s.hypervolumeTrajectory, [100, 100, 100, 3600, 5100, 5100]);
  // Random's default (1200, 22) and (900, 25) lie outside the box, (1050, 21) on its TPOT edge: no volume.
  assert.equal(r.hypervolume, 0);
  assert.deepEqual(s.best.ttft_mean, { trial: 3, value: 500, changeVsDefault: -50 });
  assert.deepEqual(s.best.tpot_mean, { trial: 4, value: 10, changeVsDefault: -50 });
  assert.equal(s.infeasibleAfterDesign, 1);
  assert.equal(s.afterDesign, 3);
  assert.equal(r.infeasibleAfterDesign, 1);
  assert.deepEqual(s.chosen?.changeVsDefault, { ttft_mean: -20, tpot_mean: -50 });
  assert.deepEqual(s.phases.drain, { median: 6, total: 30 });
  assert.deepEqual(s.phases.trial, { median: 20, total: 120 });
  assert.equal(s.wallSeconds, 170);
  assert.deepEqual(s.reasons, { 'error-rate': 2 });
  assert.deepEqual(c.defaultRuns, [{ study: 'scoot', status: 'ok', objectives: [1000, 20] }, { study: 'random', status: 'ok', objectives: [1200, 22] }]);

  const md = renderTables({ date: '2026-12-04', gpu: 'NVIDIA H200', llamacppCommit: 'd32676d77426540327835040d5d3279728f0b4c8', model: { n_layer: 22, n_embd: 2048, n_head: 32, n_head_kv: 4, n_ff: 5632, n_vocab: 32000, n_ctx: 4096, parameters: 1.1e9 }, workload: { rate: 10, durationSec: 8 }, budget: 6 }, c);
  assert.match(md, /^2026-12-04, NVIDIA H200, llama.cpp `d32676d7`, random-weight llama model 22 layers × 2048/);
  assert.match(md, /\| scoot \| 6 \| 5100 \| 500 ms \(−50\.0%\) \| 10\.0 ms \(−50\.0%\) \| 1 of 3 \| 2 \| 20\.0 s \|/);
  assert.match(md, /\| scoot \| 4\.0 \(20\.0\) \| 0\.5 \(2\.5\) \| 8\.0 \(40\.0\) \| 6\.0 \(30\.0\) \| 1\.0 \(5\.0\) \| 20\.0 \(120\) \| 2\.8 min \|/);
  assert.match(md, /\| random \| 6 \| 0 \|/);
  assert.match(md, /scoot chooses trial 4: `--parallel 4`/);
});

test('when the default failed in every study, the reference is the worst feasible values widened by 10% of the range', () => {
  const a: StudyInput = { name: 'scoot', designSize: 1, records: [rec(0, 'default'), rec(1, 'sobol', [100, 10]), rec(2, 'bo', [300, 30])] };
  const b: StudyInput = { name: 'random', designSize: 1, records: [rec(0, 'default'), rec(1, 'random', [200, 50])] };
  const c = compareStudies(OBJECTIVES, [a, b]);
  assert.equal(c.reference.from, 'worst-feasible');
  assert.deepEqual(c.reference.point, [300 + 20, 50 + 4]);
  assert.equal(c.studies[0].best.ttft_mean.changeVsDefault, undefined);
  assert.ok(c.studies[0].hypervolume > c.studies[1].hypervolume);
});

test('several optimiser seeds: medians and wins per seed; trials stopped early are bounds, never on a front or the reference', () => {
  const stopped = (r: TrialRecord): TrialRecord => ({ ...r, earlyStop: { rule: 'saturation', reason: 'queue grows', atSeconds: 4, savedSeconds: 20, censored: ['ttft_mean', 'tpot_mean'], evidence: {} } });
  const study = (name: string, ys: [number, number][], stop: number[] = []): StudyInput => ({
    name, designSize: 1, records: ys.map((y, i) => (stop.includes(i) ? stopped(rec(i, i === 0 ? 'default' : 'bo', y)) : rec(i, i === 0 ? 'default' : 'bo', y))),
  });
  const c = compareStudies(OBJECTIVES, [
    study('scoot-s0', [[1000, 20], [500, 10]]),
    study('scoot-s1', [[1000, 20], [900, 19], [100, 1]], [0, 2]),
    study('random-s0', [[1000, 20], [800, 10]]),
    study('random-s1', [[1000, 20], [600, 10]]),
  ]);
  // scoot-s1's default was stopped early: the reference is the mean of the three full runs.
  assert.deepEqual(c.reference, { point: [1000, 20], from: 'default' });
  const [s0, s1] = c.studies;
  assert.equal(s0.hypervolume, 5000);
  // (100, 1) was stopped early: only (900, 19) counts.
  assert.equal(s1.hypervolume, 100);
  assert.equal(s1.stoppedEarly, 2);
  assert.equal(s1.infeasible, 0);
  const groups = algorithmSummaries(c);
  assert.deepEqual(groups.map((g) => [g.algorithm, g.seeds, g.hypervolumes, g.median]), [['scoot', [0, 1], [5000, 100], 2550], ['random', [0, 1], [2000, 4000], 3000]]);
  const md = renderTables({ date: '2026-12-05', gpu: 'NVIDIA H200', llamacppCommit: 'd32676d7', model: {}, workload: { rate: 10, durationSec: 8 }, budget: 3 }, c);
  assert.match(md, /\| scoot \| 0, 1 \| 2550 \| 100\.0 – 5000 \| 5000, 100\.0 \|/);
  assert.match(md, /\*\*SCOOT is behind random\*\* at this budget: median hypervolume 2550 against 3000 ms² \(85% of random's\) over 2 optimiser seeds; ahead on 1 of 2 seeds\./);
  assert.match(md, /\| scoot-s1 \| 3 \| 100\.0 \|.*\| 0 \(\+2 stopped early\) \|/);
});

test('a run cut short: every study is compared on the trials all of them reached', () => {
  const a = { name: 'scoot-s0', records: [rec(0, 'default', [1, 1]), rec(1, 'sobol', [1, 1]), rec(2, 'bo', [1, 1]), rec(3, 'robustness', [1, 1])] };
  const b = { name: 'random-s0', records: [rec(0, 'default', [1, 1]), rec(1, 'random', [1, 1])] };
  const cut = atCommonBudget([a, b]);
  assert.equal(cut.common, 2);
  assert.deepEqual(cut.reached, { 'scoot-s0': 3, 'random-s0': 2 });
  assert.deepEqual(cut.studies[0].records.map((r) => r.trial), [0, 1, 3]);
  assert.deepEqual(cut.studies[1].records.map((r) => r.trial), [0, 1]);
});
