import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEngine, type EnginePlan } from '../../../src/sim/engine-plan.js';
import { parseSimArgs } from '../../../src/sim/flags.js';
import { PerfModel, type BatchShape } from '../../../src/sim/perf-model.js';

function model(...argv: string[]): PerfModel {
  const r = planEngine(parseSimArgs(argv));
  if (!r.ok) throw new Error(r.failure.message);
  return new PerfModel(r.plan as EnginePlan);
}

const decode = (seqs: number, ctx: number): BatchShape => ({
  prefillTokens: 0, prefillPairs: 0, prefillContext: 0, decodeSeqs: seqs, decodeContext: seqs * ctx, sampledSeqs: seqs, scheduledSeqs: seqs,
});
const prefill = (tokens: number): BatchShape => ({
  prefillTokens: tokens, prefillPairs: (tokens * tokens) / 2, prefillContext: 0, decodeSeqs: 0, decodeContext: 0, sampledSeqs: 1, scheduledSeqs: 1,
});

const a100_13b = ['--model-profile', 'llama2-13b', '--gpu', 'a100-80g'];

test('published magnitudes: Llama-2-13B on one A100 decodes a lone sequence in ~15–25 ms and prefills ~6–10k tokens/s', () => {
  const m = model(...a100_13b);
  const single = m.iterationSeconds(decode(1, 500)) * 1000;
  assert.ok(single > 15 && single < 25, `${single} ms`);
  const rate = 4096 / m.iterationSeconds(prefill(4096));
  assert.ok(rate > 6000 && rate < 10000, `${rate} tokens/s`);
});

test('iteration time grows with prefill tokens, decode sequences and attention context', () => {
  const m = model(...a100_13b);
  assert.ok(m.iterationSeconds(prefill(2048)) > m.iterationSeconds(prefill(512)));
  assert.ok(m.iterationSeconds(decode(128, 500)) > m.iterationSeconds(decode(8, 500)));
  assert.ok(m.iterationSeconds(decode(64, 2000)) > m.iterationSeconds(decode(64, 200)));
  // Decode is memory-bound: 8x the sequences costs far less than 8x the time.
  assert.ok(m.iterationSeconds(decode(64, 100)) < 2 * m.iterationSeconds(decode(8, 100)));
});

test('tensor parallelism divides the work and adds all-reduce time; the custom all-reduce is cheaper than NCCL', () => {
  const tp1 = model(...a100_13b);
  const tp2 = model(...a100_13b, '-tp', '2', '--num-gpus', '2');
  const tp2Nccl = model(...a100_13b, '-tp', '2', '--num-gpus', '2', '--disable-custom-all-reduce');
  const big = prefill(4096);
  assert.ok(tp2.iterationSeconds(big) < 0.6 * tp1.iterationSeconds(big));
  assert.ok(tp2.iterationSeconds(big) > 0.5 * tp1.iterationSeconds(big)); // communication is not free
  const small = decode(16, 400);
  assert.ok(tp2Nccl.iterationSeconds(small) > tp2.iterationSeconds(small));
  // Over PCIe (A10) the all-reduce costs much more than over NVLink.
  const a10 = model('--model-profile', 'llama2-7b', '--gpu', 'a10', '-tp', '2', '--num-gpus', '2');
  const a10One = model('--model-profile', 'llama2-7b', '--gpu', 'a10');
  assert.ok(a10.iterationSeconds(big) / a10One.iterationSeconds(big) > tp2.iterationSeconds(big) / tp1.iterationSeconds(big));
});

test('CUDA graphs save launch overhead on decode batches that have a captured size', () => {
  const graphs = model(...a100_13b);
  const eager = model(...a100_13b, '--enforce-eager');
  assert.ok(eager.iterationSeconds(decode(8, 300)) > graphs.iterationSeconds(decode(8, 300)));
  assert.equal(graphs.usesGraph(decode(300, 300)), false); // beyond the largest captured size (256)
  assert.equal(graphs.usesGraph(prefill(100)), false);
});

test('the paged-attention kernel is fastest at block size 16', () => {
  const shape = decode(128, 1500);
  const t = (bs: string) => model(...a100_13b, '--block-size', bs).iterationSeconds(shape);
  assert.ok(t('8') > t('16'));
  assert.ok(t('32') > t('16'));
});

test('the v2 block manager costs more CPU time per sequence', () => {
  const v1 = model(...a100_13b);
  const v2 = model(...a100_13b, '--use-v2-block-manager');
  assert.ok(v2.iterationSeconds(decode(200, 300)) > v1.iterationSeconds(decode(200, 300)));
});
