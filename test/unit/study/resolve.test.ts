import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStudy } from '../../../src/study/resolve.js';
import type { ScootConfig } from '../../../src/study/config.js';

async function setup(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-resolve-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 't.jsonl'), `${Array.from({ length: 10 }, (_, i) => JSON.stringify({ prompt: 'word '.repeat(20 + i), output_tokens: 10 + i })).join('\n')}\n`);
  return dir;
}

const base = (engine: ScootConfig['engine']): ScootConfig => ({
  engine,
  objectives: [{ metric: 'ttft_mean', goal: 'min' }],
  workload: { trace: 't.jsonl' },
  budget: { evaluations: 10 },
});

test('the simulator tunes tensor parallelism over the GPUs its command simulates', async (t) => {
  const dir = await setup(t);
  const r = await resolveStudy(base({ type: 'sim', command: ['scoot', 'sim', 'serve', '--num-gpus', '2', '--max-model-len', '4096'] }), join(dir, 'scoot.config.json'));
  assert.equal(r.gpusPerTrial, 2);
  assert.ok('tensor-parallel-size' in r.problem.space);
  // the model length pinned in the command feeds the workload constraint
  assert.ok(r.problem.constraints.some((c) => c.includes('4096')), r.problem.constraints.join(' | '));
});

test('user overrides: a removed parameter drops the preset constraints naming it; fixed values leave the space', async (t) => {
  const dir = await setup(t);
  const config = { ...base({ type: 'sim' }), parameters: { 'enable-prefix-caching': false as const }, fixed: { 'block-size': 16 } };
  const r = await resolveStudy(config, join(dir, 'scoot.config.json'));
  assert.ok(!('enable-prefix-caching' in r.problem.space));
  assert.ok(!('block-size' in r.problem.space));
  assert.deepEqual(r.problem.fixed, { 'block-size': 16 });
  assert.ok(r.problem.constraints.every((c) => !c.includes('enable-prefix-caching')));
});

test('semantic errors name the field: unknown metric, duplicate objective, bad constraint', async (t) => {
  const dir = await setup(t);
  const path = join(dir, 'scoot.config.json');
  await assert.rejects(resolveStudy({ ...base({ type: 'sim' }), objectives: [{ metric: 'ttft_avg', goal: 'min' }] }, path), (e: Error & { path?: unknown[] }) => /objectives\[0\]\.metric: unknown metric "ttft_avg"/.test(e.message) && JSON.stringify(e.path) === '["objectives",0,"metric"]');
  await assert.rejects(resolveStudy({ ...base({ type: 'sim' }), objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'ttft_mean', goal: 'max' }] }, path), /listed twice/);
  await assert.rejects(resolveStudy({ ...base({ type: 'sim' }), constraints: ['max-num-seqs >= 2 *'] }, path), (e: Error & { path?: unknown[] }) => /^constraints\[0\]: /.test(e.message) && JSON.stringify(e.path) === '["constraints",0]');
  await assert.rejects(resolveStudy({ ...base({ type: 'vllm', version: '0.3' }) }, path), /engine: no vllm preset for version "0\.3"/);
  await assert.rejects(resolveStudy({ ...base({ type: 'command' }) }, path), /engine\.evaluate: a "command" engine needs/);
});

test('engine.launchFile reads the engine command from a Dockerfile or a compose file, not only shell scripts', async (t) => {
  const dir = await setup(t);
  await writeFile(join(dir, 'Dockerfile'), 'FROM python:3.11\nRUN pip install vllm\nCMD ["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "meta-llama/Llama-2-7b-hf", "--max-model-len", "2048"]\n');
  const r = await resolveStudy(base({ type: 'vllm', version: '0.5', launchFile: 'Dockerfile' }), join(dir, 'scoot.config.json'));
  assert.deepEqual(r.setup.baseCommand, ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'meta-llama/Llama-2-7b-hf', '--max-model-len', '2048']);
  assert.ok(r.problem.constraints.some((c) => c.includes('2048')), 'the model length from the Dockerfile feeds the constraints');
  await writeFile(join(dir, 'compose.yaml'), 'services:\n  llm:\n    image: vllm/vllm-openai:v0.5.5\n    command: ["--model", "m", "--port", "8000"]\n');
  const c = await resolveStudy(base({ type: 'vllm', version: '0.5', launchFile: 'compose.yaml' }), join(dir, 'scoot.config.json'));
  assert.ok(c.setup.baseCommand.includes('--model') && c.setup.baseCommand.includes('m'), c.setup.baseCommand.join(' '));
  await assert.rejects(resolveStudy(base({ type: 'sglang', launchFile: 'Dockerfile' }), join(dir, 'scoot.config.json')), /engine\.launchFile: no sglang launch command in .*Dockerfile \(found vllm instead\)/);
});
