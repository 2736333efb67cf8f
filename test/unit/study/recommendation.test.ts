import { test } from 'node:test';
import assert from 'node:assert/strict';
import { studyRecommendation } from '../../../src/study/recommendation.js';
import { summarize } from '../../../src/study/summary.js';
import type { TrialRecord } from '../../../src/protocol/study.js';
import type { ProblemDefinition } from '../../../src/study/problem-definition.js';
import { Rng } from '../../../src/core/rng.js';

const definition: ProblemDefinition = {
  space: { 'max-num-seqs': { type: 'float', min: 0, max: 1 } }, fixed: { model: 'm' }, constraints: [], objectives: 1,
  outcomeConstraints: [{ name: 'ttft_p99', upper: 500 }],
};
const objectives = [{ metric: 'ttft_mean', goal: 'min' as const }];
const truth = (x: number) => 100 + 200 * (x - 0.4) ** 2;

function trial(n: number, x: number, ttft: number, extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    trial: n, params: { 'max-num-seqs': x, model: 'm' }, status: 'ok', metrics: { ttft_mean: ttft, ttft_p99: 2 * ttft },
    source: n === 0 ? 'default' : 'bo', slot: 0, startedAt: '', endedAt: '', ...extra,
  };
}

test('the study applies the posterior-mean choice: a lucky measurement is not chosen, a re-test never is, the SLO still decides', () => {
  const rng = new Rng(3);
  const records = Array.from({ length: 15 }, (_, i) => {
    const x = 0.03 + (0.94 * i) / 14;
    return trial(i, x, truth(x) + 3 * rng.normal());
  });
  records.push(trial(15, 0.9, 95)); // true 150: a lucky measurement, the lowest of all
  records.push(trial(16, 0.38, 300)); // a configuration whose p99 breaks the SLO (600 > 500)
  records.push(trial(17, 0.9, 90, { source: 'robustness', retestOf: 15 }));
  const chosen = studyRecommendation({ definition, objectives, records, seed: 1 });
  assert.ok(chosen.best !== undefined && ![15, 16, 17].includes(chosen.best), `chose trial ${chosen.best}`);
  const x = records[chosen.best].params['max-num-seqs'] as number;
  assert.ok(truth(x) < 103, `chose x = ${x}`);
  assert.deepEqual(chosen.pareto, [chosen.best]);
  // summarize shows what it is given; from records alone it would take the lucky measurement.
  const base = { study: 's', engine: 'e', objectives, slo: { ttft_p99: { max: 500 } }, budget: 20, records, wallSeconds: 1, suggestSeconds: 0 };
  assert.equal(summarize({ ...base, recommendation: chosen }).best?.trial, chosen.best);
  assert.equal(summarize(base).best?.trial, 15);
});

test('a trial stopped early is not chosen by the study, even with the best (bound) value', () => {
  const records = Array.from({ length: 10 }, (_, i) => trial(i, 0.05 + 0.1 * i, truth(0.05 + 0.1 * i)));
  records.push(trial(10, 0.4, 50, { earlyStop: { rule: 'saturation', reason: 'queue grows', atSeconds: 3, savedSeconds: 9, censored: ['ttft_mean', 'ttft_p99'], evidence: {} } }));
  const chosen = studyRecommendation({ definition, objectives, records, seed: 1 });
  assert.ok(chosen.best !== undefined && chosen.best !== 10, `chose trial ${chosen.best}`);
});
