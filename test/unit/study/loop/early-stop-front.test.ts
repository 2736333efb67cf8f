import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StudySummary } from '../../../../src/protocol/study.js';
import { earlyStopFront } from '../../../../src/study/loop/early-stop-front.js';

const objectives = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'throughput', goal: 'max' as const }];

function summaryWith(pareto: StudySummary['pareto']): StudySummary {
  return { study: 's', engine: 'e', objectives, evaluated: 3, infeasible: 0, budget: 5, pareto, robustness: [], wallSeconds: 1, suggestSeconds: 0 };
}

test('the Pareto set with its objective values only (other metrics are not what a trial is compared on)', () => {
  const front = earlyStopFront(summaryWith([
    { trial: 2, params: { x: 1 }, metrics: { ttft_mean: 100, throughput: 5, tpot_mean: 9 } },
    { trial: 4, params: { x: 2 }, metrics: { ttft_mean: 80, throughput: 3, tpot_mean: 8 } },
  ]), objectives);
  assert.deepEqual(front, {
    objectives,
    points: [
      { trial: 2, metrics: { ttft_mean: 100, throughput: 5 } },
      { trial: 4, metrics: { ttft_mean: 80, throughput: 3 } },
    ],
  });
});

test('no front before a trial has qualified: nothing to be stopped against', () => {
  assert.equal(earlyStopFront(summaryWith([]), objectives), undefined);
});
