// A default outside the user's constraints is what the engine does today: it is still measured as the
// baseline, but the study says so up front, never suggests it again and never chooses it as the result,
// even when it measures best.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchConfig, runCli, studyRecords, workspace, writeConfig } from './cli-helpers.js';
import type { StudySummary } from '../../../src/protocol/study.js';

test('a default that violates a constraint is the baseline, flagged up front, never suggested again and never chosen', { timeout: 60_000 }, async (t) => {
  const dir = await workspace(t);
  // ttft_mean = 10 + x: the default (x = 5) measures better than every configuration the constraint allows.
  await writeConfig(dir, benchConfig([], { budget: { evaluations: 5 }, constraints: ['x >= 10'] }));
  const r = await runCli(['tune', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; level?: string; message?: string });
  const notice = events.findIndex((e) => e.event === 'log' && e.level === 'warn' && /the default configuration violates "x >= 10": it is measured as the baseline/.test(e.message ?? ''));
  const firstTrial = events.findIndex((e) => e.event === 'trial');
  assert.ok(notice >= 0 && notice < firstTrial, `flagged before the first trial ends: ${r.stdout}`);

  const studyDir = join(dir, '.scoot', 'safe');
  const records = await studyRecords(studyDir);
  assert.equal(records.length, 5);
  const [baseline, ...rest] = records as Array<(typeof records)[0] & { violatesConstraints?: string[] }>;
  assert.equal(baseline.source, 'default');
  assert.equal(baseline.status, 'ok');
  assert.equal(baseline.params.x, 5);
  assert.deepEqual(baseline.violatesConstraints, ['x >= 10']);
  assert.ok(rest.every((rec) => Number(rec.params.x) >= 10), `no suggestion outside the constraint: ${rest.map((x) => x.params.x)}`);

  const summary = JSON.parse(await readFile(join(studyDir, 'summary.json'), 'utf8')) as StudySummary;
  assert.equal(summary.default?.trial, 0, 'the default is still the baseline');
  assert.ok(summary.best && summary.best.trial !== 0, 'never chosen as the result');
  assert.ok(summary.pareto.every((p) => p.trial !== 0));
  assert.ok(Number(summary.best.params.x) >= 10);
});
