import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findShellEngineCommands } from '../../../src/launch/engine-command.js';
import { splitCommands, shellQuote } from '../../../src/launch/shell-words.js';

test('words keep quoting, escapes and their source ranges; continuations join lines', () => {
  const text = `vllm serve "my model" \\\n  --max-num-seqs=256 --x 'a b'\\ c # comment\nnext`;
  const [first, second] = splitCommands(text);
  assert.deepEqual(first.words.map((w) => w.value), ['vllm', 'serve', 'my model', '--max-num-seqs=256', '--x', 'a b c']);
  assert.equal(text.slice(first.words[2].start, first.words[2].end), '"my model"');
  assert.equal(first.words[2].quoted, true);
  assert.equal(first.words[3].quoted, false);
  assert.deepEqual(second.words.map((w) => w.value), ['next']);
});

test('separators split commands; double-quote escapes follow POSIX', () => {
  const cmds = splitCommands('a 1; b 2 && c "x\\"y\\$z\\q" | d');
  assert.deepEqual(cmds.map((c) => c.words.map((w) => w.value)), [['a', '1'], ['b', '2'], ['c', 'x"y$z\\q'], ['d']]);
});

test('engine commands are found after env assignments and wrappers', () => {
  const script = [
    '#!/bin/bash',
    'set -euo pipefail',
    'export HF_HOME=/data',
    'CUDA_VISIBLE_DEVICES=0,1 exec python3 -m vllm.entrypoints.openai.api_server --model m --tensor-parallel-size 2',
    'nohup /opt/llama.cpp/build/bin/llama-server -m model.gguf -np 8 -c 16384 &',
    'python -m sglang.launch_server --model-path m --tp-size 2',
    'trtllm-serve m --max_batch_size 64',
    'echo vllm serve not-a-launch',
  ].join('\n');
  const found = findShellEngineCommands(script);
  assert.deepEqual(found.map((c) => c.engine), ['vllm', 'llamacpp', 'sglang', 'trtllm']);
  assert.deepEqual(found[0].argv, ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'm', '--tensor-parallel-size', '2']);
  assert.deepEqual(found[1].argv.slice(0, 3), ['/opt/llama.cpp/build/bin/llama-server', '-m', 'model.gguf']);
});

test('shellQuote leaves safe words alone and quotes the rest', () => {
  assert.equal(shellQuote('--max-num-seqs'), '--max-num-seqs');
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
});
