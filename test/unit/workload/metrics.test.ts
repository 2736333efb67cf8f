import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkDurationSec, computeMetrics, failureSummary, METRIC_NAMES } from '../../../src/workload/metrics.js';
import type { RequestRecord } from '../../../src/workload/record.js';

const rec = (index: number, sendMs: number, chunkMs: number[], outputTokens: number, endMs: number): RequestRecord => ({
  index, scheduledMs: sendMs, sendMs, chunkMs, endMs, promptTokens: 10, outputTokens, requestedOutputTokens: outputTokens, ok: true,
});

// Hand-worked example (values cross-checked with numpy.percentile):
//   r0: TTFT 100, E2E 160, TPOT (160-100)/3 = 20, ITL 20 30 10
//   r1: TTFT 200, E2E 250, TPOT 50, ITL 50
//   r2: one token: TTFT 30, E2E 30, no TPOT, no ITL
//   r3: failed (HTTP 500)
//   r4: TTFT 60, E2E 100, TPOT 40/4 = 10, ITL 10 10 10 10
const records: RequestRecord[] = [
  rec(0, 0, [100, 120, 150, 160], 4, 165),
  rec(1, 50, [250, 300], 2, 305),
  rec(2, 100, [130], 1, 135),
  { index: 3, scheduledMs: 150, sendMs: 150, chunkMs: [], endMs: 400, promptTokens: 10, outputTokens: 0, requestedOutputTokens: 8, ok: false, failure: { kind: 'http', status: 500, message: 'HTTP 500' } },
  rec(4, 200, [260, 270, 280, 290, 300], 5, 1200),
];

const close = (a: number, b: number, msg: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} vs ${b}`);

test('every metric of docs/ARCHITECTURE.md §5 against hand-computed values', () => {
  close(benchmarkDurationSec(records), 1.2, 'duration: first send to last completion');
  const m = computeMetrics(records);
  assert.deepEqual(Object.keys(m).sort(), [...METRIC_NAMES].sort());
  const expected: Record<string, number> = {
    request_throughput: 4 / 1.2,
    output_throughput: 12 / 1.2,
    goodput: 4 / 1.2, // no SLO: every successful request is good
    ttft_mean: 97.5, ttft_p50: 80, ttft_p95: 185, ttft_p99: 197,
    tpot_mean: 80 / 3, tpot_p95: 47, tpot_p99: 49.4,
    itl_mean: 18.75, itl_p95: 43,
    e2e_mean: 135, e2e_p95: 236.5, e2e_p99: 247.3,
    error_rate: 0.2,
  };
  for (const [k, v] of Object.entries(expected)) close(m[k as keyof typeof m], v, k);
});

test('goodput applies ttft/tpot/e2e SLO keys as per-request bounds; one-token requests have TPOT 0', () => {
  const slo = { ttft_p99: { max: 150 }, tpot_mean: { max: 25 }, request_throughput: { min: 100 } };
  // r0 (100, 20) good, r1 TTFT 200 bad, r2 (30, TPOT 0) good, r4 (60, 10) good
  close(computeMetrics(records, { slo }).goodput, 3 / 1.2, 'goodput');
  // adding an E2E bound of 120 ms drops r0 (160)
  close(computeMetrics(records, { slo: { ...slo, e2e_p95: { max: 120 } } }).goodput, 2 / 1.2, 'goodput with e2e');
  // a min bound: TTFT at least 50 ms keeps r0, r1, r4
  close(computeMetrics(records, { slo: { ttft: { min: 50 } } }).goodput, 3 / 1.2, 'min bound');
  close(computeMetrics(records, { durationSec: 2, slo }).goodput, 1.5, 'explicit duration');
});

test('no successful request: latencies are NaN (never a perfect 0), error rate 1', () => {
  const m = computeMetrics([records[3]]);
  assert.equal(m.error_rate, 1);
  assert.equal(m.request_throughput, 0);
  for (const k of ['ttft_mean', 'tpot_p99', 'itl_mean', 'e2e_p95'] as const) assert.ok(Number.isNaN(m[k]), k);
  assert.deepEqual(failureSummary(records), { http: { count: 1, example: 'HTTP 500' } });
});
