// The simulator's llama.cpp mode (src/sim/llamacpp): slot layout from the flags, and the server's
// scheduling — queueing for slots, waves without continuous batching, refused over-long prompts, client
// timeouts, a full unified KV cache — on a profile where every ubatch costs exactly 1 ms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llamaCppConfig, slotLayout, LlamaCppConfigError } from '../../../src/sim/llamacpp/config.js';
import { evaluateLlamaCpp } from '../../../src/sim/llamacpp/evaluate.js';
import type { LlamaCppProfile } from '../../../src/sim/llamacpp/profile.js';
import { H200_D32676D7 } from '../../../src/sim/llamacpp/profiles.js';

const MS: LlamaCppProfile = {
  trainingContext: 4096, tokenRatio: 1, iterationOverhead: 0, ubatchOverhead: 1e-3, perToken: 0, perSequence: 0,
  attentionPerCell: 0, attentionPerCellNoFlash: 0, unifiedAttentionFactor: 1, runSpeedSd: 0, jitterSd: 0,
};
const run = (params: Record<string, string | number | boolean>, reqs: [number, number, number][], timeout = 30, profile = MS) =>
  evaluateLlamaCpp(params, reqs.map(([p, o]) => ({ promptTokens: p, outputTokens: o })), reqs.map((r) => r[2]), profile, { requestTimeoutSec: timeout, noiseSeed: 1 });
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

test('slots and per-slot context as llama-server sets them up', () => {
  assert.deepEqual(slotLayout(llamaCppConfig({}), 4096), { slots: 4, unified: true, cacheTokens: 4096, slotContext: 4096, batch: 2048, ubatch: 512, flash: true, contBatching: true });
  // pad256(18409) / 2 = 9216, capped at the training context.
  assert.equal(slotLayout(llamaCppConfig({ parallel: 2, 'ctx-size': 18409 }), 4096).slotContext, 4096);
  assert.equal(slotLayout(llamaCppConfig({ parallel: 32, 'ctx-size': 4096 }), 4096).slotContext, 256);
  assert.equal(slotLayout(llamaCppConfig({ parallel: 3, 'ctx-size': 7356 }), 4096).slotContext, 2560);
  const l = slotLayout(llamaCppConfig({ parallel: 2, 'batch-size': 256, 'ubatch-size': 1024, 'flash-attn': 'off', 'cont-batching': false }), 4096);
  assert.deepEqual([l.batch, l.ubatch, l.flash, l.contBatching, l.unified], [256, 256, false, false, false]);
  assert.throws(() => llamaCppConfig({ 'flash-attn': 'maybe' }), LlamaCppConfigError);
  assert.throws(() => llamaCppConfig({ threads: 4 }), /unknown llama-server parameter "threads"/);
});

test('one request: the prompt in one iteration gives the first token, then one token per iteration', () => {
  const r = run({ parallel: 1, 'ctx-size': 4096 }, [[100, 10, 0]]);
  close(r.metrics.ttft_mean, 1);
  close(r.metrics.tpot_mean, 1);
  close(r.metrics.e2e_mean, 10);
  // A prompt of 1200 tokens with ubatch 512 is three ubatches.
  close(run({ parallel: 1, 'ctx-size': 4096 }, [[1200, 2, 0]]).metrics.ttft_mean, 3);
  // ... and with -b 512 three iterations of one ubatch each.
  close(run({ parallel: 1, 'ctx-size': 4096, 'batch-size': 512 }, [[1200, 2, 0]]).metrics.ttft_mean, 3);
});

test('a request waits for a free slot', () => {
  const r = run({ parallel: 1, 'ctx-size': 4096 }, [[100, 10, 0], [100, 10, 0]]);
  // The second starts when the first has its 10 tokens (10 ms), then needs its own prompt iteration.
  close(r.metrics.ttft_mean, (1 + 11) / 2);
});

test('without continuous batching a new prompt waits until every generating slot is done; with it, it joins at once', () => {
  const reqs: [number, number, number][] = [[100, 50, 0], [100, 5, 0.0105]];
  const cb = run({ parallel: 2, 'ctx-size': 8192 }, reqs);
  const nocb = run({ parallel: 2, 'ctx-size': 8192, 'cont-batching': false }, reqs);
  // With cb the second prompt rides along the iteration starting at 11 ms (ends 12 ms): TTFT 1.5 ms.
  close(cb.metrics.ttft_mean * 2 - 1, 1.5);
  // Without: the first generates until 50 ms; the second's prompt runs 50–51 ms: TTFT 51 − 10.5 = 40.5 ms.
  close(nocb.metrics.ttft_mean * 2 - 1, 40.5);
});

test('prompts longer than a slot are refused at once; unanswered requests time out', () => {
  const r = run({ parallel: 32, 'ctx-size': 4096 }, [[300, 10, 0], [100, 10, 0]]);
  assert.deepEqual(r.failed, { timeout: 0, tooLong: 1 });
  close(r.metrics.error_rate, 0.5);
  // One slot, a 2000-token reply at 1 ms a token, and a 0.5 s client timeout: the second never starts.
  const t = run({ parallel: 1, 'ctx-size': 4096 }, [[100, 2000, 0], [100, 10, 0.001]], 0.5);
  assert.deepEqual(t.failed, { timeout: 2, tooLong: 0 });
});

test('a full unified KV cache holds a prompt back until cells are free', () => {
  // Automatic slots share 512 cells: two 300-token prompts cannot both be in the cache.
  const r = run({ 'ctx-size': 512 }, [[300, 10, 0], [300, 10, 0]]);
  assert.equal(r.layout.unified, true);
  // The second prompt fits only after the first request (prompt + 10 tokens) leaves at 10 ms.
  close(r.metrics.ttft_mean, (1 + 11) / 2);
});

test('run-to-run noise: seeded, and a slower run is slower everywhere', () => {
  const reqs = Array.from({ length: 40 }, () => ({ promptTokens: 200, outputTokens: 100 }));
  // Far apart, so a slower run does not also queue more (which would compound the slowdown).
  const times = reqs.map((_, i) => i * 2);
  const a = evaluateLlamaCpp({ parallel: 4, 'ctx-size': 16384 }, reqs, times, H200_D32676D7, { requestTimeoutSec: 30, noiseSeed: 7 });
  const b = evaluateLlamaCpp({ parallel: 4, 'ctx-size': 16384 }, reqs, times, H200_D32676D7, { requestTimeoutSec: 30, noiseSeed: 7 });
  assert.deepEqual(a.metrics, b.metrics);
  const slow = evaluateLlamaCpp({ parallel: 4, 'ctx-size': 16384 }, reqs, times, { ...H200_D32676D7, jitterSd: 0 }, { requestTimeoutSec: 30, noiseSeed: 7, speed: 1.5 });
  const nominal = evaluateLlamaCpp({ parallel: 4, 'ctx-size': 16384 }, reqs, times, { ...H200_D32676D7, jitterSd: 0 }, { requestTimeoutSec: 30, noiseSeed: 7, speed: 1 });
  close(slow.metrics.tpot_mean / nominal.metrics.tpot_mean, 1.5);
  close(slow.metrics.ttft_mean / nominal.metrics.ttft_mean, 1.5);
});
