import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStressTest } from '../../../src/workload/stress-test.js';
import type { TraceRequest } from '../../../src/workload/trace.js';
import { startMockServer } from './mock-openai.js';

const trace: TraceRequest[] = [1, 2, 3, 4, 5, 6].map((n) => ({ prompt: `p${n}`, promptTokens: 3, outputTokens: n }));

test('runStressTest: longest outputs only, seeded schedule, metrics, and a scrape error kept apart', async (t) => {
  const srv = await startMockServer(() => ({ ttftMs: 5, itlMs: 2 }));
  t.after(() => srv.close());
  const r = await runStressTest({
    baseUrl: srv.url, api: 'completions', model: 'm', requests: trace, longestOutputs: 0.5,
    rate: 50, count: 6, arrival: 'poisson', seed: 1, timeoutMs: 5000, slo: { ttft_p99: { max: 10_000 } }, metricsEngine: 'vllm',
  });
  assert.equal(r.records.length, 6);
  assert.deepEqual([...new Set(srv.received.map((x) => x.body.max_tokens))].sort(), [4, 5, 6]);
  assert.equal(r.metrics.error_rate, 0);
  assert.ok(r.metrics.goodput > 0 && Math.abs(r.metrics.goodput - r.metrics.request_throughput) < 1e-9);
  assert.ok(r.durationSec > 0);
  assert.deepEqual(r.failures, {});
  assert.equal(r.engine, undefined);
  assert.match(r.engineError ?? '', /\/metrics/); // the mock has no /metrics: noted, the test still counts
});
