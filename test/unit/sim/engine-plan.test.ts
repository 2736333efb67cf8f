import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEngine, type EnginePlan, type PlanResult } from '../../../src/sim/engine-plan.js';
import { parseSimArgs } from '../../../src/sim/flags.js';
import { GiB, kvBytesPerToken, MODEL_PROFILES, totalParams } from '../../../src/sim/profiles.js';

const plan = (...argv: string[]): PlanResult => planEngine(parseSimArgs(argv));
const ok = (...argv: string[]): EnginePlan => {
  const r = plan(...argv);
  if (!r.ok) throw new Error(`expected a plan, got: ${r.failure.message}`);
  return r.plan;
};
const failure = (...argv: string[]): string => {
  const r = plan(...argv);
  assert.equal(r.ok, false, `expected a start-up failure for ${argv.join(' ')}`);
  return r.ok ? '' : r.failure.message;
};

test('model profiles match the published parameter counts and KV sizes', () => {
  assert.ok(Math.abs(totalParams(MODEL_PROFILES['llama2-7b']) / 1e9 - 6.74) < 0.02);
  assert.ok(Math.abs(totalParams(MODEL_PROFILES['llama2-13b']) / 1e9 - 13.02) < 0.03);
  assert.ok(Math.abs(totalParams(MODEL_PROFILES['llama3-8b']) / 1e9 - 8.03) < 0.02);
  // 2 (K,V) x 40 layers x 5120 x 2 bytes = 800 KiB per token for Llama-2-13B; GQA makes Llama-3-8B 128 KiB.
  assert.equal(kvBytesPerToken(MODEL_PROFILES['llama2-13b']), 819200);
  assert.equal(kvBytesPerToken(MODEL_PROFILES['llama3-8b']), 131072);
});

test('vLLM defaults: max-num-batched-tokens = max(max-model-len, 2048), 512 with chunked prefill', () => {
  assert.equal(ok('--model-profile', 'llama2-13b').maxNumBatchedTokens, 4096);
  assert.equal(ok('--model-profile', 'llama2-13b', '--max-model-len', '1024').maxNumBatchedTokens, 2048);
  assert.equal(ok('--model-profile', 'llama2-13b', '--enable-chunked-prefill').maxNumBatchedTokens, 512);
  assert.equal(ok('--model', 'meta-llama/Llama-2-13b-chat-hf').model.name, 'llama2-13b');
});

test('known constraints fail at start-up with vLLM\'s messages', () => {
  assert.match(failure('--model-profile', 'llama2-13b', '--max-num-batched-tokens', '2048'), /max_num_batched_tokens \(2048\) is smaller than max_model_len \(4096\)/);
  assert.match(failure('--model-profile', 'llama2-13b', '--enable-chunked-prefill', '--max-num-batched-tokens', '128', '--max-num-seqs', '256'),
    /max_num_batched_tokens \(128\) must be greater than or equal to max_num_seqs \(256\)/);
  assert.match(failure('--model-profile', 'llama2-7b', '--max-model-len', '8192'), /User-specified max_model_len \(8192\) is greater than the derived max_model_len/);
  assert.match(failure('--gpu-memory-utilization', '1.2'), /GPU memory utilization must be less than 1.0/);
});

test('tensor parallelism must divide the heads and fit the GPUs', () => {
  assert.match(failure('--model-profile', 'llama2-13b', '-tp', '3', '--num-gpus', '4'), /attention heads \(40\) must be divisible by tensor parallel size \(3\)/);
  assert.match(failure('-tp', '4', '--num-gpus', '2'), /exceeds the total number of available GPUs/);
});

test('spare GPUs become data-parallel replicas', () => {
  assert.equal(ok('--num-gpus', '4', '-tp', '2').replicas, 2);
  assert.equal(ok('--num-gpus', '4').replicas, 4);
  const odd = ok('--num-gpus', '3', '-tp', '2');
  assert.equal(odd.replicas, 1);
  assert.ok(odd.notes.some((n) => /left idle/.test(n)));
});

test('weights that do not fit, or leave no room for the KV cache, fail like the real engine', () => {
  assert.match(failure('--model-profile', 'llama2-13b', '--gpu', 'a10'), /CUDA out of memory/); // 26 GB on a 24 GB card
  assert.match(failure('--model-profile', 'llama2-13b', '--gpu', 'a10', '-tp', '2', '--gpu-memory-utilization', '0.58'), /No available memory for the cache blocks/);
  assert.match(failure('--model-profile', 'llama2-13b', '--gpu', 'a10', '-tp', '2', '--gpu-memory-utilization', '0.65'),
    /The model's max seq len \(4096\) is larger than the maximum number of tokens that can be stored in KV cache/);
  // Llama-3's 128k vocabulary makes a huge max-num-seqs reserve sampler memory at profiling time.
  assert.ok(ok('--model-profile', 'llama3-8b', '--gpu', 'a10', '--max-num-seqs', '256').memory.numBlocks > 0);
  assert.match(failure('--model-profile', 'llama3-8b', '--gpu', 'a10', '--max-num-seqs', '4096', '--max-num-batched-tokens', '8192'), /KV cache|No available memory/);
});

test('CUDA graphs are captured outside the budget: too high a utilisation fails at capture, enforce-eager avoids it', () => {
  assert.match(failure('--model-profile', 'llama2-7b', '--gpu', 'a10', '--gpu-memory-utilization', '0.99'), /CUDA out of memory/);
  assert.ok(ok('--model-profile', 'llama2-7b', '--gpu', 'a10', '--gpu-memory-utilization', '0.99', '--enforce-eager').memory.graphBytes === 0);
  // vLLM 0.4 warns that "CUDA graphs can take additional 1~3 GiB memory per GPU".
  for (const m of ['llama2-7b', 'llama2-13b', 'llama3-8b']) {
    const g = ok('--model-profile', m).memory.graphBytes / GiB;
    assert.ok(g >= 1 && g <= 3, `${m}: ${g} GiB`);
  }
  // Fewer captured sizes (a small max-num-seqs) take less.
  assert.ok(ok('--max-num-seqs', '16').memory.graphBytes < ok().memory.graphBytes);
});

test('KV capacity grows with gpu-memory-utilization and tensor parallelism, as memory arithmetic says', () => {
  const lo = ok('--model-profile', 'llama2-13b', '--gpu-memory-utilization', '0.8');
  const hi = ok('--model-profile', 'llama2-13b', '--gpu-memory-utilization', '0.9');
  const extraTokens = (hi.memory.numBlocks - lo.memory.numBlocks) * 16;
  const expected = (0.1 * 79.15 * GiB) / kvBytesPerToken(MODEL_PROFILES['llama2-13b']);
  assert.ok(Math.abs(extraTokens - expected) < 32, `${extraTokens} vs ${expected}`);
  const tp2 = ok('--model-profile', 'llama2-13b', '-tp', '2', '--num-gpus', '2');
  assert.ok(tp2.memory.numBlocks > 2 * lo.memory.numBlocks);
});

test('custom all-reduce follows vLLM 0.4\'s support rules', () => {
  assert.equal(ok('-tp', '2', '--num-gpus', '2').customAllReduce, true);
  assert.equal(ok('-tp', '2', '--num-gpus', '2', '--disable-custom-all-reduce').customAllReduce, false);
  assert.equal(ok('--model-profile', 'llama2-7b', '--gpu', 'a10', '-tp', '4', '--num-gpus', '4').customAllReduce, false); // >2 PCIe GPUs
});
