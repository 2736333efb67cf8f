import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vllmV0 } from '../../../src/engines/vllm-v0.js';
import { vllmV1 } from '../../../src/engines/vllm-v1.js';
import { assertDefaultsFeasible, buildSpace, CTX, parsedConstraints } from './helpers.js';

const BASE = ['vllm', 'serve', 'meta-llama/Llama-2-13b-hf'];

test('vLLM V1: the space has the V1 flags, no removed V0 flags, and TP only with several GPUs', () => {
  const two = buildSpace(vllmV1, { gpusPerTrial: 2 });
  assert.deepEqual([...two.names], [
    'tensor-parallel-size', 'max-num-seqs', 'max-num-batched-tokens', 'block-size', 'enable-prefix-caching',
    'gpu-memory-utilization', 'long-prefill-token-threshold', 'enforce-eager', 'async-scheduling', 'disable-custom-all-reduce',
  ]);
  assert.deepEqual(vllmV1.space({ gpusPerTrial: 4 })['tensor-parallel-size'], { type: 'enum', values: [1, 2, 4], default: 1 });
  const one = vllmV1.space({ gpusPerTrial: 1 });
  assert.equal(one['tensor-parallel-size'], undefined);
  assert.equal(one['disable-custom-all-reduce'], undefined);
  for (const removed of ['scheduler-delay-factor', 'use-v2-block-manager', 'enable-chunked-prefill']) assert.equal(one[removed], undefined);
  assert.equal(two.defaults()['enable-prefix-caching'], true);
});

test('vLLM V1: default parameters render to the expected argv', () => {
  const params = buildSpace(vllmV1, { gpusPerTrial: 2 }).defaults();
  const launch = vllmV1.render(params, BASE, CTX);
  assert.deepEqual(launch.argv, [
    'vllm', 'serve', 'meta-llama/Llama-2-13b-hf', '--host', '127.0.0.1', '--port', '8123',
    '--tensor-parallel-size', '1', '--max-num-seqs', '256', '--max-num-batched-tokens', '2048', '--block-size', '16',
    '--enable-prefix-caching', '--gpu-memory-utilization', '0.9', '--long-prefill-token-threshold', '0',
  ]);
  assert.deepEqual(launch.files, []);
  assert.deepEqual(launch.env, {});
});

test('vLLM V1: prefix caching off renders the negation; true booleans render bare', () => {
  const argv = vllmV1.render({ 'enable-prefix-caching': false, 'enforce-eager': true, 'async-scheduling': true }, BASE, CTX).argv;
  assert.deepEqual(argv.slice(7), ['--no-enable-prefix-caching', '--enforce-eager', '--async-scheduling']);
});

test('vLLM V1: tuned flags already in the base command are replaced in --a b, --a=b and alias forms', () => {
  const base = [
    'vllm', 'serve', 'm', '--max-num-seqs', '512', '--block-size=32', '-tp', '4', '--port', '9000', '--host=0.0.0.0',
    '--no-enable-prefix-caching', '--enforce-eager', '--dtype', 'bfloat16',
  ];
  const argv = vllmV1.render(
    { 'tensor-parallel-size': 2, 'max-num-seqs': 128, 'block-size': 16, 'enable-prefix-caching': true, 'enforce-eager': false },
    base,
    CTX,
  ).argv;
  assert.deepEqual(argv, [
    'vllm', 'serve', 'm', '--dtype', 'bfloat16', '--host', '127.0.0.1', '--port', '8123',
    '--tensor-parallel-size', '2', '--max-num-seqs', '128', '--block-size', '16', '--enable-prefix-caching',
  ]);
});

test('vLLM V1: a parameter added by the user follows the flag-name convention', () => {
  const argv = vllmV1.render({ 'max-num-partial-prefills': 2, 'enable-expert-parallel': true }, [...BASE, '--max-num-partial-prefills=4'], CTX).argv;
  assert.deepEqual(argv.slice(3), ['--host', '127.0.0.1', '--port', '8123', '--max-num-partial-prefills', '2', '--enable-expert-parallel']);
});

test('vLLM V1: constraints parse against the space and the defaults satisfy them', () => {
  assertDefaultsFeasible(vllmV1, { gpusPerTrial: 2 });
  const [batched] = parsedConstraints(vllmV1, { gpusPerTrial: 2 });
  assert.equal(batched.test({ 'max-num-batched-tokens': 256, 'max-num-seqs': 512 }), false);
  assert.deepEqual(vllmV1.workloadConstraints({ maxPromptTokens: 9000, maxOutputTokens: 100, maxTotalTokens: 9100 }), []);
});

test('vLLM V1: real start-up failures are classified', () => {
  const kv =
    '(EngineCore_DP0 pid=42521) ERROR 06-09 14:01:52 [core.py:1136] ValueError: To serve at least one request with the models\'s max seq len (131072), ' +
    '(4.11 GiB KV cache is needed, which is larger than the available KV cache memory (4.0 GiB). Based on the available memory, the estimated maximum model length is 127776.';
  assert.equal(vllmV1.classifyFailure(`INFO loading\n${kv}\nRuntimeError: Engine core initialization failed.`)?.reason, 'out-of-memory');
  const noBlocks = 'ERROR 10-25 13:08:43 [core.py:708]     raise ValueError("No available memory for the cache blocks. "';
  assert.equal(vllmV1.classifyFailure(noBlocks)?.reason, 'out-of-memory');
  const oom = 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.96 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.02 GiB is free.';
  assert.deepEqual(vllmV1.classifyFailure(`Traceback (most recent call last):\n${oom}`), { reason: 'out-of-memory', summary: 'CUDA out of memory', line: oom });
  assert.equal(vllmV1.classifyFailure("ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use")?.reason, 'address-in-use');
  assert.equal(vllmV1.classifyFailure('vllm serve: error: unrecognized arguments: --use-v2-block-manager')?.reason, 'unknown-flag');
  assert.equal(vllmV1.classifyFailure('ValueError: max_num_batched_tokens (256) must be greater than or equal to max_num_seqs (512).')?.reason, 'invalid-config');
  assert.equal(vllmV1.classifyFailure("OSError: foo/bar is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'")?.reason, 'model-not-found');
  assert.equal(vllmV1.classifyFailure('RuntimeError: Engine core initialization failed. See root cause above.')?.reason, 'crash');
  assert.equal(vllmV1.classifyFailure('INFO:     Application startup complete.'), undefined);
});

test('vLLM 0.4/0.5: the space is the paper\'s Table 1', () => {
  const spec = vllmV0.space({ gpusPerTrial: 4 });
  assert.deepEqual(Object.keys(spec), [
    'tensor-parallel-size', 'max-num-seqs', 'max-num-batched-tokens', 'block-size', 'scheduler-delay-factor',
    'enable-chunked-prefill', 'enable-prefix-caching', 'disable-custom-all-reduce', 'use-v2-block-manager',
  ]);
  assert.deepEqual(spec['tensor-parallel-size'], { type: 'int', min: 1, max: 4, default: 1 });
  assert.deepEqual(spec['max-num-seqs'], { type: 'int', min: 64, max: 8192, log: true, default: 256 });
  assert.deepEqual(spec['block-size'], { type: 'enum', values: [8, 16, 32], default: 16 });
  assert.deepEqual(spec['scheduler-delay-factor'], { type: 'float', min: 0, max: 2, step: 0.05, default: 0 });
  const mbt = spec['max-num-batched-tokens'];
  assert.ok(mbt.type === 'int' && mbt.min === 64 && mbt.max === 8192 && mbt.default === 4096);
  for (const b of ['enable-chunked-prefill', 'enable-prefix-caching', 'disable-custom-all-reduce', 'use-v2-block-manager'])
    assert.deepEqual(spec[b], { type: 'bool', default: false });
  assert.equal(buildSpace(vllmV0, { gpusPerTrial: 2 }).dim, 9);
});

test('vLLM 0.4/0.5: max-num-batched-tokens follows the model length (engine default max(len, 2048))', () => {
  const short = vllmV0.space({ gpusPerTrial: 1, maxModelLen: 1024 })['max-num-batched-tokens'];
  assert.ok(short.type === 'int' && short.default === 2048 && short.max === 8192);
  const long = vllmV0.space({ gpusPerTrial: 1, maxModelLen: 16384 })['max-num-batched-tokens'];
  assert.ok(long.type === 'int' && long.default === 16384 && long.max === 16384);
});

test('vLLM 0.4/0.5: default render, and nargs="?" booleans in the base command are replaced with their value', () => {
  const base = ['python', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'm', '--enable-chunked-prefill', 'False', '--use-v2-block-manager'];
  const params = buildSpace(vllmV0, { gpusPerTrial: 2 }).defaults();
  assert.deepEqual(vllmV0.render(params, base, CTX).argv, [
    'python', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'm', '--host', '127.0.0.1', '--port', '8123',
    '--tensor-parallel-size', '1', '--max-num-seqs', '256', '--max-num-batched-tokens', '4096', '--block-size', '16',
    '--scheduler-delay-factor', '0',
  ]);
  const on = vllmV0.render({ 'enable-chunked-prefill': true, 'scheduler-delay-factor': 0.35000000000000003 }, base, CTX).argv;
  // Flags not being set (here --use-v2-block-manager) stay as the user wrote them.
  assert.deepEqual(on, [
    'python', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'm', '--use-v2-block-manager', '--host', '127.0.0.1', '--port', '8123',
    '--enable-chunked-prefill', '--scheduler-delay-factor', '0.35',
  ]);
});

test('vLLM 0.4/0.5: Appendix A.2.1 constraints, with max-model-len from the workload facts', () => {
  const options = { gpusPerTrial: 2 };
  assertDefaultsFeasible(vllmV0, options, { maxPromptTokens: 3000, maxOutputTokens: 500, maxTotalTokens: 3400, maxModelLen: 4096 });
  const facts = { maxPromptTokens: 3000, maxOutputTokens: 500, maxTotalTokens: 3400, maxModelLen: 4096 };
  assert.deepEqual(vllmV0.workloadConstraints(facts), ['enable-chunked-prefill || max-num-batched-tokens >= 4096']);
  assert.deepEqual(vllmV0.workloadConstraints({ ...facts, maxModelLen: undefined }), ['enable-chunked-prefill || max-num-batched-tokens >= 3400']);
  const [batched, exclusive, modelLen] = parsedConstraints(vllmV0, options, facts);
  const ok = { 'max-num-seqs': 256, 'max-num-batched-tokens': 4096, 'enable-chunked-prefill': false, 'enable-prefix-caching': true };
  assert.ok(batched.test(ok) && exclusive.test(ok) && modelLen.test(ok));
  assert.equal(exclusive.test({ ...ok, 'enable-chunked-prefill': true }), false);
  assert.equal(modelLen.test({ ...ok, 'max-num-batched-tokens': 2048 }), false);
  assert.equal(modelLen.test({ ...ok, 'max-num-batched-tokens': 2048, 'enable-chunked-prefill': true }), true);
  assert.equal(batched.test({ ...ok, 'max-num-batched-tokens': 128 }), false);
});

test('vLLM 0.4/0.5: real failures are classified', () => {
  const kv = "ValueError: The model's max seq len (4096) is larger than the maximum number of tokens that can be stored in KV cache (3664). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.";
  assert.equal(vllmV0.classifyFailure(kv)?.reason, 'out-of-memory');
  const small = 'ValueError: max_num_batched_tokens (2048) is smaller than max_model_len (4096). This effectively limits the maximum sequence length to max_num_batched_tokens and makes vLLM reject longer sequences.';
  assert.equal(vllmV0.classifyFailure(small)?.summary, 'max-num-batched-tokens < max-model-len without chunked prefill');
  assert.equal(vllmV0.classifyFailure('ValueError: Total number of attention heads (40) must be divisible by tensor parallel size (3).')?.reason, 'invalid-config');
  assert.equal(vllmV0.classifyFailure('vllm.engine.async_llm_engine.AsyncEngineDeadError: Background loop has errored already.')?.reason, 'crash');
  assert.equal(vllmV0.classifyFailure('api_server.py: error: argument --block-size: invalid choice: 64 (choose from 8, 16, 32)')?.reason, 'invalid-config');
});
