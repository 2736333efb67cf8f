import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findLaunchSites, launchFormatOf } from '../../../src/launch/launch-sites.js';
import { dockerInstructions } from '../../../src/launch/dockerfile.js';

test('launch formats from file names and content', () => {
  assert.equal(launchFormatOf('serve.sh'), 'shell');
  assert.equal(launchFormatOf('run', '#!/usr/bin/env bash\nvllm serve m'), 'shell');
  assert.equal(launchFormatOf('job.sbatch'), 'shell');
  assert.equal(launchFormatOf('Dockerfile'), 'dockerfile');
  assert.equal(launchFormatOf('Dockerfile.cuda'), 'dockerfile');
  assert.equal(launchFormatOf('serve.Dockerfile'), 'dockerfile');
  assert.equal(launchFormatOf('docker-compose.yml'), 'compose');
  assert.equal(launchFormatOf('compose.prod.yaml'), 'compose');
  assert.equal(launchFormatOf('stack.yml', 'services:\n  a:\n    image: x\n'), 'compose');
  assert.equal(launchFormatOf('deploy.yaml', 'apiVersion: v1\nkind: Pod\n'), 'kubernetes');
  assert.equal(launchFormatOf('notes.txt'), undefined);
  assert.equal(launchFormatOf('README.md'), undefined);
});

test('Dockerfile: instructions with continuations and comment lines; the escape directive', () => {
  const text = '# escape=`\nFROM x\nRUN a `\n  # c\n  b\nCMD ["y"]\n';
  assert.deepEqual(dockerInstructions(text).map((i) => [i.keyword, i.line]), [['FROM', 2], ['RUN', 3], ['CMD', 6]]);
});

test('Dockerfile: a shell-form ENTRYPOINT ignores CMD; a later FROM resets the stage', () => {
  const text = [
    'FROM vllm/vllm-openai:latest AS base',
    'ENTRYPOINT vllm serve m --port 8000',
    'CMD ["--max-num-seqs", "9"]',
    'FROM vllm/vllm-openai:latest',
    'CMD ["--model", "n"]',
  ].join('\n');
  const sites = findLaunchSites(text, 'Dockerfile');
  assert.deepEqual(sites.map((s) => [s.where, s.argv]), [
    ['ENTRYPOINT (line 2)', ['vllm', 'serve', 'm', '--port', '8000']],
    ['CMD (line 5)', ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'n']],
  ]);
});

test('Dockerfile: an exec-form ENTRYPOINT that is not the engine but sh -c takes CMD as its script', () => {
  const text = 'FROM ubuntu\nENTRYPOINT ["/bin/sh", "-c"]\nCMD ["exec llama-server -m /m.gguf -np 2"]\n';
  const [site] = findLaunchSites(text, 'Dockerfile');
  assert.deepEqual(site.argv, ['llama-server', '-m', '/m.gguf', '-np', '2']);
});

test('compose: an entrypoint override disables the image entrypoint; a list command works too', () => {
  const text = [
    'services:',
    '  a:',
    '    image: vllm/vllm-openai',
    '    entrypoint: ["/custom.sh"]',
    '    command: ["--model", "x"]',
    '  b:',
    '    image: vllm/vllm-openai:v0.10.0',
    "    command: ['--model', 'y', '--max-num-seqs', '8']",
    '  c:',
    '    image: busybox',
    '    command: sleep 1',
  ].join('\n');
  const sites = findLaunchSites(text, 'docker-compose.yml');
  assert.deepEqual(sites.map((s) => [s.where, s.tokens]), [['services.b.command', ['--model', 'y', '--max-num-seqs', '8']]]);
});

test('Kubernetes: command overrides the image entrypoint; args alone use it; initContainers are found too', () => {
  const text = [
    'spec:',
    '  initContainers:',
    '    - name: warm',
    '      image: busybox',
    '      command: ["sh", "-c", "echo hi"]',
    '  containers:',
    '    - name: llm',
    '      image: ghcr.io/ggml-org/llama.cpp:server-cuda',
    '      args: ["-m", "/models/m.gguf", "-np", "4"]',
    '    - name: other',
    '      image: vllm/vllm-openai',
    '      command: ["/start.sh"]',
    '      args: ["--model", "x"]',
  ].join('\n');
  const sites = findLaunchSites(text, 'pod.yaml');
  assert.deepEqual(sites.map((s) => [s.engine, s.where, s.argv]), [['llamacpp', 'container "llm" (line 9)', ['/app/llama-server', '-m', '/models/m.gguf', '-np', '4']]]);
});

test('YAML with syntax errors yields nothing rather than a guess', () => {
  assert.deepEqual(findLaunchSites('a: [\n  command: ["vllm", "serve"\n', 'k.yaml'), []);
});
