import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llamacpp } from '../../../src/engines/llamacpp.js';
import { assertDefaultsFeasible, buildSpace, CTX, parsedConstraints } from './helpers.js';

const BASE = ['llama-server', '-m', 'tinyllama-1.1b.gguf', '-ngl', '99'];

test('llama.cpp: the space builds with the slot, context, batch and flash-attention knobs', () => {
  const space = buildSpace(llamacpp, { gpusPerTrial: 1 });
  assert.deepEqual([...space.names], ['parallel', 'ctx-size', 'batch-size', 'ubatch-size', 'flash-attn', 'cont-batching']);
  assert.deepEqual(llamacpp.space({ gpusPerTrial: 1 })['flash-attn'], { type: 'enum', values: ['on', 'off', 'auto'], default: 'auto' });
});

test('llama.cpp: default parameters render to the expected argv', () => {
  const params = buildSpace(llamacpp, { gpusPerTrial: 1 }).defaults();
  assert.deepEqual(llamacpp.render(params, BASE, CTX).argv, [
    ...BASE, '--host', '127.0.0.1', '--port', '8123',
    '--parallel', '4', '--ctx-size', '4096', '--batch-size', '2048', '--ubatch-size', '512', '--flash-attn', 'auto', '--cont-batching',
  ]);
  assert.equal(llamacpp.readiness?.path, '/health');
});

test('llama.cpp: short and long spellings in the base command are replaced; a legacy bare -fa goes alone', () => {
  const base = ['llama-server', '-m', 'm.gguf', '-np', '8', '-c', '2048', '-fa', '-ngl', '99', '-ub=256', '--batch-size=1024', '-nocb', '--port', '8080'];
  const argv = llamacpp.render({ parallel: 16, 'ctx-size': 8192, 'flash-attn': 'on', 'ubatch-size': 512, 'batch-size': 2048, 'cont-batching': false }, base, CTX).argv;
  assert.deepEqual(argv, [
    'llama-server', '-m', 'm.gguf', '-ngl', '99', '--host', '127.0.0.1', '--port', '8123',
    '--parallel', '16', '--ctx-size', '8192', '--flash-attn', 'on', '--ubatch-size', '512', '--batch-size', '2048', '--no-cont-batching',
  ]);
  const withValue = llamacpp.render({ 'flash-attn': 'off' }, ['llama-server', '-fa', 'on', '-m', 'm.gguf'], CTX).argv;
  assert.deepEqual(withValue, ['llama-server', '-m', 'm.gguf', '--host', '127.0.0.1', '--port', '8123', '--flash-attn', 'off']);
});

test('llama.cpp: every slot must hold the longest request (DESIGN.md §5: -c 4096 -np 32 fails)', () => {
  const facts = { maxPromptTokens: 300, maxOutputTokens: 128, maxTotalTokens: 420 };
  assert.deepEqual(llamacpp.workloadConstraints(facts), ['ctx-size >= parallel * 420']);
  assertDefaultsFeasible(llamacpp, { gpusPerTrial: 1 }, facts);
  const [ubatch, perSlot] = parsedConstraints(llamacpp, { gpusPerTrial: 1 }, facts);
  assert.equal(perSlot.test({ 'ctx-size': 4096, parallel: 32 }), false);
  assert.equal(perSlot.test({ 'ctx-size': 8192, parallel: 16 }), true);
  assert.equal(ubatch.test({ 'ubatch-size': 1024, 'batch-size': 512 }), false);
});

test('llama.cpp: real failures are classified', () => {
  const kv = [
    'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 4480.00 MiB on device 3: cudaMalloc failed: out of memory',
    'llama_kv_cache_init: failed to allocate buffer for kv cache',
    "srv    load_model: failed to load model, '/models/DeepSeek-R1-UD-IQ1_M-00001-of-00004.gguf'",
  ].join('\n');
  assert.equal(llamacpp.classifyFailure(kv)?.reason, 'out-of-memory');
  assert.equal(llamacpp.classifyFailure('ggml_gallocr_reserve_n: failed to allocate CUDA0 buffer of size 292926534144')?.reason, 'out-of-memory');
  assert.equal(llamacpp.classifyFailure("main: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 8080")?.reason, 'address-in-use');
  assert.equal(llamacpp.classifyFailure('error: invalid argument: --max-num-seqs')?.reason, 'unknown-flag');
  assert.equal(llamacpp.classifyFailure(`error while handling argument "--flash-attn": error: unkown value for --flash-attn: '--main-gpu'`)?.reason, 'invalid-config');
  const ctx = 'srv    send_error: task id = 2017, error: the request exceeds the available context size. try increasing the context size or enable context shift';
  assert.equal(llamacpp.classifyFailure(ctx)?.reason, 'context-too-small');
  assert.equal(llamacpp.classifyFailure("gguf_init_from_file: failed to open GGUF file 'missing.gguf'")?.reason, 'model-not-found');
});
