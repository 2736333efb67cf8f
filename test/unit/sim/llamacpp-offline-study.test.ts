// The offline H200 comparison (npm run bench:llamacpp) runs the real study logic on the simulator's
// llama.cpp mode: the base-command default first, then the suggesters' d + 1 = 7-point design (balanced
// under the known constraints), then BO; its "after the design" counts start after those 7 points, and
// its hypervolumes are the measured and noise-free ones against the default of the same study.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { hypervolume } from '../../../src/core/hypervolume.js';
import { H200_D32676D7 } from '../../../src/sim/llamacpp/profiles.js';
import { resolveOfflineStudy, runOfflineStudy } from '../../../scripts/llamacpp/offline/study-loop.js';
import { chatWorkload } from '../../../scripts/llamacpp/offline/workload.js';

const root = resolve(__dirname, '../../..');

test('an offline SCOOT study: the default, the balanced 7-point design, then BO; figures against the default', async () => {
  const budget = 10;
  const resolved = await resolveOfflineStudy(root, budget);
  const workload = await chatWorkload(root);
  const study = runOfflineStudy({ resolved, workload, profile: H200_D32676D7, algorithm: 'scoot', seed: 0, budget });
  const sources = study.trials.map((t) => t.record.source);
  assert.deepEqual(sources, ['default', ...Array<string>(7).fill('sobol'), 'bo', 'bo']);
  assert.deepEqual(study.trials[0].record.params, {});
  // Balanced: 3 of the 7 design points with continuous batching on (the plain constrained sequence has 2).
  const design = study.trials.slice(1, 8).map((t) => t.record.params['cont-batching']);
  assert.equal(design.filter((cb) => cb === true).length, 3);
  assert.equal(study.afterDesign, 2);
  assert.ok(study.infeasibleAfterDesign <= study.afterDesign);
  // The measured hypervolume is the one of the measured feasible tuning trials against the measured default.
  const y = (m: Record<string, number> | undefined) => [m?.ttft_mean ?? NaN, m?.tpot_mean ?? NaN];
  const feasible = study.trials.slice(1).filter((t) => t.record.status === 'ok').map((t) => y(t.record.metrics));
  assert.ok(study.hypervolume > 0);
  assert.equal(study.hypervolume, hypervolume(feasible, y(study.trials[0].record.metrics)));
  // Deterministic under its seed.
  const again = runOfflineStudy({ resolved, workload, profile: H200_D32676D7, algorithm: 'scoot', seed: 0, budget });
  assert.equal(again.hypervolume, study.hypervolume);
  assert.equal(again.trueHypervolume, study.trueHypervolume);
});
