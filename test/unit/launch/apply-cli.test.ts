// `scoot apply` end to end through the CLI entry (tsx), on a study folder written by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StudySummary, TrialRecord } from '../../../src/protocol/study.js';
import { unifiedDiff } from '../../../src/launch/unified-diff.js';

const SERVE = `#!/bin/bash
# production launch
vllm serve meta-llama/Llama-3.1-8B \\
  --max-num-seqs 256 \\
  --enable-prefix-caching \\
  --port 8000
`;

async function studyFolder(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-apply-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = { name: 'bot', engine: { type: 'vllm', version: '0.11', launchFile: 'serve.sh' }, objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }], workload: { trace: 't.jsonl' }, budget: { evaluations: 3 } };
  const rec = (trial: number, params: TrialRecord['params'], status: TrialRecord['status'], metrics?: Record<string, number>): TrialRecord => ({ trial, params, status, ...(metrics ? { metrics } : { reason: 'engine exited: CUDA out of memory' }), source: trial === 0 ? 'default' : 'sobol', slot: 0, startedAt: '', endedAt: '' });
  const records = [
    rec(0, { 'max-num-seqs': 256, 'enable-prefix-caching': true }, 'ok', { ttft_mean: 100, tpot_mean: 20 }),
    rec(1, { 'max-num-seqs': 512, 'enable-prefix-caching': false }, 'ok', { ttft_mean: 60, tpot_mean: 18 }),
    rec(2, { 'max-num-seqs': 2048, 'enable-prefix-caching': true }, 'infeasible'),
  ];
  const point = (r: TrialRecord) => ({ trial: r.trial, params: r.params, metrics: r.metrics ?? {} });
  const summary: StudySummary = { study: 'bot', engine: 'vllm 0.11', objectives: config.objectives as StudySummary['objectives'], evaluated: 3, infeasible: 1, budget: 3, default: point(records[0]), best: point(records[1]), pareto: [point(records[1])], robustness: [], wallSeconds: 1, suggestSeconds: 0 };
  const study = join(dir, '.scoot', 'bot');
  await mkdir(join(study, 'logs'), { recursive: true });
  await writeFile(join(dir, 'scoot.config.json'), JSON.stringify(config));
  await writeFile(join(study, 'config.json'), JSON.stringify(config));
  await writeFile(join(study, 'summary.json'), JSON.stringify(summary));
  await writeFile(join(study, 'observations.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  await writeFile(join(dir, 'serve.sh'), SERVE);
  return dir;
}

// Run from the study's folder (paths are printed relative to it), so tsx is named by its file URL.
const TSX = pathToFileURL(join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

function scoot(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, join(process.cwd(), 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('scoot apply --dry-run shows the diff; apply writes it once; a second apply finds nothing to do', async (t) => {
  const dir = await studyFolder(t);
  const dry = scoot(dir, 'apply', '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /^Using the study of scoot\.config\.json, \.scoot\/bot \(last trial .*; --study DIR picks another\)\n/);
  assert.match(dry.out, /trial 1 \(the max-hypervolume point of 1 Pareto-optimal configuration\) → serve\.sh \(vllm command, line 3\)/);
  assert.match(dry.out, /vs default: ttft_mean −40\.0%, tpot_mean −10\.0% \(single run\)/);
  assert.match(dry.out, /~ --max-num-seqs 256 → --max-num-seqs 512/);
  assert.match(dry.out, /^- {2}--max-num-seqs 256 \\$/m);
  assert.match(dry.out, /^\+ {2}--max-num-seqs 512 \\$/m);
  assert.match(dry.out, /^\+ {2}--no-enable-prefix-caching \\$/m);
  assert.match(dry.out, /dry run: nothing written/);
  assert.equal(await readFile(join(dir, 'serve.sh'), 'utf8'), SERVE);

  const real = scoot(dir, 'apply');
  assert.equal(real.code, 0, real.err);
  const written = await readFile(join(dir, 'serve.sh'), 'utf8');
  assert.equal(written, SERVE.replace('--max-num-seqs 256', '--max-num-seqs 512').replace('--enable-prefix-caching', '--no-enable-prefix-caching'));
  const again = scoot(dir, 'apply', '--study', join(dir, '.scoot', 'bot'));
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /already carries this configuration/);
});

test('scoot apply refuses an infeasible trial and a missing launch file in one line', async (t) => {
  const dir = await studyFolder(t);
  const bad = scoot(dir, 'apply', '--trial', '2');
  assert.equal(bad.code, 2);
  assert.equal(bad.err, 'scoot: --trial 2 was infeasible (engine exited: CUDA out of memory): pick a feasible trial\n');
  await rm(join(dir, 'serve.sh'));
  const missing = scoot(dir, 'apply', '--trial', '0');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^scoot: .*serve\.sh: cannot read the launch file\n$/);
});

test('unifiedDiff: hunks with context and line numbers', () => {
  const a = 'a\nb\nc\nd\ne\nf\ng\nh\n';
  const b = 'a\nb\nC\nd\ne\nf\ng\nh\nI\n';
  assert.equal(unifiedDiff(a, b, { a: 'x', b: 'y' }, 1), '--- x\n+++ y\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n@@ -8,2 +8,3 @@\n h\n+I\n \n');
  assert.equal(unifiedDiff(a, a, { a: 'x', b: 'y' }), '');
});
