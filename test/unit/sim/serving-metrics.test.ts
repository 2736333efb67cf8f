import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeServingMetrics, percentileSorted, weightedPercentile } from '../../../src/sim/serving-metrics.js';

test('percentiles interpolate linearly like numpy', () => {
  const xs = [1, 2, 3, 4, 10];
  assert.equal(percentileSorted(xs, 50), 3);
  assert.equal(percentileSorted(xs, 0), 1);
  assert.equal(percentileSorted(xs, 100), 10);
  assert.ok(Math.abs(percentileSorted(xs, 95) - 8.8) < 1e-12); // numpy.percentile([1,2,3,4,10], 95) = 8.8
  assert.ok(Number.isNaN(percentileSorted([], 50)));
});

test('weighted percentiles equal the percentiles of the expanded multiset', () => {
  const values = Float64Array.from([0.5, 0.1, 0.3]);
  const weights = Float64Array.from([2, 3, 1]);
  const expanded = [0.1, 0.1, 0.1, 0.3, 0.5, 0.5];
  for (const p of [0, 10, 50, 77, 95, 100]) {
    assert.ok(Math.abs(weightedPercentile(values, weights, 3, p) - percentileSorted(expanded, p)) < 1e-12, `p${p}`);
  }
});

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

test('weighted percentiles match expansion on random data with ties', () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let trial = 0; trial < 20; trial++) {
    const n = 1 + Math.floor(rand() * 60);
    const values = Float64Array.from({ length: n }, () => Math.round(rand() * 20) / 4);
    const weights = Float64Array.from({ length: n }, () => Math.floor(rand() * 4));
    const expanded: number[] = [];
    for (let i = 0; i < n; i++) for (let k = 0; k < weights[i]; k++) expanded.push(values[i]);
    expanded.sort((a, b) => a - b);
    for (const p of [0, 5, 50, 95, 99, 100]) {
      const want = percentileSorted(expanded, p);
      const got = weightedPercentile(values, weights, n, p);
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
      else assert.ok(Math.abs(got - want) < 1e-9, `trial ${trial} p${p}: ${got} vs ${want}`);
    }
  }
});
