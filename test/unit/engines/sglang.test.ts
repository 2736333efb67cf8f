import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sglang } from '../../../src/engines/sglang.js';
import { assertDefaultsFeasible, buildSpace, CTX, parsedConstraints } from './helpers.js';

const BASE = ['python', '-m', 'sglang.launch_server', '--model-path', 'meta-llama/Llama-2-13b-hf'];

test('SGLang: the space builds, with TP and custom all-reduce only for several GPUs', () => {
  const space = buildSpace(sglang, { gpusPerTrial: 2 });
  assert.deepEqual([...space.names], [
    'tp-size', 'max-running-requests', 'chunked-prefill-size', 'max-prefill-tokens', 'mem-fraction-static', 'schedule-policy',
    'schedule-conservativeness', 'disable-radix-cache', 'enable-mixed-chunk', 'disable-overlap-schedule', 'cuda-graph-max-bs',
    'num-continuous-decode-steps', 'disable-custom-all-reduce',
  ]);
  const one = sglang.space({ gpusPerTrial: 1 });
  assert.equal(one['tp-size'], undefined);
  assert.equal(one['disable-custom-all-reduce'], undefined);
  assert.deepEqual(one['schedule-policy'], { type: 'enum', values: ['fcfs', 'lpm', 'random', 'dfs-weight'], default: 'fcfs' });
});

test('SGLang: default parameters render to the expected argv', () => {
  const params = buildSpace(sglang, { gpusPerTrial: 2 }).defaults();
  assert.deepEqual(sglang.render(params, BASE, CTX).argv, [
    ...BASE, '--host', '127.0.0.1', '--port', '8123',
    '--tp-size', '1', '--max-running-requests', '2048', '--chunked-prefill-size', '8192', '--max-prefill-tokens', '16384',
    '--mem-fraction-static', '0.88', '--schedule-policy', 'fcfs', '--schedule-conservativeness', '1', '--cuda-graph-max-bs', '160',
    '--num-continuous-decode-steps', '1',
  ]);
});

test('SGLang: --tp / --tensor-parallel-size / --tp-size=… in the base command are all replaced', () => {
  for (const form of [['--tp', '4'], ['--tensor-parallel-size', '4'], ['--tp-size=4']]) {
    const argv = sglang.render({ 'tp-size': 2, 'disable-radix-cache': true }, [...BASE, ...form, '--port=30000'], CTX).argv;
    assert.deepEqual(argv, [...BASE, '--host', '127.0.0.1', '--port', '8123', '--tp-size', '2', '--disable-radix-cache']);
  }
});

test('SGLang: constraints parse and the defaults satisfy them', () => {
  assertDefaultsFeasible(sglang, { gpusPerTrial: 2 });
  const [budget] = parsedConstraints(sglang, { gpusPerTrial: 2 });
  assert.equal(budget.test({ 'max-prefill-tokens': 4096, 'chunked-prefill-size': 8192 }), false);
});

test('SGLang: real failures are classified', () => {
  const notEnough = '  File "/sgl-workspace/sglang/python/sglang/srt/model_executor/model_runner.py", line 1046, in init_memory_pool\n' +
    '    raise RuntimeError(\nRuntimeError: Not enough memory. Please try to increase --mem-fraction-static.';
  assert.equal(sglang.classifyFailure(notEnough)?.reason, 'out-of-memory');
  assert.equal(sglang.classifyFailure('[2025-03-29 18:18:34 TP0] Scheduler hit an exception: Traceback (most recent call last):')?.reason, 'crash');
  assert.equal(sglang.classifyFailure('launch_server.py: error: unrecognized arguments: --max-num-seqs 64')?.reason, 'unknown-flag');
  assert.equal(sglang.classifyFailure("ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 30000): address already in use")?.reason, 'address-in-use');
});
