import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchedule } from '../../../src/workload/arrivals.js';
import type { ScheduledRequest } from '../../../src/workload/arrivals.js';
import type { TraceRequest } from '../../../src/workload/trace.js';

const trace: TraceRequest[] = Array.from({ length: 10 }, (_, i) => ({ prompt: `q${i}`, promptTokens: 1, outputTokens: i + 1 }));

function gapStats(s: ScheduledRequest[]): { mean: number; cv2: number } {
  const gaps = s.map((x, i) => x.time - (i ? s[i - 1].time : 0));
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const variance = gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / (gaps.length - 1);
  return { mean, cv2: variance / mean ** 2 };
}

test('Poisson: mean gap 1/rate and CV² 1 (unnormalized draws)', () => {
  const s = buildSchedule({ requests: trace, rate: 20, count: 40000, arrival: 'poisson', seed: 1, normalize: false });
  const { mean, cv2 } = gapStats(s);
  assert.ok(Math.abs(mean - 0.05) < 0.05 * 0.02, `mean ${mean}`);
  assert.ok(Math.abs(cv2 - 1) < 0.04, `cv2 ${cv2}`);
});

test('gamma: CV² of the gaps is 1/burstiness, the mean stays 1/rate', () => {
  for (const b of [0.25, 0.5, 2, 4]) {
    const s = buildSchedule({ requests: trace, rate: 10, count: 40000, arrival: 'gamma', burstiness: b, seed: 2, normalize: false });
    const { mean, cv2 } = gapStats(s);
    assert.ok(Math.abs(mean - 0.1) < 0.1 * 0.03, `b=${b} mean ${mean}`);
    assert.ok(Math.abs(cv2 - 1 / b) < 0.06 / b, `b=${b} cv2 ${cv2} vs ${1 / b}`);
  }
  const regular = buildSchedule({ requests: trace, rate: 4, count: 5, arrival: 'gamma', burstiness: Infinity, seed: 0 });
  assert.deepEqual(regular.map((x) => x.time), [0.25, 0.5, 0.75, 1, 1.25]);
});

test('normalized (default, as vllm bench serve): the last arrival lands at count/rate and the CV is kept', () => {
  const s = buildSchedule({ requests: trace, rate: 8, count: 200, arrival: 'gamma', burstiness: 0.5, seed: 3 });
  assert.equal(s.length, 200);
  assert.ok(Math.abs(s[199].time - 25) < 1e-9);
  assert.ok(s.every((x, i) => i === 0 || x.time >= s[i - 1].time));
  const raw = buildSchedule({ requests: trace, rate: 8, count: 200, arrival: 'gamma', burstiness: 0.5, seed: 3, normalize: false });
  assert.ok(Math.abs(gapStats(s).cv2 - gapStats(raw).cv2) < 1e-9);
  // fixed duration: rate × duration requests, the last at the end of the window
  const d = buildSchedule({ requests: trace, rate: 10, durationSec: 30, arrival: 'poisson', seed: 3 });
  assert.equal(d.length, 300);
  assert.ok(Math.abs(d[299].time - 30) < 1e-9);
});

test('fixed duration without normalization: arrivals until time runs out, a Poisson number of them', () => {
  const counts = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
    const s = buildSchedule({ requests: trace, rate: 50, durationSec: 20, arrival: 'poisson', seed, normalize: false });
    assert.ok(s.every((x) => x.time <= 20));
    return s.length;
  });
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 5 * Math.sqrt(1000), `count ${c}`);
  assert.ok(new Set(counts).size > 1, 'the count varies with the seed');
});

test('seeds: same seed, same schedule; another seed, other arrival times AND another request order', () => {
  const opts = { requests: trace, rate: 5, count: 10, arrival: 'poisson' as const };
  const a = buildSchedule({ ...opts, seed: 7 });
  const b = buildSchedule({ ...opts, seed: 7 });
  const c = buildSchedule({ ...opts, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.map((x) => x.time), c.map((x) => x.time));
  assert.notDeepEqual(a.map((x) => x.request.prompt), c.map((x) => x.request.prompt));
  // every trace request is used once per pass
  assert.deepEqual(a.map((x) => x.request.prompt).sort(), trace.map((x) => x.prompt).sort());
  const twice = buildSchedule({ ...opts, count: 25, seed: 7 });
  const uses = new Map<string, number>();
  for (const x of twice) uses.set(x.request.prompt ?? '', (uses.get(x.request.prompt ?? '') ?? 0) + 1);
  assert.deepEqual([...uses.values()].sort(), [2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
});

test('bad options give one-line errors', () => {
  const base = { requests: trace, rate: 5, count: 10, arrival: 'poisson' as const, seed: 0 };
  assert.throws(() => buildSchedule({ ...base, rate: 0 }), /^LoadOptionsError: rate must be a positive number/);
  assert.throws(() => buildSchedule({ ...base, durationSec: 10 }), /give exactly one of durationSec or count/);
  assert.throws(() => buildSchedule({ ...base, count: undefined }), /give exactly one of durationSec or count/);
  assert.throws(() => buildSchedule({ ...base, count: 2.5 }), /count must be a positive integer/);
  assert.throws(() => buildSchedule({ ...base, burstiness: 0.5 }), /use arrival "gamma" for burstiness 0.5/);
  assert.throws(() => buildSchedule({ ...base, arrival: 'gamma', burstiness: 0 }), /burstiness must be > 0/);
  assert.throws(() => buildSchedule({ ...base, requests: [] }), /the trace has no requests/);
});
