import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeServingMetrics } from '../../../src/sim/serving-metrics.js';

test('vllm bench serve definitions: TTFT, TPOT over multi-token requests, ITL over gaps, throughput over the duration', () => {
  const m = computeServingMetrics({
    completed: [
      { ttft: 0.1, e2e: 1.1, outputTokens: 11 }, // TPOT 100 ms
      { ttft: 0.3, e2e: 0.3, outputTokens: 1 }, // no TPOT
    ],
    failed: 2,
    durationSeconds: 2,
    gaps: { values: Float64Array.from([0.1]), weights: Float64Array.from([10]), size: 1 },
  });
  assert.ok(Math.abs(m.ttft_mean - 200) < 1e-9);
  assert.ok(Math.abs(m.tpot_mean - 100) < 1e-9);
  assert.ok(Math.abs(m.itl_mean - 100) < 1e-9);
  assert.ok(Math.abs(m.e2e_mean - 700) < 1e-9);
  assert.equal(m.request_throughput, 1);
  assert.equal(m.output_throughput, 6);
  assert.equal(m.error_rate, 0.5);
});
