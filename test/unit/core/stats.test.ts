import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mean, median, percentile, percentileSorted, weightedPercentile } from '../../../src/core/stats.js';

const close = (a: number, b: number, msg: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} vs ${b}`);

test('mean: numpy.mean values; NaN for no data (never 0)', () => {
  assert.equal(mean([1, 2, 3, 4, 10]), 4);
  assert.equal(mean(Float64Array.from([0.5, 1.5])), 1);
  close(mean([0.1, 0.2, 0.3]), 0.2, 'mean of tenths');
  assert.ok(Number.isNaN(mean([])));
});

// Each value is numpy.percentile(data, p) with the default method ('linear').
const NUMPY: [number[], number, number][] = [
  [[1, 2, 3, 4, 10], 95, 8.8],
  [[1, 2, 3, 4, 10], 50, 3],
  [[1, 2, 3, 4, 10], 0, 1],
  [[1, 2, 3, 4, 10], 100, 10],
  [[30, 60, 100, 200], 50, 80],
  [[200, 30, 100, 60], 95, 185],
  [[15, 20, 35, 40, 50], 40, 29],
  [[1, 2, 3, 4], 25, 1.75],
  [[1, 2, 3, 4], 75, 3.25],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99, 9.91],
  [[7], 99, 7],
];

test('percentile: numpy.percentile linear interpolation on known values, sorted or not', () => {
  for (const [xs, p, want] of NUMPY) {
    close(percentile(xs, p), want, `p${p} of [${xs}]`);
    close(percentileSorted([...xs].sort((a, b) => a - b), p), want, `sorted p${p} of [${xs}]`);
    close(percentileSorted(Float64Array.from(xs).sort(), p), want, `Float64Array p${p} of [${xs}]`);
  }
});

test('percentile: the input is left as it was; NaN for no data; p outside 0..100 is clamped', () => {
  const xs = [3, 1, 2];
  percentile(xs, 50);
  assert.deepEqual(xs, [3, 1, 2]);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.ok(Number.isNaN(percentileSorted([], 50)));
  assert.equal(percentile([1, 2, 3], 120), 3);
  assert.equal(percentile([1, 2, 3], -5), 1);
});

test('median: middle value, or the mean of the two middle ones; infinite values (failed runs) stay infinite', () => {
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5]), 5);
  assert.equal(median([1, Infinity, Infinity]), Infinity);
  assert.equal(percentile([Infinity, Infinity, 1, 2], 80), Infinity);
  assert.equal(percentile([1, Infinity], 50), Infinity);
});

test('weighted percentiles equal the percentiles of the expanded multiset', () => {
  const values = Float64Array.from([0.5, 0.1, 0.3]);
  const weights = Float64Array.from([2, 3, 1]);
  const expanded = [0.1, 0.1, 0.1, 0.3, 0.5, 0.5];
  for (const p of [0, 10, 50, 77, 95, 100]) {
    close(weightedPercentile(values, weights, 3, p), percentileSorted(expanded, p), `p${p}`);
  }
  assert.ok(Number.isNaN(weightedPercentile(values, Float64Array.from([0, 0, 0]), 3, 50)));
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
