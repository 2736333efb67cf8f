import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PresetError } from '../../../src/engines/preset.js';
import { trtllm, trtllmYaml, TRTLLM_YAML_FILE } from '../../../src/engines/trtllm.js';
import { assertDefaultsFeasible, buildSpace, CTX, parsedConstraints } from './helpers.js';

const BASE = ['trtllm-serve', 'meta-llama/Llama-2-13b-hf'];
const YAML_PATH = `${CTX.workDir}/${TRTLLM_YAML_FILE}`;

test('TensorRT-LLM: the space maps Table 3 onto the CLI and the LLM-API options', () => {
  const spec = trtllm.space({ gpusPerTrial: 4 });
  assert.deepEqual(Object.keys(spec), [
    'tp_size', 'max_batch_size', 'max_num_tokens', 'kv_cache_free_gpu_memory_fraction', 'tokens_per_block', 'enable_block_reuse',
    'enable_chunked_prefill', 'capacity_scheduler_policy', 'context_chunking_policy', 'disable_overlap_scheduler',
  ]);
  assert.deepEqual(spec.tp_size, { type: 'enum', values: [1, 2, 4], default: 1 });
  assert.deepEqual(spec.max_batch_size, { type: 'int', min: 64, max: 8192, log: true, default: 2048 });
  assert.deepEqual(spec.tokens_per_block, { type: 'enum', values: [4, 8, 16, 32, 64, 128], default: 32 });
  assert.equal(trtllm.space({ gpusPerTrial: 1 }).tp_size, undefined);
  assert.equal(buildSpace(trtllm, { gpusPerTrial: 2 }).dim, 10);
});

test('TensorRT-LLM: default parameters render CLI flags plus the YAML file, written in the trial directory', () => {
  const params = buildSpace(trtllm, { gpusPerTrial: 2 }).defaults();
  const launch = trtllm.render(params, BASE, CTX);
  assert.deepEqual(launch.argv, [
    'trtllm-serve', 'meta-llama/Llama-2-13b-hf', '--host', '127.0.0.1', '--port', '8123',
    '--tp_size', '1', '--max_batch_size', '2048', '--max_num_tokens', '8192', '--extra_llm_api_options', YAML_PATH,
  ]);
  assert.deepEqual(launch.files, [
    {
      path: YAML_PATH,
      content: [
        'kv_cache_config:',
        '  free_gpu_memory_fraction: 0.9',
        '  tokens_per_block: 32',
        '  enable_block_reuse: true',
        'enable_chunked_prefill: false',
        'scheduler_config:',
        '  capacity_scheduler_policy: GUARANTEED_NO_EVICT',
        '  context_chunking_policy: FIRST_COME_FIRST_SERVED',
        'disable_overlap_scheduler: false',
        '',
      ].join('\n'),
    },
  ]);
});

test('TensorRT-LLM: YAML-backed CLI spellings are removed from the base command; a user YAML option is refused', () => {
  const base = [...BASE, '--kv_cache_free_gpu_memory_fraction', '0.5', '--max_batch_size=64', '--enable_chunked_prefill', '--backend', 'pytorch'];
  const launch = trtllm.render({ max_batch_size: 128, kv_cache_free_gpu_memory_fraction: 0.8, enable_chunked_prefill: true }, base, CTX);
  assert.deepEqual(launch.argv, [
    ...BASE, '--backend', 'pytorch', '--host', '127.0.0.1', '--port', '8123', '--max_batch_size', '128', '--extra_llm_api_options', YAML_PATH,
  ]);
  assert.equal(launch.files[0].content, 'kv_cache_config:\n  free_gpu_memory_fraction: 0.8\nenable_chunked_prefill: true\n');
  assert.throws(() => trtllm.render({}, [...BASE, '--extra_llm_api_options', 'mine.yaml'], CTX), PresetError);
  assert.throws(() => trtllm.render({}, [...BASE, '--config=mine.yaml'], CTX), /move its settings into scoot\.config\.json/);
});

test('TensorRT-LLM: without YAML-backed parameters no file is written', () => {
  const launch = trtllm.render({ max_num_tokens: 4096 }, BASE, CTX);
  assert.deepEqual(launch.files, []);
  assert.ok(!launch.argv.includes('--extra_llm_api_options'));
  assert.equal(trtllmYaml({ max_num_tokens: 4096 }), undefined);
});

test('TensorRT-LLM: invalid YAML values are refused with the parameter named', () => {
  assert.throws(() => trtllmYaml({ capacity_scheduler_policy: 'FCFS' }), /"capacity_scheduler_policy"/);
  assert.throws(() => trtllmYaml({ enable_block_reuse: 1 }), /"enable_block_reuse"/);
});

test('TensorRT-LLM: Appendix A.2.2 constraints parse and the defaults satisfy them', () => {
  const facts = { maxPromptTokens: 3000, maxOutputTokens: 300, maxTotalTokens: 3300, maxModelLen: 4096 };
  assertDefaultsFeasible(trtllm, { gpusPerTrial: 2 }, facts);
  assert.deepEqual(trtllm.workloadConstraints(facts), ['enable_chunked_prefill || max_num_tokens >= 4096']);
  const [tokens, modelLen] = parsedConstraints(trtllm, { gpusPerTrial: 2 }, facts);
  assert.equal(tokens.test({ max_num_tokens: 512, max_batch_size: 1024 }), false);
  assert.equal(modelLen.test({ max_num_tokens: 2048, enable_chunked_prefill: false }), false);
  assert.equal(modelLen.test({ max_num_tokens: 2048, enable_chunked_prefill: true }), true);
});

test('TensorRT-LLM: real failures are classified', () => {
  assert.equal(trtllm.classifyFailure('RuntimeError: Failed to bind socket to localhost:8000: [Errno 98] Address already in use')?.reason, 'address-in-use');
  assert.equal(trtllm.classifyFailure("Error: No such option: --max-batch-size Did you mean --max_batch_size?")?.reason, 'unknown-flag');
  assert.equal(trtllm.classifyFailure("Error: Invalid value for '--max_batch_size': 'x' is not a valid integer.")?.reason, 'invalid-config');
  const extra = 'pydantic_core._pydantic_core.ValidationError: 1 validation error for TorchLlmArgs\nkv_cache_config.tokens_per_blok\n  Extra inputs are not permitted';
  assert.equal(trtllm.classifyFailure(extra)?.reason, 'invalid-config');
  assert.equal(trtllm.classifyFailure('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB.')?.reason, 'out-of-memory');
});
