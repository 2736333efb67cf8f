// Each mechanism of the simulated engine, shown by the direction of its effect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine } from '../../../src/sim/engine.js';
import { planEngine, type EnginePlan } from '../../../src/sim/engine-plan.js';
import { evaluateConfig, type EvaluationResult, type TraceRequest } from '../../../src/sim/evaluate.js';
import { parseSimArgs } from '../../../src/sim/flags.js';
import { loadTrace, longestOutputs, poissonSchedule } from './sim-workload.js';
import type { ServingMetrics } from '../../../src/sim/serving-metrics.js';
import { tokenizePrompt } from '../../../src/sim/tokenizer.js';

const TRACES = join(__dirname, '../../../traces');
const chat = longestOutputs(loadTrace(join(TRACES, 'chat.jsonl')), 0.5);
const sql = loadTrace(join(TRACES, 'sql.jsonl'));
const A100_13B = ['--model-profile', 'llama2-13b', '--gpu', 'a100-80g'];

/** n distinct one-token words; different salts give different first tokens, so no shared prefix. */
function words(n: number, salt: number): string {
  return Array.from({ length: n }, (_, i) => (salt * 7919 + i).toString(36)).join(' ');
}

function run(argv: string[], requests: TraceRequest[], arrivals: number[]): EvaluationResult {
  return evaluateConfig(argv, requests, arrivals);
}

function metrics(r: EvaluationResult): ServingMetrics {
  if (!r.ok || !r.metrics) throw new Error(`expected success, got ${r.failure?.reason}: ${r.failure?.message}`);
  return r.metrics;
}

function plan(argv: string[]): EnginePlan {
  const r = planEngine(parseSimArgs(argv));
  if (!r.ok) throw new Error(r.failure.message);
  return r.plan;
}

test('spare GPUs run data-parallel replicas: two replicas queue less than one', () => {
  const s = poissonSchedule(chat, 12, 40, 1);
  const one = metrics(run([...A100_13B, '--num-gpus', '1'], s.requests, s.arrivals));
  const two = metrics(run([...A100_13B, '--num-gpus', '2'], s.requests, s.arrivals));
  assert.ok(two.ttft_mean < 0.5 * one.ttft_mean, `${two.ttft_mean} vs ${one.ttft_mean}`);
  assert.ok(two.request_throughput >= one.request_throughput);
});

test('TTFT/TPOT conflict (paper A.1): a small max-num-seqs lowers TPOT and raises TTFT', () => {
  const s = poissonSchedule(chat, 10, 40, 2);
  const small = metrics(run([...A100_13B, '--num-gpus', '2', '--max-num-seqs', '16'], s.requests, s.arrivals));
  const large = metrics(run([...A100_13B, '--num-gpus', '2', '--max-num-seqs', '256'], s.requests, s.arrivals));
  assert.ok(small.tpot_mean < 0.85 * large.tpot_mean, `TPOT ${small.tpot_mean} vs ${large.tpot_mean}`);
  assert.ok(small.ttft_mean > 10 * large.ttft_mean, `TTFT ${small.ttft_mean} vs ${large.ttft_mean}`);
});

test('realistic magnitudes: Llama-2-13B on 2xA100 at 10 req/s of chat: TTFT tens to thousands of ms across configs, TPOT tens of ms', () => {
  const s = poissonSchedule(chat, 10, 60, 3);
  const def = metrics(run([...A100_13B, '--num-gpus', '2'], s.requests, s.arrivals));
  const fast = metrics(run([...A100_13B, '--num-gpus', '2', '-tp', '2', '--enable-prefix-caching'], s.requests, s.arrivals));
  const starved = metrics(run([...A100_13B, '--num-gpus', '2', '--max-num-seqs', '24'], s.requests, s.arrivals));
  for (const m of [def, fast, starved]) assert.ok(m.tpot_mean > 10 && m.tpot_mean < 100, `TPOT ${m.tpot_mean}`);
  assert.ok(fast.ttft_mean > 10 && fast.ttft_mean < 100, `fast TTFT ${fast.ttft_mean}`);
  assert.ok(def.ttft_mean > 20 && def.ttft_mean < 1000, `default TTFT ${def.ttft_mean}`);
  assert.ok(starved.ttft_mean > 1000, `starved TTFT ${starved.ttft_mean}`);
});

test('max-num-batched-tokens and max-num-seqs cap each iteration', () => {
  const p = plan([...A100_13B, '--max-num-seqs', '3']);
  const e = new Engine(p, 0);
  for (let i = 0; i < 10; i++) e.add(tokenizePrompt(words(1000, i)), 50, 50, 0);
  const r = e.replicas[0];
  e.start(r, 0);
  assert.equal(r.batch.prefills.length, 3); // max-num-seqs
  const p2 = plan([...A100_13B]);
  const e2 = new Engine(p2, 0);
  for (let i = 0; i < 10; i++) e2.add(tokenizePrompt(words(1000, i)), 50, 50, 0);
  e2.start(e2.replicas[0], 0);
  assert.equal(e2.replicas[0].batch.shape.prefillTokens, 4000); // 4 prompts fit 4096 tokens, the 5th does not
  const p3 = plan([...A100_13B, '--enable-chunked-prefill', '--max-num-batched-tokens', '1500']);
  const e3 = new Engine(p3, 0);
  for (let i = 0; i < 10; i++) e3.add(tokenizePrompt(words(1000, i)), 50, 50, 0);
  e3.start(e3.replicas[0], 0);
  assert.deepEqual(e3.replicas[0].batch.chunks, [1000, 500]); // the second prompt is split
});

test('V1 chunked-prefill knobs: long-prefill-token-threshold caps a prompt\'s chunk, max-num-partial-prefills the prompts per step', () => {
  const p = plan([...A100_13B, '--enable-chunked-prefill', '--max-num-batched-tokens', '2048', '--long-prefill-token-threshold', '300', '--max-num-partial-prefills', '2']);
  const e = new Engine(p, 0);
  for (let i = 0; i < 5; i++) e.add(tokenizePrompt(words(1000, i)), 5, 5, 0);
  e.start(e.replicas[0], 0);
  assert.deepEqual(e.replicas[0].batch.chunks, [300, 300]);
});

/** Max gap between tokens of the short requests while a long prompt arrives mid-way. */
function maxDecodeGap(argv: string[]): number {
  const p = plan(argv);
  let maxGap = 0;
  const e = new Engine(p, 0, {
    onToken: (s, t, prev) => {
      if (prev >= 0 && s.prompt.length < 100) maxGap = Math.max(maxGap, t - prev);
    },
  });
  const r = e.replicas[0];
  for (let i = 0; i < 16; i++) e.add(tokenizePrompt(words(50, i)), 200, 200, 0);
  let now = 0;
  let injected = false;
  for (let step = 0; step < 2000 && !(e.idle); step++) {
    if (!injected && now > 0.5) {
      for (let k = 0; k < 2; k++) e.add(tokenizePrompt(words(3500, 100 + k)), 10, 10, now);
      injected = true;
    }
    if (e.start(r, now) === undefined) break;
    now = r.iterationEnd;
    e.finish(r);
  }
  return maxGap;
}

test('without chunked prefill a long prompt stalls decoding; chunked prefill splits it and keeps tokens flowing', () => {
  const stalled = maxDecodeGap([...A100_13B]);
  const chunked = maxDecodeGap([...A100_13B, '--enable-chunked-prefill', '--max-num-batched-tokens', '512']);
  assert.ok(stalled > 0.5, `stall ${stalled}s`); // two 3500-token prompts ≈ 0.9 s of prefill
  assert.ok(chunked < 0.15, `chunked max gap ${chunked}s`);
});

test('prefix caching skips the shared schema prefix of text-to-SQL prompts; unique prompts gain nothing', () => {
  const s = poissonSchedule(sql, 6, 30, 4);
  const off = run([...A100_13B], s.requests, s.arrivals);
  const on = run([...A100_13B, '--enable-prefix-caching'], s.requests, s.arrivals);
  assert.ok((on.engine?.promptTokensComputed ?? 0) < 0.3 * (off.engine?.promptTokensComputed ?? 0));
  assert.ok(metrics(on).ttft_mean < 0.6 * metrics(off).ttft_mean);
  const unique = s.requests.map((r, i) => ({ prompt: words(400, i), output_tokens: r.output_tokens }));
  const u0 = run([...A100_13B], unique, s.arrivals);
  const u1 = run([...A100_13B, '--enable-prefix-caching'], unique, s.arrivals);
  assert.equal(u1.engine?.promptTokensComputed, u0.engine?.promptTokensComputed);
  // With the v2 block manager of these versions nothing is skipped.
  const v2 = run([...A100_13B, '--enable-prefix-caching', '--use-v2-block-manager'], s.requests, s.arrivals);
  assert.equal(v2.engine?.promptTokensComputed, off.engine?.promptTokensComputed);
});

test('when the KV cache runs out, sequences are preempted and recomputed', () => {
  const n = 48;
  const requests = Array.from({ length: n }, (_, i) => ({ prompt: words(200, i), output_tokens: 800 }));
  const arrivals = requests.map(() => 0);
  const tight = run([...A100_13B, '--gpu-memory-utilization', '0.42'], requests, arrivals);
  const roomy = run([...A100_13B], requests, arrivals);
  assert.ok((tight.engine?.kvCacheTokensPerReplica ?? 0) < 20000);
  assert.ok((tight.engine?.preemptions ?? 0) > 0);
  assert.equal(roomy.engine?.preemptions, 0);
  assert.ok((tight.engine?.promptTokensComputed ?? 0) > (roomy.engine?.promptTokensComputed ?? 0)); // recomputation
  assert.ok(metrics(tight).e2e_mean > metrics(roomy).e2e_mean);
  assert.equal(metrics(tight).error_rate, 0); // preemption delays, it does not fail requests
});

test('scheduler-delay-factor holds prompts back to batch them: fewer prefill iterations, higher TTFT', () => {
  const s = poissonSchedule(chat, 10, 40, 5);
  const base = run([...A100_13B, '--num-gpus', '2'], s.requests, s.arrivals);
  const delayed = run([...A100_13B, '--num-gpus', '2', '--scheduler-delay-factor', '2'], s.requests, s.arrivals);
  assert.ok((delayed.engine?.prefillIterations ?? 0) < 0.8 * (base.engine?.prefillIterations ?? 0));
  assert.ok(metrics(delayed).ttft_mean > metrics(base).ttft_mean);
});

test('hidden constraint: chunked prefill with prefix caching crashes at the first prefix hit, only on traces sharing prefixes', () => {
  const s = poissonSchedule(sql, 4, 20, 6);
  const r = run([...A100_13B, '--enable-chunked-prefill', '--enable-prefix-caching'], s.requests, s.arrivals);
  assert.equal(r.ok, false);
  assert.equal(r.failure?.reason, 'crash-under-load');
  assert.match(r.failure?.message ?? '', /chunked prefill cannot be used with prefix caching/);
  const unique = s.requests.map((q, i) => ({ prompt: words(300, i), output_tokens: q.output_tokens }));
  assert.equal(run([...A100_13B, '--enable-chunked-prefill', '--enable-prefix-caching'], unique, s.arrivals).ok, true);
});

test('hidden constraint: a near-full gpu-memory-utilization runs out of memory under a large batch, not when idle-ish', () => {
  const argv = [...A100_13B, '--gpu-memory-utilization', '0.97', '--max-num-batched-tokens', '8192'];
  // A first request keeps the engine busy while eight 1000-token prompts arrive: they are then
  // prefilled together in one 8000-token iteration.
  const burst = [{ prompt: 'warm up', output_tokens: 50 }, ...Array.from({ length: 8 }, (_, i) => ({ prompt: words(1000, i), output_tokens: 20 }))];
  const together = burst.map((_, i) => (i === 0 ? 0 : 0.001));
  const crashed = run(argv, burst, together);
  assert.equal(crashed.failure?.reason, 'crash-under-load');
  assert.match(crashed.failure?.message ?? '', /CUDA out of memory/);
  const trickle = run(argv, burst, burst.map((_, i) => i * 2));
  assert.equal(trickle.ok, true);
  assert.equal(run([...A100_13B, '--max-num-batched-tokens', '8192'], burst, together).ok, true);
});

test('hidden constraint: custom all-reduce over PCIe hangs under a large batch; disabling it avoids the hang', () => {
  const argv = ['--model-profile', 'llama2-7b', '--gpu', 'a10', '-tp', '2', '--num-gpus', '2'];
  const many = Array.from({ length: 200 }, (_, i) => ({ prompt: words(20, i), output_tokens: 50 }));
  const arrivals = many.map((_, i) => i * 0.002);
  const hung = run(argv, many, arrivals);
  assert.equal(hung.failure?.reason, 'hang');
  assert.equal(run([...argv, '--disable-custom-all-reduce'], many, arrivals).ok, true);
  assert.equal(run(argv, many.slice(0, 20), arrivals.slice(0, 20)).ok, true);
});

test('start-up failures are reported, not thrown', () => {
  const r = run([...A100_13B, '--max-num-batched-tokens', '1024'], chat.slice(0, 3), [0, 1, 2]);
  assert.equal(r.ok, false);
  assert.equal(r.failure?.reason, 'startup-failure');
});

test('deterministic under a seed; the seed moves results only by the iteration jitter', () => {
  const s = poissonSchedule(chat, 6, 20, 7);
  const a = metrics(evaluateConfig([...A100_13B, '--seed', '1'], s.requests, s.arrivals));
  const b = metrics(evaluateConfig([...A100_13B, '--seed', '1'], s.requests, s.arrivals));
  const c = metrics(evaluateConfig([...A100_13B, '--seed', '2'], s.requests, s.arrivals));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(Math.abs(a.tpot_mean / c.tpot_mean - 1) < 0.05);
});

test('requests that do not fit the context are errors, like the server\'s HTTP 400', () => {
  const r = evaluateConfig(A100_13B, [{ prompt: words(4000, 1), output_tokens: 200 }, { prompt: 'hi', output_tokens: 5 }], [0, 0]);
  const m = metrics(r);
  assert.equal(m.error_rate, 0.5);
  assert.match(r.requests[0].error ?? '', /maximum context length is 4096/);
});

test('reproduces the shape of the measured llama.cpp grid (docs/ARCHITECTURE.md §9): too few slots queue, enough slots answer in tens of ms', () => {
  // The probe: one H200-class GPU, 10 req/s Poisson for ~11 s, ~260-token prompts, 128 output tokens.
  // Measured mean TTFT: 2 slots 11–15 s, 4 slots 2.5–4.4 s, 8 slots 0.13–0.74 s, 16+ slots 16–40 ms; TPOT 5–18 ms.
  const pool = Array.from({ length: 200 }, (_, i) => ({ prompt: words(260, i), output_tokens: 128 }));
  const s = poissonSchedule(pool, 10, 11.4, 5);
  const at = (mns: number) => metrics(run(['--model-profile', 'llama2-7b', '--gpu', 'h100', '--max-num-seqs', String(mns)], s.requests, s.arrivals));
  const [two, four, eight, sixteen] = [at(2), at(4), at(8), at(16)];
  assert.ok(two.ttft_mean > 5000, `2 slots: ${two.ttft_mean}`);
  assert.ok(four.ttft_mean > 1000 && four.ttft_mean < 10000, `4 slots: ${four.ttft_mean}`);
  assert.ok(eight.ttft_mean > 100 && eight.ttft_mean < 2000, `8 slots: ${eight.ttft_mean}`);
  assert.ok(sixteen.ttft_mean < 100, `16 slots: ${sixteen.ttft_mean}`);
  for (const m of [two, four, eight, sixteen]) assert.ok(m.tpot_mean > 3 && m.tpot_mean < 20, `TPOT ${m.tpot_mean}`);
  assert.ok(two.request_throughput < four.request_throughput && four.request_throughput < eight.request_throughput && eight.request_throughput <= sixteen.request_throughput);
});
