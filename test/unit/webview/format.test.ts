import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatMetric, formatNumber, formatParam, formatPercentChange, metricUnit } from '../../../webview/logic/format.js';

test('units follow the metric names of docs/ARCHITECTURE.md §5', () => {
  assert.equal(metricUnit('ttft_p99'), 'ms');
  assert.equal(metricUnit('e2e_mean'), 'ms');
  assert.equal(metricUnit('request_throughput'), 'req/s');
  assert.equal(metricUnit('output_throughput'), 'tok/s');
  assert.equal(metricUnit('error_rate'), '');
  assert.equal(metricUnit('kv_throughput'), '/s', "a command benchmark's own rate");
  assert.equal(metricUnit('ttft_max'), 'ms', "a command benchmark's own latency statistic");
  assert.equal(metricUnit('accuracy'), '');
  assert.equal(formatMetric('ttft_mean', 1234.5), '1,235 ms');
});

test('numbers keep about four significant digits', () => {
  assert.equal(formatNumber(12345.6), '12,346');
  assert.equal(formatNumber(123.456), '123.5');
  assert.equal(formatNumber(12.3456), '12.35');
  assert.equal(formatNumber(1.23456), '1.235');
  assert.equal(formatNumber(0.0123456), '0.0123');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(-2.5), '-2.500');
  assert.equal(formatNumber(undefined), '');
});

test('durations read naturally', () => {
  assert.equal(formatDuration(45), '45s');
  assert.equal(formatDuration(245), '4m 05s');
  assert.equal(formatDuration(3720), '1h 02m');
  assert.equal(formatDuration(3 * 86400 + 7200), '3d 02h');
  assert.equal(formatDuration(undefined), '–');
});

test('parameters and changes', () => {
  assert.equal(formatParam(0.9000001), '0.9');
  assert.equal(formatParam(256), '256');
  assert.equal(formatParam(true), 'true');
  assert.equal(formatPercentChange(-0.406), '−41%');
  assert.equal(formatPercentChange(0.0523), '+5.2%');
  assert.equal(formatPercentChange(0), '±0%');
});

import { formatTick } from '../../../webview/logic/format.js';

test('tick labels drop trailing zeros', () => {
  assert.equal(formatTick(100), '100');
  assert.equal(formatTick(0.5), '0.5');
  assert.equal(formatTick(12.5), '12.5');
  assert.equal(formatTick(10000), '10,000');
  assert.equal(formatTick(0.30000000000000004), '0.3');
  assert.equal(formatTick(Number.NaN), '');
});
