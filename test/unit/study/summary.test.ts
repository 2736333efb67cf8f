import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../../src/study/summary.js';
import type { TrialRecord } from '../../../src/protocol/study.js';

const rec = (trial: number, metrics: Record<string, number> | undefined, extra: Partial<TrialRecord> = {}): TrialRecord => ({
  trial, params: { x: trial }, status: metrics ? 'ok' : 'infeasible', ...(metrics ? { metrics } : { reason: 'boom' }),
  source: trial === 0 ? 'default' : 'bo', slot: 0, startedAt: '', endedAt: '', ...extra,
});

const base = { study: 's', engine: 'sim', budget: 10, wallSeconds: 1, suggestSeconds: 0 };

test('two objectives: Pareto set among SLO-meeting trials and the max-hypervolume point against the default', () => {
  const records = [
    rec(0, { ttft_mean: 100, tpot_mean: 50, ttft_p99: 300 }),
    rec(1, { ttft_mean: 20, tpot_mean: 45, ttft_p99: 100 }), // box (80 × 5) = 400
    rec(2, { ttft_mean: 60, tpot_mean: 20, ttft_p99: 150 }), // box (40 × 30) = 1200  ← best
    rec(3, { ttft_mean: 10, tpot_mean: 10, ttft_p99: 900 }), // dominates all but breaks the SLO
    rec(4, undefined),
    rec(5, { ttft_mean: 70, tpot_mean: 30, ttft_p99: 100 }), // dominated by 2
  ];
  const s = summarize({ ...base, records, objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }], slo: { ttft_p99: { max: 500 } } });
  assert.deepEqual(s.pareto.map((p) => p.trial), [1, 2]);
  assert.equal(s.best?.trial, 2);
  assert.equal(s.default?.trial, 0);
  assert.equal(s.evaluated, 6);
  assert.equal(s.infeasible, 1);
});

test('one objective with goal max picks the largest value', () => {
  const records = [rec(0, { request_throughput: 5 }), rec(1, { request_throughput: 9 }), rec(2, { request_throughput: 7 })];
  const s = summarize({ ...base, records, objectives: [{ metric: 'request_throughput', goal: 'max' }] });
  assert.equal(s.best?.trial, 1);
  assert.deepEqual(s.pareto.map((p) => p.trial), [1]);
});

test('robustness: the worst case over the original and its re-tests, per metric direction', () => {
  const records = [
    rec(0, { ttft_p99: 100, request_throughput: 10 }),
    rec(1, { ttft_p99: 120, request_throughput: 9 }, { source: 'robustness', retestOf: 0 }),
    rec(2, { ttft_p99: 90, request_throughput: 8 }, { source: 'robustness', retestOf: 0 }),
  ];
  const s = summarize({ ...base, records, objectives: [{ metric: 'request_throughput', goal: 'max' }], slo: { ttft_p99: { max: 110 } } });
  assert.deepEqual(s.robustness, [{ trial: 0, worst: { ttft_p99: 120, request_throughput: 8 }, repeats: 2, meetsSlos: false }]);
  assert.equal(s.evaluated, 1, 're-tests are not tuning trials');
});
