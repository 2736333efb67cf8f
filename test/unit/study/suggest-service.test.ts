import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { inProcessSuggestService, threadSuggestService, type SuggestJob } from '../../../src/study/suggest-service.js';
import type { RecommendJob } from '../../../src/study/recommendation.js';
import type { ProblemDefinition } from '../../../src/study/problem-definition.js';
import type { TrialRecord } from '../../../src/protocol/study.js';

const ENTRY = resolve(__dirname, '../../fixtures/suggest-worker.cjs');

const definition: ProblemDefinition = {
  space: { x: { type: 'float', min: 0, max: 1 }, y: { type: 'int', min: 1, max: 64, log: true } }, fixed: {}, constraints: [], objectives: 2, outcomeConstraints: [],
};
const objectives = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'request_throughput', goal: 'max' as const }];
const records: TrialRecord[] = Array.from({ length: 9 }, (_, i) => {
  const x = (i * 0.37) % 1, y = 1 + ((i * 7) % 64);
  return { trial: i, params: { x, y }, status: 'ok', metrics: { ttft_mean: 100 + 50 * (x - 0.3) ** 2 + y, request_throughput: 5 + y / 8 - x }, source: i === 0 ? 'default' : 'sobol', slot: 0, startedAt: '', endedAt: '' };
});

test('the worker thread answers suggestions and recommendations exactly as the in-process service does', async (t) => {
  const thread = threadSuggestService(ENTRY);
  t.after(() => thread.close());
  const local = inProcessSuggestService();
  const history = records.map((r) => ({ params: r.params, feasible: true, objectives: [r.metrics?.ttft_mean as number, -(r.metrics?.request_throughput as number)], source: r.source }));
  const suggestJob: SuggestJob = { definition, algorithm: 'scoot', seed: 3, request: { history, q: 2 } };
  const recommendJob: RecommendJob = { definition, objectives, records, seed: 3 };
  const [threadSuggestions, threadChoice] = await Promise.all([thread.suggest(suggestJob), thread.recommend(recommendJob)]);
  assert.deepEqual(threadSuggestions, await local.suggest(suggestJob));
  assert.deepEqual(threadChoice, await local.recommend(recommendJob));
  assert.ok(threadChoice.best !== undefined && threadChoice.pareto.includes(threadChoice.best));
});
