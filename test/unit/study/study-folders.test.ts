// Which study a command means (issue 13, items 2 and 4): numbered demo studies, a fresh one per run
// (never two runs in one folder, even started at once), and the most recently updated study, one rule
// for the CLI and the extension's panel.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimNumberedStudy, mostRecentStudy, numberedStudies, studiesIn } from '../../../src/study/study-folders.js';
import { latestStudy } from '../../../src/extension/study/latest-study.js';

async function root(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-folders-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function study(dir: string, updated: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'summary.json'), '{}');
  await utimes(join(dir, 'summary.json'), updated, updated);
}

test('numbered studies: one past the highest, earlier ones untouched, never the same folder twice', async (t) => {
  const r = await root(t);
  assert.equal((await claimNumberedStudy(r, 'demo')).name, 'demo-1');
  await mkdir(join(r, '.scoot', 'demo-7'));
  await mkdir(join(r, '.scoot', 'demonstration-9'));
  assert.equal((await claimNumberedStudy(r, 'demo')).name, 'demo-8');
  const together = await Promise.all(Array.from({ length: 6 }, () => claimNumberedStudy(r, 'demo')));
  assert.equal(new Set(together.map((c) => c.dir)).size, 6, 'six runs at once, six folders');
  assert.deepEqual(together.map((c) => c.name).sort(), ['demo-10', 'demo-11', 'demo-12', 'demo-13', 'demo-14', 'demo-9']);
});

test('the most recent study is the one whose summary was written last; folders without one are not studies', async (t) => {
  const r = await root(t);
  await study(join(r, '.scoot', 'demo-1'), 1_000);
  await study(join(r, '.scoot', 'tuning'), 3_000);
  await study(join(r, '.scoot', 'demo-2'), 2_000);
  await mkdir(join(r, '.scoot', 'demo-3')); // claimed, no trial finished yet
  assert.deepEqual((await studiesIn(r)).map((s) => s.name), ['tuning', 'demo-2', 'demo-1']);
  assert.deepEqual((await numberedStudies(r, 'demo')).map((s) => s.name), ['demo-2', 'demo-1']);
  assert.equal((await mostRecentStudy([join(r, '.scoot', 'demo-1'), join(r, '.scoot', 'demo-2')]))?.name, 'demo-2');
  assert.equal(await mostRecentStudy([join(r, '.scoot', 'demo-3')]), undefined);
  assert.deepEqual(await studiesIn(join(r, 'nowhere')), []);
});

test('the extension picks its panel\'s study by the same rule', async (t) => {
  const r = await root(t);
  const config = (name: string) => JSON.stringify({ name, engine: { type: 'sim' }, objectives: [{ metric: 'ttft_mean', goal: 'min' }], budget: { evaluations: 1 } });
  const configs = { [join(r, 'a', 'scoot.config.json')]: config('old'), [join(r, 'b', 'scoot.config.json')]: config('new') };
  await study(join(r, 'a', '.scoot', 'old'), 1_000);
  await study(join(r, 'b', '.scoot', 'new'), 2_000);
  await writeFile(join(r, 'b', '.scoot', 'new', 'config.json'), config('new'));
  await writeFile(join(r, 'b', '.scoot', 'new', 'observations.jsonl'), '');
  const latest = await latestStudy(Object.keys(configs), async (p) => configs[p]);
  assert.equal(latest?.configPath, join(r, 'b', 'scoot.config.json'));
});
