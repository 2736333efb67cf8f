import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ScheduledRequest } from '../../../src/workload/arrivals.js';
import { buildSchedule } from '../../../src/workload/arrivals.js';
import { EARLY_STOP_DEFAULTS, EARLY_STOP_OFF, keptUp, lineFit, type EarlyStopContext, type FrontView } from '../../../src/workload/early-stop.js';
import { finalBounds } from '../../../src/workload/final-bounds.js';
import { runGuardedLoad } from '../../../src/workload/guarded-load.js';
import { LoadTracker } from '../../../src/workload/load-tracker.js';
import { loadRates } from '../../../src/workload/load-rates.js';
import { computeMetrics } from '../../../src/workload/metrics.js';
import type { RequestRecord } from '../../../src/workload/record.js';
import type { TraceRequest } from '../../../src/workload/trace.js';
import { paretoFrontIndices } from '../../../src/core/pareto.js';
import { Rng } from '../../../src/core/rng.js';
import { evaluateConfig } from '../../../src/sim/evaluate.js';
import { loadTrace, longestOutputs, poissonSchedule } from '../sim/sim-workload.js';
import { startMockServer } from './mock-openai.js';
import { replayPolicy } from './policy-replay.js';

const req = (outputTokens = 4): TraceRequest => ({ prompt: 'p', promptTokens: 3, outputTokens });

function done(index: number, sendMs: number, ttft: number, e2e: number, tokens = 4): RequestRecord {
  const chunkMs = tokens > 1 ? [sendMs + ttft, sendMs + e2e] : [sendMs + ttft];
  return { index, scheduledMs: sendMs, sendMs, chunkMs, endMs: sendMs + e2e, promptTokens: 3, outputTokens: tokens, requestedOutputTokens: tokens, ok: true };
}

test('final bounds: a latency bound is never above, a throughput bound never below, any way the rest of the load can end', () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 200; trial++) {
    const n = 10 + rng.int(40);
    const schedule: ScheduledRequest[] = Array.from({ length: n }, (_, i) => ({ time: i * 0.1, request: req(2 + rng.int(6)) }));
    const tracker = new LoadTracker(schedule);
    let now = 0;
    tracker.started(() => now);
    const sent = 1 + rng.int(n);
    now = schedule[sent - 1].time * 1000 + 50;
    const records: RequestRecord[] = [];
    const open: { i: number; send: number; first?: number }[] = [];
    for (let i = 0; i < sent; i++) {
      const send = schedule[i].time * 1000;
      tracker.sent(i, send);
      const u = rng.uniform();
      if (u < 0.5 && send + 30 < now) {
        const e2e = 30 + rng.uniform() * (now - send - 30);
        const r = done(i, send, Math.min(e2e, 10 + rng.uniform() * 100), e2e, schedule[i].request.outputTokens);
        tracker.firstToken(i, r.chunkMs[0]);
        tracker.record(r);
        records.push(r);
      } else if (u < 0.55) {
        const r: RequestRecord = { index: i, scheduledMs: send, sendMs: send, chunkMs: [], endMs: send + 1, promptTokens: 3, outputTokens: 0, requestedOutputTokens: 4, ok: false, failure: { kind: 'http', message: 'x' } };
        tracker.record(r);
        records.push(r);
      } else {
        const first = rng.uniform() < 0.5 ? send + rng.uniform() * (now - send) : undefined;
        if (first !== undefined) tracker.firstToken(i, first);
        open.push({ i, send, ...(first !== undefined ? { first } : {}) });
      }
    }
    const maxErrorRate = 0.1;
    const bounds = finalBounds(tracker, maxErrorRate);
    const metrics = ['ttft_mean', 'ttft_p50', 'ttft_p99', 'e2e_mean', 'e2e_p95', 'tpot_mean', 'tpot_p99'];
    const lower = Object.fromEntries(metrics.map((m) => [m, bounds.lower(m)]));
    const upper = { request_throughput: bounds.upper('request_throughput'), output_throughput: bounds.upper('output_throughput') };
    const allowed = Math.floor(maxErrorRate * n) - records.filter((r) => !r.ok).length;
    // Futures: open requests end at or after now (their first token at or after now if none yet), unsent
    // ones are sent on schedule; up to the allowed number of failures anywhere among them.
    for (let f = 0; f < 30; f++) {
      let failures = Math.max(0, Math.min(allowed, rng.int(3)));
      const future: RequestRecord[] = [...records];
      for (const o of open) {
        const fail = failures > 0 && rng.uniform() < 0.3;
        const end = now + rng.uniform() * 200;
        if (fail) {
          failures--;
          future.push({ index: o.i, scheduledMs: o.send, sendMs: o.send, chunkMs: [], endMs: end, promptTokens: 3, outputTokens: 0, requestedOutputTokens: 4, ok: false, failure: { kind: 'timeout', message: 'x' } });
          continue;
        }
        const first = o.first ?? now + rng.uniform() * (end - now);
        future.push({ ...done(o.i, o.send, first - o.send, end - o.send, schedule[o.i].request.outputTokens) });
      }
      for (let i = sent; i < n; i++) {
        const send = schedule[i].time * 1000 + rng.uniform() * 2;
        const e2e = 1 + rng.uniform() * 50;
        future.push(done(i, send, rng.uniform() * e2e, e2e, schedule[i].request.outputTokens));
      }
      const m = computeMetrics(future);
      for (const name of metrics) {
        const lb = lower[name];
        if (lb !== undefined && Number.isFinite(m[name as keyof typeof m])) assert.ok(m[name as keyof typeof m] >= lb - 1e-9, `${name}: final ${m[name as keyof typeof m]} < bound ${lb}`);
      }
      for (const [name, ub] of Object.entries(upper)) if (ub !== undefined) assert.ok(m[name as keyof typeof m] <= ub + 1e-9, `${name}: final ${m[name as keyof typeof m]} > bound ${ub}`);
    }
  }
});

test('final bounds: the p99 of 100 requests is known to exceed 5 s once two of them took longer (numpy-linear percentile)', () => {
  const schedule: ScheduledRequest[] = Array.from({ length: 100 }, (_, i) => ({ time: i * 0.1, request: req() }));
  const tracker = new LoadTracker(schedule);
  tracker.started(() => 9000);
  for (let i = 0; i < 2; i++) {
    tracker.sent(i, i * 100);
    const r = done(i, i * 100, 5000 + i, 6000);
    tracker.firstToken(i, r.chunkMs[0]);
    tracker.record(r);
  }
  // (M − 1)·0.99 = 98.01: the p99 lies between the 2nd and 1st largest, so it is at least the 2nd largest.
  assert.equal(finalBounds(tracker, 0).lower('ttft_p99'), 5000);
  // p95 needs the 5th largest: unknown, so nothing better than 0.
  assert.equal(finalBounds(tracker, 0).lower('ttft_p95'), 0);
  // Allowing a failure, one of the two may be left out of the statistic: then nothing is known.
  assert.equal(finalBounds(tracker, 0.01).lower('ttft_p99'), 5000, 'failures are taken from open requests first; these two are done');
});

test('lineFit: slope and r² of an exact line, and of noise', () => {
  const f = lineFit([0, 1, 2, 3], [1, 3, 5, 7]);
  assert.equal(f.slope, 2);
  assert.equal(f.intercept, 1);
  assert.equal(f.r2, 1);
  assert.equal(lineFit([0, 1, 2, 3], [1, 0, 1, 0]).r2 < 0.3, true);
});

const SQL = longestOutputs(loadTrace(join(__dirname, '../../../traces/sql.jsonl')), 0.5);
const BASE = { 'model-profile': 'llama2-7b', gpu: 'a100-80g', 'num-gpus': 1, 'max-model-len': 4096 };
const context = (over: Partial<EarlyStopContext> = {}): EarlyStopContext => ({ settings: { ...EARLY_STOP_DEFAULTS }, maxErrorRate: 0.05, requestTimeoutSec: 120, ...over });
const OBJECTIVES = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'tpot_mean', goal: 'min' as const }];
/** A front whose one trial kept up with the load and beats any saturated one on both objectives: it arms the saturation rule. */
const ARMED: FrontView = { objectives: OBJECTIVES, points: [{ trial: 7, metrics: { ttft_mean: 1, tpot_mean: 0.1 }, loadRates: { arrivalPerSec: 8, completionPerSec: 7.9 } }] };
const saturationOnly = (front?: FrontView): EarlyStopContext => context({ settings: { ...EARLY_STOP_DEFAULTS, slo: false, dominated: false }, ...(front ? { front } : {}) });

test('saturation: a simulated engine with too few sequences for 8 req/s is stopped within 6 s of a 10 s load; its recorded TTFT is a lower bound', () => {
  const s = poissonSchedule(SQL, 8, 10, 3);
  for (const seqs of [1, 2, 4]) {
    const r = evaluateConfig({ ...BASE, 'max-num-seqs': seqs }, s.requests, s.arrivals);
    assert.ok(r.ok && r.metrics);
    const replay = replayPolicy(r, s.requests.map((q) => q.output_tokens), saturationOnly(ARMED));
    assert.equal(replay.stop?.rule, 'saturation', `max-num-seqs ${seqs}: ${JSON.stringify(replay.stop)}`);
    assert.ok(replay.stop.atSeconds <= 6, `max-num-seqs ${seqs} stopped at ${replay.stop.atSeconds} s`);
    assert.ok(replay.fullSeconds > 15, `the full run would have drained for long: ${replay.fullSeconds} s`);
    assert.ok((replay.stoppedMetrics?.ttft_mean ?? Infinity) <= r.metrics.ttft_mean, 'stopped TTFT mean below the full run (a lower bound)');
    assert.ok((replay.stoppedMetrics?.ttft_p99 ?? Infinity) <= r.metrics.ttft_p99);
  }
});

test('saturation: only engines whose queue grows without bound are stopped (a sweep of the simulator around its capacity)', () => {
  // Saturated means the queue keeps growing: the same configuration and seed then has a TTFT that
  // grows with the length of the load. A stop is right only if TTFT over a 30 s load is at least 1.5×
  // the one over 12 s; configurations with room to spare must run to their end.
  let stops = 0;
  for (const seed of [1, 2, 3, 4]) {
    const short = poissonSchedule(SQL, 8, 12, seed);
    const long = poissonSchedule(SQL, 8, 30, seed);
    for (const seqs of [4, 6, 8, 12, 16, 24, 32, 64, 256]) {
      const r = evaluateConfig({ ...BASE, 'max-num-seqs': seqs }, short.requests, short.arrivals);
      const rl = evaluateConfig({ ...BASE, 'max-num-seqs': seqs }, long.requests, long.arrivals);
      assert.ok(r.ok && r.metrics && rl.ok && rl.metrics);
      const replay = replayPolicy(r, short.requests.map((q) => q.output_tokens), context({ settings: { ...EARLY_STOP_DEFAULTS, slo: false, dominated: false, maxDrainSec: Infinity }, front: ARMED }));
      const growth = rl.metrics.ttft_mean / r.metrics.ttft_mean;
      if (replay.stop) {
        stops++;
        assert.ok(growth >= 1.5, `seed ${seed}, max-num-seqs ${seqs}: TTFT ${r.metrics.ttft_mean.toFixed(0)} ms over 12 s, ${rl.metrics.ttft_mean.toFixed(0)} ms over 30 s, yet stopped: ${replay.stop.reason}`);
      }
      if (seqs >= 32) assert.equal(replay.stop, undefined, `seed ${seed}, max-num-seqs ${seqs} has room to spare`);
    }
  }
  assert.ok(stops >= 12, `${stops} saturated runs stopped`);
});

test('saturation is armed only by a front trial that kept up and beats what the saturated one measured so far', () => {
  const s = poissonSchedule(SQL, 8, 10, 3);
  const r = evaluateConfig({ ...BASE, 'max-num-seqs': 1 }, s.requests, s.arrivals);
  assert.ok(r.ok && r.metrics);
  const outs = s.requests.map((q) => q.output_tokens);
  const settings = { ...EARLY_STOP_DEFAULTS, slo: false, dominated: false, maxDrainSec: Infinity };
  const run = (front?: FrontView) => replayPolicy(r, outs, context({ settings, ...(front ? { front } : {}) })).stop;
  // (a) The H200 situation: every trial of the front saturated too (2.3 of 8.1 req/s completed), or no front yet: nothing stops it.
  const saturatedFront: FrontView = { objectives: OBJECTIVES, points: [
    { trial: 2, metrics: { ttft_mean: 7577, tpot_mean: 2.9 }, loadRates: { arrivalPerSec: 8.1, completionPerSec: 3.3 } },
    { trial: 3, metrics: { ttft_mean: 11332, tpot_mean: 1.5 }, loadRates: { arrivalPerSec: 8.1, completionPerSec: 2.3 } },
  ] };
  assert.equal(run(saturatedFront), undefined);
  assert.equal(run(undefined), undefined);
  // (c) Trials recorded before load rates were: never taken for ones that kept up.
  assert.equal(run({ objectives: OBJECTIVES, points: [{ trial: 4, metrics: { ttft_mean: 1, tpot_mean: 0.1 } }] }), undefined);
  // Kept up, but one slot's per-token time is shorter: a trade-off the front keeps (H200 trials 7, 9, 15 against trial 6).
  const keptUpSlower = { trial: 6, metrics: { ttft_mean: 80, tpot_mean: 19.8 }, loadRates: { arrivalPerSec: 8, completionPerSec: 8.1 } };
  assert.equal(run({ objectives: OBJECTIVES, points: [...saturatedFront.points, keptUpSlower] }), undefined);
  // (b) A kept-up trial that beats it on both objectives arms the rule, and the reason names it.
  const keptUpBetter = { trial: 9, metrics: { ttft_mean: 80, tpot_mean: 5 }, loadRates: { arrivalPerSec: 8, completionPerSec: 7.6 } };
  const stop = run({ objectives: OBJECTIVES, points: [...saturatedFront.points, keptUpSlower, keptUpBetter] });
  assert.equal(stop?.rule, 'saturation');
  assert.equal(stop.evidence.armedBy, 9);
  assert.match(stop.reason, /trial 9 of the front kept up with the load \(7\.6 of 8 req\/s completed\) and already beats what this one measured so far: ttft_mean \d+ vs 80\.0, tpot_mean [\d.]+ vs 5\.00/);
  // Completing 7.1 of 8 req/s (under 1 − margin = 90%) is not keeping up.
  assert.equal(run({ objectives: OBJECTIVES, points: [{ ...keptUpBetter, loadRates: { arrivalPerSec: 8, completionPerSec: 7.1 } }] }), undefined);
});

test('keptUp and loadRates: rates over the second half of the sending window, a latency late, as the runner records them', () => {
  assert.equal(keptUp(undefined, 0.1), false);
  assert.equal(keptUp({ arrivalPerSec: 10, completionPerSec: 9 }, 0.1), true);
  assert.equal(keptUp({ arrivalPerSec: 10, completionPerSec: 8.9 }, 0.1), false);
  assert.equal(keptUp({ arrivalPerSec: 0, completionPerSec: 0 }, 0.1), false);
  // 21 requests sent every 100 ms from 0 to 2 s, each served in 300 ms: second half (1, 2] s holds 10 sends
  // and the ends at 1.1 … 2.0 s (of requests sent 0.8 … 1.7 s), 10 of them: 10 req/s each.
  const steady = Array.from({ length: 21 }, (_, k) => done(k, k * 100, 20, 300));
  assert.deepEqual(loadRates(steady), { arrivalPerSec: 10, completionPerSec: 10 });
  // One at a time, 250 ms each: request k ends at 250 (k + 1) ms; ends in (1, 2] s are k = 4 … 7: 4 req/s.
  const queued = Array.from({ length: 21 }, (_, k) => done(k, k * 100, 20, 250 * (k + 1) - k * 100));
  assert.deepEqual(loadRates(queued), { arrivalPerSec: 10, completionPerSec: 4 });
  // Failed requests do not count as completed; one send time says nothing.
  assert.deepEqual(loadRates(steady.map((r, k) => (k % 2 ? { ...r, ok: false } : r))), { arrivalPerSec: 10, completionPerSec: 5 });
  assert.equal(loadRates([done(0, 0, 1, 2), done(1, 0, 1, 2)]), undefined);
});

test('slo and dominance rules on 60 random simulator configurations: no stopped trial would have been on the final Pareto set or met the SLO', () => {
  const s = poissonSchedule(SQL, 8, 8, 0);
  const outs = s.requests.map((q) => q.output_tokens);
  const rng = new Rng(11);
  const slo = { ttft_p99: { max: 2000 } };
  const objectives = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'tpot_mean', goal: 'min' as const }];
  const kept: { trial: number; metrics: Record<string, number> }[] = [];
  const all: { stopped: boolean; ttft: number; tpot: number; meets: boolean }[] = [];
  let stoppedBySlo = 0, stoppedByDominance = 0;
  while (all.length < 60) {
    const p = {
      'max-num-seqs': Math.round(Math.exp(rng.uniform() * Math.log(128))), 'max-num-batched-tokens': 4096 + rng.int(4096),
      'enable-chunked-prefill': rng.uniform() < 0.5, 'scheduler-delay-factor': Math.round(rng.uniform() * 20) / 10, 'block-size': [8, 16, 32][rng.int(3)],
    };
    const r = evaluateConfig({ ...BASE, ...p }, s.requests, s.arrivals);
    if (!r.ok || !r.metrics) continue;
    const front = paretoFrontIndices(kept.map((k) => [k.metrics.ttft_mean, k.metrics.tpot_mean])).map((i) => kept[i]);
    const replay = replayPolicy(r, outs, context({ slo, front: { objectives, points: front } }));
    const meets = r.metrics.ttft_p99 <= 2000;
    if (replay.stop?.rule === 'slo') {
      stoppedBySlo++;
      assert.equal(meets, false, `stopped for its SLO but met it: ${replay.stop.reason}`);
    }
    if (replay.stop?.rule === 'dominated') stoppedByDominance++;
    if (!replay.stop && meets) kept.push({ trial: all.length, metrics: { ttft_mean: r.metrics.ttft_mean, tpot_mean: r.metrics.tpot_mean } });
    all.push({ stopped: replay.stop !== undefined, ttft: r.metrics.ttft_mean, tpot: r.metrics.tpot_mean, meets });
  }
  const feasible = all.map((a, i) => ({ ...a, i })).filter((a) => a.meets);
  const front = paretoFrontIndices(feasible.map((a) => [a.ttft, a.tpot])).map((k) => feasible[k]);
  for (const f of front) assert.equal(f.stopped, false, `trial ${f.i} is on the final front but was stopped`);
  assert.ok(stoppedBySlo >= 5 && stoppedByDominance >= 2, `the rules fired: slo ${stoppedBySlo}, dominated ${stoppedByDominance}`);
});

/** An engine with `slots` sequences at a time, served first come first served: each takes prefill + tokens × itl. */
function slotLimited(slots: number, prefillMs: number, itlMs: number): (body: Record<string, unknown>) => { ttftMs: number; itlMs: number } {
  const free = new Array<number>(slots).fill(0);
  return (body) => {
    const now = performance.now();
    let k = 0;
    for (let i = 1; i < slots; i++) if (free[i] < free[k]) k = i;
    const start = Math.max(now, free[k]);
    const tokens = Number(body.max_tokens);
    free[k] = start + prefillMs + tokens * itlMs;
    return { ttftMs: start - now + prefillMs, itlMs };
  };
}

test('runGuardedLoad: a slot-limited server under twice its capacity (llama.cpp with too few slots) is stopped for saturation within a few seconds of a 10 s load', async (t) => {
  // 2 slots × 400 ms per request = 5 req/s of capacity against 10 req/s arriving.
  const srv = await startMockServer(slotLimited(2, 40, 45));
  t.after(() => srv.close());
  const schedule = buildSchedule({ requests: [req(8)], rate: 10, durationSec: 10, arrival: 'poisson', seed: 4 });
  const started = performance.now();
  const { records, stop } = await runGuardedLoad({
    baseUrl: srv.url, api: 'completions', model: 'm', schedule, timeoutMs: 60_000,
    earlyStop: saturationOnly(ARMED),
  });
  const seconds = (performance.now() - started) / 1000;
  assert.equal(stop?.rule, 'saturation', JSON.stringify(stop));
  assert.ok(stop.atSeconds <= 6 && seconds < 7, `stopped at ${stop.atSeconds} s (${seconds.toFixed(1)} s in all)`);
  assert.ok(stop.savedSeconds > 4, `saved ${stop.savedSeconds} s`);
  assert.match(stop.reason, /requests waiting for a first token, growing .*\/s .* req\/s completed against .* req\/s arriving; trial 7 of the front kept up with the load \(7\.9 of 8 req\/s completed\)/);
  const cut = records.filter((r) => r.failure?.kind === 'aborted');
  assert.ok(cut.length >= 5, `${cut.length} requests cut`);
  assert.ok(records.length < schedule.length, 'the requests still to come were not sent');
  const m = computeMetrics(records, { cutAsBounds: true });
  assert.equal(m.error_rate, 0, 'cut requests are not failures');
  assert.ok(m.ttft_p99 >= 1000, `waiting requests count with their age: p99 ${m.ttft_p99}`);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(srv.openSockets(), 0, 'cut requests leave no socket open');
});

test('runGuardedLoad: the drain cap cuts requests still open that long after the last one was sent', async (t) => {
  const srv = await startMockServer((_b, n) => ({ ttftMs: 5, itlMs: n === 3 ? 1000 : 1 }));
  t.after(() => srv.close());
  const schedule = buildSchedule({ requests: [req(4)], rate: 50, count: 4, arrival: 'poisson', seed: 1 });
  const { records, stop } = await runGuardedLoad({
    baseUrl: srv.url, api: 'completions', model: 'm', schedule, timeoutMs: 60_000,
    earlyStop: context({ settings: { ...EARLY_STOP_OFF, maxDrainSec: 0.5 } }),
  });
  assert.equal(stop?.rule, 'drain');
  assert.match(stop.reason, /drain capped at 0.5 s after the last request was sent: 1 requests still open/);
  assert.equal(records.filter((r) => r.ok).length, 3);
  assert.equal(records.filter((r) => r.failure?.kind === 'aborted').length, 1);
});

test('runGuardedLoad: with every rule off it is runLoad; a healthy load is never stopped by the defaults', async (t) => {
  const srv = await startMockServer(() => ({ ttftMs: 5, itlMs: 2 }));
  t.after(() => srv.close());
  const schedule = buildSchedule({ requests: [req(4)], rate: 40, count: 60, arrival: 'poisson', seed: 2 });
  for (const settings of [EARLY_STOP_OFF, EARLY_STOP_DEFAULTS]) {
    const { records, stop } = await runGuardedLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule, timeoutMs: 10_000, earlyStop: context({ settings: { ...settings } }) });
    assert.equal(stop, undefined);
    assert.equal(records.length, 60);
    assert.ok(records.every((r) => r.ok));
  }
});

test('runGuardedLoad: cancelling from outside still rejects like runLoad', async (t) => {
  const srv = await startMockServer(() => ({ ttftMs: 2000, itlMs: 1 }));
  t.after(() => srv.close());
  const schedule = buildSchedule({ requests: [req(2)], rate: 20, count: 5, arrival: 'poisson', seed: 2 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  await assert.rejects(runGuardedLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule, timeoutMs: 10_000, signal: ac.signal, earlyStop: context() }), /aborted/);
});
