import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StudySummary } from '../../../src/protocol/study.js';
import { retestMessage, robustnessJobs } from '../../../src/study/retests.js';
import { okRecord, resolvedStudy } from './loop/helpers.js';

const records = [okRecord(0, 100, 20, 'default'), okRecord(1, 80, 18), okRecord(2, 70, 25)];
const summary: StudySummary = {
  study: 's', engine: 'e', objectives: resolvedStudy().objectives, evaluated: 3, infeasible: 0, budget: 3, robustness: [], wallSeconds: 1, suggestSeconds: 0,
  default: { trial: 0, params: records[0].params, metrics: records[0].metrics! },
  best: { trial: 1, params: records[1].params, metrics: records[1].metrics! },
  pareto: [{ trial: 1, params: records[1].params, metrics: records[1].metrics! }, { trial: 2, params: records[2].params, metrics: records[2].metrics! }],
};

test('robustness.repeats 0: no re-test', () => {
  assert.deepEqual(robustnessJobs(resolvedStudy({ robustnessRepeats: 0 }), summary, records), []);
});

test('the chosen trial and the default, each under the other arrival orders after the workload seed', () => {
  const jobs = robustnessJobs(resolvedStudy({ robustnessRepeats: 2, robustnessTop: 1 }), summary, records);
  assert.deepEqual(jobs.map((j) => [j.retestOf, j.arrivalSeed]), [[1, 8], [1, 9], [0, 8], [0, 9]]);
  assert.ok(jobs.every((j) => j.source === 'robustness'));
  assert.deepEqual(jobs[0].params, records[1].params);
});

test('the log line names the trials, the orders and the runs', () => {
  const two = robustnessJobs(resolvedStudy({ robustnessRepeats: 2, robustnessTop: 1 }), summary, records);
  assert.equal(retestMessage(two), 're-testing trials 1, 0 (the chosen configuration and the default) under 2 other arrival orders: 4 runs');
  const three = robustnessJobs(resolvedStudy({ robustnessRepeats: 1, robustnessTop: 2 }), summary, records);
  assert.equal(retestMessage(three), 're-testing trials 1, 2, 0 (the chosen configurations and the default) under 1 other arrival order: 3 runs');
  assert.equal(retestMessage([{ retestOf: 0, arrivalSeed: 3 }]), 're-testing trial 0 under 1 other arrival order: 1 runs');
});
