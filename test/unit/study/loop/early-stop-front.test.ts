import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StudySummary, TrialRecord } from '../../../../src/protocol/study.js';
import { earlyStopFront } from '../../../../src/study/loop/early-stop-front.js';
import { summarize } from '../../../../src/study/summary.js';

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

const latencies = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'tpot_mean', goal: 'min' as const }];
const rec = (trial: number, ttft: number, tpot: number, extra: Partial<TrialRecord> = {}): TrialRecord => ({
  trial, params: { x: trial }, status: 'ok', metrics: { ttft_mean: ttft, tpot_mean: tpot, error_rate: 0 }, source: trial === 0 ? 'default' : 'sobol', slot: 0, startedAt: '', endedAt: '', ...extra,
});

test('earlyStopFront: the Pareto set\'s objective values with each point\'s load rates; records without them (older ones) give none; stopped trials are no point', () => {
  const records = [
    rec(0, 9000, 5, { loadRates: { arrivalPerSec: 8, completionPerSec: 2.5 } }),
    rec(1, 800, 9, { loadRates: { arrivalPerSec: 8, completionPerSec: 8 } }),
    rec(2, 7000, 2),
    rec(3, 100, 1, { earlyStop: { rule: 'saturation', reason: 'r', atSeconds: 4, savedSeconds: 9, censored: ['ttft_mean'], evidence: {} } }),
  ];
  const s = summarize({ study: 's', engine: 'e', objectives: latencies, budget: 4, records, wallSeconds: 0, suggestSeconds: 0 });
  const front = earlyStopFront(s, latencies, records);
  assert.deepEqual(front, {
    objectives: latencies,
    points: [
      { trial: 1, metrics: { ttft_mean: 800, tpot_mean: 9 }, loadRates: { arrivalPerSec: 8, completionPerSec: 8 } },
      { trial: 2, metrics: { ttft_mean: 7000, tpot_mean: 2 } },
    ],
  });
  assert.equal(earlyStopFront({ pareto: [] }, latencies, []), undefined);
});
