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

test('redirections, here-documents, $(...) and subshells do not leak into argv', () => {
  const script = [
    'vllm serve m --x "$(cat f | head -1)" > "log file" 2>&1 &',
    'cat <<EOF > conf.yaml',
    'vllm serve not-a-command',
    'EOF',
    '(llama-server -m a.gguf -c 4096 &>/dev/null)',
    'if true; then python -m sglang.launch_server --model-path m; fi',
  ].join('\n');
  const found = findShellEngineCommands(script);
  assert.deepEqual(found.map((c) => c.argv), [
    ['vllm', 'serve', 'm', '--x', '$(cat f | head -1)'],
    ['llama-server', '-m', 'a.gguf', '-c', '4096'],
    ['python', '-m', 'sglang.launch_server', '--model-path', 'm'],
  ]);
});

test('docker run: an engine image implies its entrypoint; an engine named after the image is found too', () => {
  const found = findShellEngineCommands([
    'docker run --gpus all -v /a:/b -p 8000:8000 --ipc=host vllm/vllm-openai:v0.9.2 --model m --max-num-seqs 8',
    'podman run --rm -it ghcr.io/ggml-org/llama.cpp:server-cuda -m /m.gguf',
    'docker run --gpus all lmsysorg/sglang:latest python3 -m sglang.launch_server --model-path m',
    'docker run --entrypoint bash vllm/vllm-openai -c true',
    'docker run ghcr.io/ggml-org/llama.cpp:full --run -m x',
  ].join('\n'));
  assert.deepEqual(found.map((c) => [c.engine, c.implied, c.words.map((w) => w.value)]), [
    ['vllm', ['python3', '-m', 'vllm.entrypoints.openai.api_server'], ['--model', 'm', '--max-num-seqs', '8']],
    ['llamacpp', ['/app/llama-server'], ['-m', '/m.gguf']],
    ['sglang', [], ['python3', '-m', 'sglang.launch_server', '--model-path', 'm']],
  ]);
});

test('wrapper options may take values (srun -p PART), but an unknown command is not a wrapper', () => {
  assert.equal(findShellEngineCommands('srun -p gpu -n1 --gres=gpu:8 vllm serve m').length, 1);
  assert.equal(findShellEngineCommands('numactl --cpunodebind 0 taskset -c 0-7 llama-server -m x').length, 1);
  assert.equal(findShellEngineCommands('mycli -p gpu vllm serve m').length, 0);
  assert.equal(findShellEngineCommands('echo vllm serve m').length, 0);
});
