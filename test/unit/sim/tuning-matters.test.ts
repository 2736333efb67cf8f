// The "tuning matters" criteria, checked on 500 uniformly random configurations of the
// vLLM 0.4/0.5 space of the paper's Table 1 (plus gpu-memory-utilization in [0.7, 0.98]), with the
// paper's set-up: Llama-2-13B on 2xA100, Poisson arrivals for 100 s, the longest 50% of outputs;
// chat at 10 req/s, recommendation at 30 req/s. Prints the figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Rng } from '../../../src/core/rng.js';
import { evaluateConfig, type EvaluationResult } from '../../../src/sim/evaluate.js';
import { loadTrace, longestOutputs, poissonSchedule, type Schedule } from './sim-workload.js';

type Params = Record<string, number | boolean | string>;

const BASE: Params = { 'model-profile': 'llama2-13b', gpu: 'a100-80g', 'num-gpus': 2 };
const N = 500;

function randomConfig(rng: Rng): Params {
  return {
    'tensor-parallel-size': 1 + rng.int(2),
    'max-num-seqs': 64 + rng.int(8192 - 64 + 1),
    'max-num-batched-tokens': 64 + rng.int(8192 - 64 + 1),
    'block-size': [8, 16, 32][rng.int(3)],
    'scheduler-delay-factor': 2 * rng.uniform(),
    'enable-chunked-prefill': rng.uniform() < 0.5,
    'enable-prefix-caching': rng.uniform() < 0.5,
    'disable-custom-all-reduce': rng.uniform() < 0.5,
    'use-v2-block-manager': rng.uniform() < 0.5,
    'gpu-memory-utilization': 0.7 + 0.28 * rng.uniform(),
  };
}

function satisfiesKnownConstraints(p: Params): boolean {
  const mns = p['max-num-seqs'] as number;
  const mnbt = p['max-num-batched-tokens'] as number;
  return mnbt >= mns && !(p['enable-chunked-prefill'] && p['enable-prefix-caching']) && (p['enable-chunked-prefill'] === true || mnbt >= 4096);
}

function schedule(trace: string, rate: number): Schedule {
  return poissonSchedule(longestOutputs(loadTrace(join(__dirname, '../../../traces', `${trace}.jsonl`)), 0.5), rate, 100, 11);
}

function sweep(s: Schedule, seed: number): { def: EvaluationResult; runs: { params: Params; result: EvaluationResult }[] } {
  const def = evaluateConfig(BASE, s.requests, s.arrivals);
  const rng = new Rng(seed);
  const runs = Array.from({ length: N }, () => {
    const params = randomConfig(rng);
    return { params, result: evaluateConfig({ ...BASE, ...params }, s.requests, s.arrivals) };
  });
  return { def, runs };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

test('chat trace: one random configuration halves mean TTFT without worse TPOT, another cuts TPOT by 20% without worse TTFT; >=15% infeasible for several reasons', () => {
  const t0 = performance.now();
  const { def, runs } = sweep(schedule('chat', 10), 1);
  const dm = def.metrics;
  assert.ok(def.ok && dm, 'the default configuration must run');
  let bestTtft = { cut: -Infinity, desc: '' };
  let bestTpot = { cut: -Infinity, desc: '' };
  const reasons = new Map<string, number>();
  const hidden = new Map<string, number>();
  let known = 0;
  for (const { params, result } of runs) {
    if (satisfiesKnownConstraints(params)) known++;
    if (!result.ok || !result.metrics) {
      const reason = result.failure?.reason ?? 'unknown';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      if (satisfiesKnownConstraints(params)) hidden.set(reason, (hidden.get(reason) ?? 0) + 1);
      continue;
    }
    const m = result.metrics;
    const desc = `TTFT ${m.ttft_mean.toFixed(1)} ms, TPOT ${m.tpot_mean.toFixed(2)} ms ${JSON.stringify(params)}`;
    if (m.tpot_mean <= dm.tpot_mean && 1 - m.ttft_mean / dm.ttft_mean > bestTtft.cut) bestTtft = { cut: 1 - m.ttft_mean / dm.ttft_mean, desc };
    if (m.ttft_mean <= dm.ttft_mean && 1 - m.tpot_mean / dm.tpot_mean > bestTpot.cut) bestTpot = { cut: 1 - m.tpot_mean / dm.tpot_mean, desc };
  }
  const infeasible = [...reasons.values()].reduce((a, b) => a + b, 0);
  const hiddenCount = [...hidden.values()].reduce((a, b) => a + b, 0);
  console.log(`chat, ${N} random configs in ${((performance.now() - t0) / 1000).toFixed(1)} s; default TTFT ${dm.ttft_mean.toFixed(1)} ms, TPOT ${dm.tpot_mean.toFixed(2)} ms`);
  console.log(`best TTFT cut with TPOT no worse: ${pct(bestTtft.cut)}: ${bestTtft.desc}`);
  console.log(`best TPOT cut with TTFT no worse: ${pct(bestTpot.cut)}: ${bestTpot.desc}`);
  console.log(`infeasible: ${infeasible}/${N} = ${pct(infeasible / N)} ${JSON.stringify(Object.fromEntries(reasons))}; ` +
    `among the ${known} satisfying the known constraints: ${hiddenCount} ${JSON.stringify(Object.fromEntries(hidden))}`);
  assert.ok(bestTtft.cut >= 0.5, `best TTFT cut ${pct(bestTtft.cut)}`);
  assert.ok(bestTpot.cut >= 0.2, `best TPOT cut ${pct(bestTpot.cut)}`);
  assert.ok(infeasible / N >= 0.15);
  assert.ok(reasons.size >= 2, 'more than one reason');
});

test('recommendation trace: one random configuration raises request throughput by >=30%', () => {
  const t0 = performance.now();
  const { def, runs } = sweep(schedule('rec', 30), 2);
  const dm = def.metrics;
  assert.ok(def.ok && dm);
  let best = { up: -Infinity, desc: '' };
  for (const { params, result } of runs) {
    const m = result.metrics;
    if (!m) continue;
    const up = m.request_throughput / dm.request_throughput - 1;
    if (up > best.up) best = { up, desc: `${m.request_throughput.toFixed(2)} req/s ${JSON.stringify(params)}` };
  }
  console.log(`rec, ${N} random configs in ${((performance.now() - t0) / 1000).toFixed(1)} s; default ${dm.request_throughput.toFixed(2)} req/s; best +${pct(best.up)}: ${best.desc}`);
  assert.ok(best.up >= 0.3, `best throughput gain ${pct(best.up)}`);
});
