import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BOOLEAN_LITERAL, flagValue, formatValue, modelLengthFromArgv, stripFlags } from '../../../src/engines/argv.js';

test('stripFlags removes `--a b`, `--a=b` and aliases, and keeps everything else in order', () => {
  const argv = ['vllm', 'serve', 'model', '--max-num-seqs', '512', '--block-size=32', '-tp', '2', '--dtype', 'half', '--max-num-seqs=64'];
  const out = stripFlags(argv, [
    { names: ['--max-num-seqs'], value: 'required' },
    { names: ['--tensor-parallel-size', '-tp'], value: 'required' },
    { names: ['--block-size'], value: 'required' },
  ]);
  assert.deepEqual(out, ['vllm', 'serve', 'model', '--dtype', 'half']);
});

test('a required value is consumed even when it looks like a flag (negative numbers)', () => {
  assert.deepEqual(stripFlags(['x', '--chunked-prefill-size', '-1', '--y'], [{ names: ['--chunked-prefill-size'], value: 'required' }]), ['x', '--y']);
});

test('switches take nothing; optional values are consumed only when they match', () => {
  const specs = [{ names: ['--enable-chunked-prefill'], value: BOOLEAN_LITERAL }, { names: ['--enforce-eager'], value: 'none' as const }];
  assert.deepEqual(stripFlags(['a', '--enable-chunked-prefill', 'False', '--enforce-eager', 'model'], specs), ['a', 'model']);
  assert.deepEqual(stripFlags(['a', '--enable-chunked-prefill', '--port', '1'], specs), ['a', '--port', '1']);
  // A trailing flag with no token after it is removed without reading past the end.
  assert.deepEqual(stripFlags(['a', '--enable-chunked-prefill'], specs), ['a']);
});

test('positional tokens equal to a flag value are not touched unless they follow the flag', () => {
  assert.deepEqual(stripFlags(['512', '--max-num-seqs', '512', '512'], [{ names: ['--max-num-seqs'], value: 'required' }]), ['512', '512']);
});

test('flagValue reads the last occurrence in either form', () => {
  assert.equal(flagValue(['--max-model-len', '2048', 'x', '--max-model-len=4096'], ['--max-model-len']), '4096');
  assert.equal(flagValue(['-c', '8192'], ['--ctx-size', '-c']), '8192');
  assert.equal(flagValue(['--max-model-len'], ['--max-model-len']), undefined);
  assert.equal(flagValue(['--other', '1'], ['--max-model-len']), undefined);
});

test('formatValue prints integers plainly and floats without binary noise', () => {
  assert.equal(formatValue(64), '64');
  assert.equal(formatValue(0.1 + 0.2), '0.3');
  assert.equal(formatValue(0.9000000000000001), '0.9');
  assert.equal(formatValue(1.25), '1.25');
  assert.equal(formatValue('lpm'), 'lpm');
  assert.equal(formatValue(true), 'true');
});

test('modelLengthFromArgv reads the pinned model length, or nothing', () => {
  assert.equal(modelLengthFromArgv(['vllm', 'serve', 'm', '--max-model-len=8192'], ['--max-model-len']), 8192);
  assert.equal(modelLengthFromArgv(['trtllm-serve', 'm', '--max_seq_len', '4096'], ['--max_seq_len']), 4096);
  assert.equal(modelLengthFromArgv(['vllm', 'serve', 'm'], ['--max-model-len']), undefined);
  assert.equal(modelLengthFromArgv(['llama-server', '-c', '4096'], []), undefined);
  assert.throws(() => modelLengthFromArgv(['x', '--max-model-len', '4k'], ['--max-model-len']), /--max-model-len in the engine command must be a positive integer, got "4k"/);
});
