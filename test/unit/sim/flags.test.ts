import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramsToArgv, parseSimArgs, SimArgError, SIM_FLAGS, simConfigFromParams } from '../../../src/sim/flags.js';

test('vLLM-style forms: --flag value, --flag=value, booleans and their --no- negation, -tp alias, positional model', () => {
  const c = parseSimArgs(['meta-llama/Llama-2-13b-hf', '--max-num-seqs', '128', '--max-num-batched-tokens=4096', '--enable-chunked-prefill',
    '--no-enable-prefix-caching', '-tp', '2', '--gpu-memory-utilization', '0.85', '--block-size', '32', '--scheduler-delay-factor=0.5',
    '--cuda-graph-sizes', '1', '2', '4', '--gpu', 'h100', '--num-gpus', '4', '--seed', '-3']);
  assert.equal(c.model, 'meta-llama/Llama-2-13b-hf');
  assert.equal(c.maxNumSeqs, 128);
  assert.equal(c.maxNumBatchedTokens, 4096);
  assert.equal(c.enableChunkedPrefill, true);
  assert.equal(c.enablePrefixCaching, false);
  assert.equal(c.tensorParallelSize, 2);
  assert.equal(c.gpuMemoryUtilization, 0.85);
  assert.equal(c.blockSize, 32);
  assert.equal(c.schedulerDelayFactor, 0.5);
  assert.deepEqual(c.cudaGraphSizes, [1, 2, 4]);
  assert.equal(c.gpu, 'h100');
  assert.equal(c.numGpus, 4);
  assert.equal(c.seed, -3);
});

test('defaults are vLLM 0.4/0.5 defaults', () => {
  const c = parseSimArgs([]);
  assert.equal(c.maxNumSeqs, 256);
  assert.equal(c.maxNumBatchedTokens, undefined); // resolved against max-model-len at planning
  assert.equal(c.blockSize, 16);
  assert.equal(c.gpuMemoryUtilization, 0.9);
  assert.equal(c.tensorParallelSize, 1);
  assert.equal(c.enableChunkedPrefill, false);
  assert.equal(c.enablePrefixCaching, false);
  assert.equal(c.schedulerDelayFactor, 0);
});

test('an unknown flag is rejected like argparse does', () => {
  assert.throws(() => parseSimArgs(['--max-num-seqs', '8', '--foo', '--bar=1']), (e: unknown) => {
    assert.ok(e instanceof SimArgError);
    assert.equal(e.message, 'unrecognized arguments: --foo --bar=1');
    assert.equal(e.exitCode, 2);
    return true;
  });
  assert.throws(() => parseSimArgs(['a', 'b']), /unrecognized arguments: b/);
});

test('bad values name the flag and what is allowed', () => {
  assert.throws(() => parseSimArgs(['--max-num-seqs', 'many']), /argument --max-num-seqs: invalid int value: 'many'/);
  assert.throws(() => parseSimArgs(['--block-size', '12']), /argument --block-size: invalid choice: 12 \(choose from 8, 16, 32, 64, 128\)/);
  assert.throws(() => parseSimArgs(['--gpu', 'v100']), /invalid choice: 'v100'/);
  assert.throws(() => parseSimArgs(['--port']), /argument --port: expected one argument/);
  assert.throws(() => parseSimArgs(['--gpu-memory-utilization', 'x']), /invalid float value/);
});

test('accepted-and-ignored flags are recorded so the server can say so', () => {
  const c = parseSimArgs(['--disable-log-requests', '--dtype', 'half', '--trust-remote-code']);
  assert.deepEqual(c.ignoredFlags.sort(), ['--disable-log-requests', '--dtype', '--trust-remote-code']);
});

test('optimizer parameters render to flags and parse back', () => {
  const params = { 'max-num-seqs': 64, 'enable-prefix-caching': true, 'use-v2-block-manager': false, 'gpu-memory-utilization': 0.8 };
  assert.deepEqual(paramsToArgv(params), ['--max-num-seqs', '64', '--enable-prefix-caching', '--no-use-v2-block-manager', '--gpu-memory-utilization', '0.8']);
  const c = simConfigFromParams(params, ['--model-profile', 'llama2-13b']);
  assert.equal(c.maxNumSeqs, 64);
  assert.equal(c.enablePrefixCaching, true);
  assert.equal(c.useV2BlockManager, false);
  assert.equal(c.modelProfile, 'llama2-13b');
});

test('SIM_FLAGS lists every flag of the vLLM presets', () => {
  const names = new Set(SIM_FLAGS.map((f) => f.name));
  for (const n of ['port', 'host', 'max-num-seqs', 'max-num-batched-tokens', 'block-size', 'enable-chunked-prefill', 'enable-prefix-caching',
    'tensor-parallel-size', 'gpu-memory-utilization', 'scheduler-delay-factor', 'max-model-len', 'disable-custom-all-reduce',
    'use-v2-block-manager', 'swap-space', 'enforce-eager', 'max-num-partial-prefills', 'long-prefill-token-threshold', 'cuda-graph-sizes',
    'model-profile', 'gpu', 'num-gpus', 'seed', 'model']) {
    assert.ok(names.has(n), n);
  }
});
