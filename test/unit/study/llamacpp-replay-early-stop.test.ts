// The early-stop replay over the H200 run (scripts/llamacpp/replay-early-stop.ts): the engine-log
// parser and timeline on an excerpt of a real llama-server log with hand-computed answers, the policy
// replay on synthetic loads, and the script end to end on the committed run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEngineLog, rebuildTimeline } from '../../../scripts/llamacpp/engine-log-timeline.js';
import { engineSeconds, frontBefore, replayPolicy, savedByStop } from '../../../scripts/llamacpp/early-stop-replay.js';
import { computeMetrics, EARLY_STOP_DEFAULTS, EARLY_STOP_OFF, loadRates, type RequestRecord, type ScheduledRequest } from '../../../src/workload/index.js';
import { trialEarlyStop } from '../../../src/runner/server-trial.js';
import type { WorkloadSetup } from '../../../src/runner/types.js';
import type { TrialRecord } from '../../../src/protocol/study.js';

const ROOT = join(__dirname, '../../..');
const LOG = readFileSync(join(ROOT, 'test/fixtures/llamacpp/h200-random-trial0-excerpt.log'), 'utf8');

const req = (outputTokens: number) => ({ prompt: 'p', promptTokens: 10, outputTokens });
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);

test('the log\'s tasks in the order slots took them, on the server clock M.SS.mmm.uuu', () => {
  const tasks = parseEngineLog(LOG);
  assert.deepEqual(tasks.map((t) => t.task), [0, 1, 19, 496, 495]);
  const t19 = tasks[2];
  close(t19.launchSec, 1.057495);
  close(t19.releaseSec ?? NaN, 1.460932);
  assert.deepEqual([t19.promptEvalMs, t19.promptTokens, t19.evalMs, t19.evalTokens], [41.79, 173, 339.41, 133]);
});

test('requests map to tasks by id after the warm-up; first token = release − generation time; a late end is a timeout', () => {
  // Tasks 19, 495, 496 generate 133, 124, 460 tokens; 496 was launched before 495.
  const schedule: ScheduledRequest[] = [{ time: 0, request: req(133) }, { time: 8, request: req(124) }, { time: 8.1, request: req(460) }];
  const tl = rebuildTimeline(parseEngineLog(LOG), schedule, 2, 3000);
  // Offset: the smallest launch − arrival, task 19's 1.057495 − 0.
  close(tl.offsetSec, 1.057495);
  assert.equal(tl.tokenMismatches, 0);
  const [a, b, c] = tl.records;
  assert.ok(a.ok && b.ok);
  close(a.endMs, 403.437);
  close(a.chunkMs[0], 403.437 - 339.41);
  assert.equal(a.outputTokens, 133);
  close(b.endMs, 9425.966);
  close(b.chunkMs[0], 9425.966 - 447.66);
  // 496 ends at 11591.043 ms, past its deadline 8100 + 3000: a timeout, its first token (8976.883) within it.
  assert.equal(c.ok, false);
  assert.equal(c.failure?.kind, 'timeout');
  assert.equal(c.endMs, 11100);
  assert.equal(c.chunkMs.length, 1);
  close(c.chunkMs[0], 11591.043 - 2614.16);
  // Mapped by launch order instead, the token counts would disagree twice.
  const swapped = rebuildTimeline(parseEngineLog(LOG), [schedule[0], { time: 8, request: req(460) }, { time: 8.1, request: req(124) }], 2, 30000);
  assert.equal(swapped.tokenMismatches, 2);
});

/** 80 requests at 10 req/s served one at a time, each taking `serviceMs` (first token after 20 ms of it). */
function fifoLoad(serviceMs: number): { schedule: ScheduledRequest[]; records: RequestRecord[] } {
  const schedule: ScheduledRequest[] = Array.from({ length: 80 }, (_, k) => ({ time: (k + 1) * 0.1, request: req(100) }));
  let free = 0;
  const records = schedule.map((s, k): RequestRecord => {
    const send = s.time * 1000;
    const start = Math.max(send, free);
    free = start + serviceMs;
    return { index: k, scheduledMs: send, sendMs: send, chunkMs: [start + 20, free], endMs: free, promptTokens: 10, outputTokens: 100, requestedOutputTokens: 100, ok: true };
  });
  return { schedule, records };
}

const WORKLOAD: WorkloadSetup = {
  requests: [req(100)], rate: 10, durationSec: 8, arrival: 'poisson', burstiness: 1, api: 'completions',
  warmupRequests: 0, requestTimeoutSec: 30, maxErrorRate: 0.05, seed: 0, earlyStop: { ...EARLY_STOP_DEFAULTS },
};

const OBJECTIVES = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'tpot_mean', goal: 'min' as const }];

/** The trial record the runner writes for a load run to its end, with or without the load rates (older records lack them). */
function recordOf(trial: number, records: RequestRecord[], withRates = true): TrialRecord {
  const rates = loadRates(records);
  return {
    trial, params: {}, status: 'ok', metrics: computeMetrics(records), source: 'sobol', slot: 0, startedAt: '', endedAt: '',
    ...(withRates && rates ? { loadRates: rates } : {}),
  };
}

test('the policy replayed on a simulated clock: saturation stops a load on the 250 ms grid once a front trial kept up and beats it; never before', () => {
  const saturated = fifoLoad(500);
  const keepsUp = fifoLoad(50);
  const armed = frontBefore([recordOf(1, keepsUp.records)], OBJECTIVES, 16);
  // Dominance off: here it would stop the saturated load first.
  const saturationOnly: WorkloadSetup = { ...WORKLOAD, earlyStop: { ...EARLY_STOP_DEFAULTS, dominated: false } };
  const stop = replayPolicy(saturated.records, saturated.schedule, trialEarlyStop(saturationOnly, { source: 'sobol', ...(armed ? { front: armed } : {}) }, 'base-command'));
  assert.equal(stop?.rule, 'saturation');
  assert.match(stop.reason, /trial 1 of the front kept up with the load \(9\.9 of 10\.1 req\/s completed\) and already beats what this one measured so far/);
  assert.ok(stop.atSeconds >= EARLY_STOP_DEFAULTS.minLoadSec && stop.atSeconds < 8, String(stop.atSeconds));
  assert.equal(Math.round(stop.atSeconds * 4), stop.atSeconds * 4);
  assert.equal(replayPolicy(keepsUp.records, keepsUp.schedule, trialEarlyStop(saturationOnly, { source: 'sobol', ...(armed ? { front: armed } : {}) }, 'base-command')), undefined);
  // No front yet, a front of saturated trials only (the H200 run at 10 req/s), or a kept-up trial recorded
  // before load rates were: saturation stops nothing.
  for (const front of [undefined, frontBefore([recordOf(1, fifoLoad(400).records)], OBJECTIVES, 16), frontBefore([recordOf(1, keepsUp.records, false)], OBJECTIVES, 16)]) {
    const context = trialEarlyStop(saturationOnly, { source: 'sobol', ...(front ? { front } : {}) }, 'base-command');
    assert.equal(replayPolicy(saturated.records, saturated.schedule, context), undefined, JSON.stringify(front));
  }
  // The base-command default is the reference: never stopped, saturated or not.
  assert.equal(replayPolicy(saturated.records, saturated.schedule, trialEarlyStop(WORKLOAD, { source: 'default', ...(armed ? { front: armed } : {}) }, 'base-command')), undefined);
  assert.equal(replayPolicy(saturated.records, saturated.schedule, { settings: { ...EARLY_STOP_OFF }, maxErrorRate: 0.05, requestTimeoutSec: 30 }), undefined);
});

test('a stop saves the recorded load and drain after it, never start-up, warm-up or teardown', () => {
  const r = { phases: { startup: 0.7, warmup: 0.2, load: 8, drain: 20, teardown: 0.3 } } as TrialRecord;
  close(engineSeconds(r), 29.2);
  close(savedByStop(r, 4.75), 23.25);
  assert.equal(savedByStop(r, 40), 0);
});

test('the script on the committed H200 run: the rebuilt timelines match the recorded metrics and every figure says it is replayed', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/llamacpp/replay-early-stop.ts')], { cwd: ROOT, encoding: 'utf8' });
  assert.match(out, /median relative error over 32 trials: mean TTFT 0\.\d%, mean TPOT 0\.\d%, successful requests 0\.0%/);
  assert.match(out, /mapping off\): 0\./);
  assert.match(out, /replayed from the recorded H200 run, not measured live/);
  assert.match(out, /\| both \| 944\.9 \|/);
  // Saturation is armed by the one trial that kept up (scoot 6) and beats no saturated trial on both
  // objectives: no trial of either recorded front is stopped, in either scenario.
  assert.match(out, /Trials whose load kept up .*: 1 of 32 \(scoot 6\)/);
  assert.doesNotMatch(out, /HARMFUL/);
  assert.equal(out.match(/No trial of the recorded front stopped/g)?.length, 4);
});
