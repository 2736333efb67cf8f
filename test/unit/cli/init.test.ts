// `scoot init` (issue 13, item 1): the starter config runs as written on the machine that wrote it —
// the simulator's names no GPU (its GPUs are simulated), a launch script's carries the command's
// tensor-parallel size into engine.gpusPerTrial and lists enough GPUs for it — in every engine's
// spelling. (That `init` then `tune --budget 3` finishes is proven on the installed CLI:
// installed-cli.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset } from '../../../src/engines/index.js';
import { createSlots } from '../../../src/runner/slots.js';
import type { ScootConfig } from '../../../src/study/config.js';
import { tensorParallelSize } from '../../../src/study/launch-parallelism.js';
import { loadAndResolve } from '../../../src/study/start-study.js';
import { runCli, workspace } from './cli-helpers.js';

async function initFrom(t: { after(fn: () => Promise<void>): void }, script: string, name = 'serve.sh'): Promise<{ config: ScootConfig; stdout: string; dir: string }> {
  const dir = await workspace(t);
  writeFileSync(join(dir, name), script);
  const r = await runCli(['init', '--from', name], dir);
  assert.equal(r.code, 0, r.stderr);
  return { config: JSON.parse(readFileSync(join(dir, 'scoot.config.json'), 'utf8')) as ScootConfig, stdout: r.stdout, dir };
}

test('init in an empty folder: the simulated engine, no GPU list, a config the study accepts as written', async (t) => {
  const dir = await workspace(t);
  const r = await runCli(['init'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^wrote scoot\.config\.json for the simulated engine \(no GPU needed\)\nnext: .*`scoot tune --budget 3` for a first look\)\n$/);
  assert.ok(existsSync(join(dir, 'traces', 'chat.jsonl')), 'the bundled trace is copied next to the config');
  const config = JSON.parse(readFileSync(join(dir, 'scoot.config.json'), 'utf8')) as ScootConfig;
  assert.deepEqual(config.target, { type: 'local' });
  // What `scoot tune` does before its first trial: resolve, then hand out slots. It must not refuse.
  const resolved = await loadAndResolve(join(dir, 'scoot.config.json'), undefined);
  assert.equal(resolved.gpusPerTrial, 2, 'the simulator simulates two GPUs, so tensor parallelism 2 can be tuned');
  assert.equal(createSlots(resolved.target, resolved.gpusPerTrial, resolved.parallel).length, resolved.parallel);
  const again = await runCli(['init'], dir);
  assert.equal(again.code, 2);
  assert.equal(again.stderr, 'scoot: scoot.config.json already exists (use --force to overwrite)\n');
});

test('init --from carries the tensor-parallel size into gpusPerTrial, in every spelling', async (t) => {
  const cases: [string, string, number][] = [
    ['vllm', 'vllm serve Qwen/Qwen3-14B \\\n  --tensor-parallel-size 4 \\\n  --max-model-len 16384\n', 4],
    ['vllm', 'exec vllm serve m -tp 2 --port 8000\n', 2],
    ['sglang', 'python3 -m sglang.launch_server --model-path m --tp 2 --port 30000\n', 2],
    ['sglang', 'python -m sglang.launch_server --model-path m --tp-size=8\n', 8],
    ['trtllm', 'trtllm-serve m --tp_size 2 --port 8000\n', 2],
    ['llamacpp', 'llama-server -m model.gguf -c 4096 --port 8080\n', 1],
    ['vllm', 'vllm serve m --port 8000\n', 1],
  ];
  for (const [engine, script, tp] of cases) {
    const { config, stdout, dir } = await initFrom(t, `#!/bin/sh\n${script}`);
    assert.equal(config.engine.type, engine, script);
    assert.equal(config.engine.gpusPerTrial, tp, script);
    assert.equal(config.engine.launchFile, 'serve.sh');
    const gpus = config.target?.type === 'local' ? (config.target.gpus ?? []) : [];
    assert.ok(gpus.length >= tp, `${script}: target.gpus ${JSON.stringify(gpus)} holds one trial`);
    assert.equal(createSlots({ type: 'local', gpus }, tp, config.budget.parallel ?? 1).length, 1);
    assert.match(stdout, new RegExp(`${tp} GPUs? per trial \\(its tensor-parallel size\\), target\\.gpus \\[`));
    // The study reads the same command back from the launch file, with the same size.
    const resolved = await loadAndResolve(join(dir, 'scoot.config.json'), undefined);
    assert.equal(resolved.gpusPerTrial, tp);
  }
});

test('tensorParallelSize reads the flag through the preset\'s own spellings', () => {
  assert.equal(tensorParallelSize(getPreset('vllm'), ['vllm', 'serve', 'm', '--tensor-parallel-size=4']), 4);
  assert.equal(tensorParallelSize(getPreset('vllm', '0.5'), ['python', '-m', 'vllm.entrypoints.openai.api_server', '-tp', '2']), 2);
  assert.equal(tensorParallelSize(getPreset('sglang'), ['python', '-m', 'sglang.launch_server', '--tensor-parallel-size', '2']), 2);
  assert.equal(tensorParallelSize(getPreset('vllm'), ['vllm', 'serve', 'm']), undefined);
  assert.equal(tensorParallelSize(getPreset('vllm'), ['vllm', 'serve', 'm', '-tp', 'two']), undefined);
  assert.equal(tensorParallelSize(getPreset('llamacpp'), ['llama-server', '-m', 'x.gguf']), undefined);
});
