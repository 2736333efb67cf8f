import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudyStore } from '../../../src/study/store.js';
import type { StudySummary } from '../../../src/protocol/study.js';

test('summaries written at once (two trials ending together) all succeed, in call order, and leave no temporary file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = await StudyStore.open(dir);
  const summary = (evaluated: number): StudySummary => ({ study: 's', engine: 'e', objectives: [], evaluated, infeasible: 0, budget: 20, pareto: [], robustness: [], wallSeconds: 0, suggestSeconds: 0 });
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.writeSummary(summary(i))));
  assert.equal((await store.readSummary())?.evaluated, 19);
  assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), []);
});
