import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyTitle, lensesFor, type LaunchResult } from '../../../src/extension/lens/lenses.js';
import { loadLaunchResults } from '../../../src/extension/lens/results.js';
import { readStudy } from '../../../src/extension/config/study-files.js';
import { RECORDS, summaryOf, writeStudyFolder, configFor } from './study-data.js';

const FIXTURES = resolve('test/fixtures/launch');

test('"Tune with SCOOT" on every engine command of every launch-file fixture; nothing on other files', () => {
  const counts: Record<string, number> = {};
  for (const file of ['vllm-nohup.sh', 'Dockerfile.vllm-exec', 'docker-compose.sglang.yml', 'k8s-sglang-service.yaml', 'lws-vllm.yaml']) {
    const path = join(FIXTURES, file);
    const lenses = lensesFor(readFileSync(path, 'utf8'), path, []);
    counts[file] = lenses.length;
    assert.ok(lenses.every((l) => l.title === '$(beaker) Tune with SCOOT' && l.command === 'tune' && l.args.launchFile === path));
  }
  assert.deepEqual(counts, { 'vllm-nohup.sh': 1, 'Dockerfile.vllm-exec': 1, 'docker-compose.sglang.yml': 1, 'k8s-sglang-service.yaml': 1, 'lws-vllm.yaml': 1 });
  assert.deepEqual(lensesFor('vllm serve m\n', '/w/notes.md', []), []);
  assert.deepEqual(lensesFor('{"engine": "vllm serve m"}', '/w/package.json', []), []);
});

test('the lens sits on the command (a Dockerfile ENTRYPOINT + CMD starts at the ENTRYPOINT array)', () => {
  const path = join(FIXTURES, 'Dockerfile.vllm-exec');
  const text = readFileSync(path, 'utf8');
  const [lens] = lensesFor(text, path, []);
  assert.equal(text.slice(lens.start, lens.start + 11), '["python3",');
});

test('"Apply best (TTFT −x%, TPOT −y%)" appears on the command a study with results was tuned from', () => {
  const text = 'python -m sglang.launch_server --model-path a\nvllm serve b --max-num-seqs 8\nvllm serve c\n';
  const result: LaunchResult = { configPath: '/w/scoot.config.json', launchFile: '/w/run.sh', engine: 'vllm', summary: summaryOf(RECORDS) };
  const lenses = lensesFor(text, '/w/run.sh', [result, { ...result, launchFile: '/w/other.sh' }]);
  assert.deepEqual(lenses.map((l) => [l.args.site, l.title]), [
    [0, '$(beaker) Tune with SCOOT'],
    [1, '$(beaker) Tune with SCOOT'],
    [1, '$(check) Apply best (TTFT −40%, TPOT −10%, single run)'],
    [2, '$(beaker) Tune with SCOOT'],
  ]);
  assert.deepEqual(lenses[2].args, { launchFile: '/w/run.sh', site: 1, configPath: '/w/scoot.config.json' });
  const noDefault = { ...summaryOf(RECORDS.slice(1)) };
  assert.equal(applyTitle(noDefault), '$(check) Apply best (trial 1)');
  assert.equal(applyTitle(summaryOf([RECORDS[2]])), '', 'no feasible trial: no lens');
});

test('results are found from configs with a launchFile and a study summary', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-lens-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeStudyFolder(dir, configFor('serve.sh'));
  const texts: Record<string, string> = {
    [join(dir, 'scoot.config.json')]: JSON.stringify(configFor('serve.sh')),
    [join(dir, 'b', 'scoot.config.json')]: JSON.stringify(configFor()),
    [join(dir, 'c', 'scoot.config.json')]: '{ not json',
  };
  const results = await loadLaunchResults({ findConfigs: async () => Object.keys(texts), readText: async (p) => texts[p], readStudy });
  assert.deepEqual(results.map((r) => [r.configPath, r.launchFile, r.engine, r.summary.best?.trial]), [[join(dir, 'scoot.config.json'), join(dir, 'serve.sh'), 'vllm', 1]]);
});
