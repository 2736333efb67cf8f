import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudyEvent } from '../../../../src/study/events.js';
import { openStudyFolder, StudyError } from '../../../../src/study/loop/open-folder.js';
import { StudyStore } from '../../../../src/study/store.js';
import { UserError } from '../../../../src/protocol/user-error.js';
import { okRecord, resolvedStudy, tempDir } from './helpers.js';

test('a new study: config.json and parameters.json are written before anything runs; no records, no previous summary', async (t) => {
  const dir = await tempDir(t);
  const store = await StudyStore.open(dir);
  const events: StudyEvent[] = [];
  const opened = await openStudyFolder(store, resolvedStudy(), false, (e) => events.push(e));
  assert.deepEqual(opened.records, []);
  assert.equal(opened.previous, undefined);
  assert.deepEqual(opened.parameters.map((p) => p.name), ['x', 'y']);
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'parameters.json'), 'utf8')), opened.parameters);
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')), resolvedStudy().config);
  assert.deepEqual(events, []);
});

test('a folder that already holds trials is refused without --resume (a user error naming the flag)', async (t) => {
  const dir = await tempDir(t);
  const store = await StudyStore.open(dir);
  await store.append(okRecord(0, 100, 20, 'default'));
  await assert.rejects(openStudyFolder(store, resolvedStudy(), false, () => undefined), (e: unknown) => {
    assert.ok(e instanceof StudyError && e instanceof UserError);
    assert.match((e as Error).message, /already holds 1 trials: pass --resume/);
    return true;
  });
});

test('resume: the same problem carries on with its records and the previous summary', async (t) => {
  const dir = await tempDir(t);
  const store = await StudyStore.open(dir);
  await openStudyFolder(store, resolvedStudy(), false, () => undefined);
  await store.append(okRecord(0, 100, 20, 'default'));
  await store.append(okRecord(1, 90, 21));
  await writeFile(join(dir, 'summary.json'), JSON.stringify({ wallSeconds: 12, suggestSeconds: 3 }));
  const opened = await openStudyFolder(store, resolvedStudy(), true, () => undefined);
  assert.deepEqual(opened.records.map((r) => r.trial), [0, 1]);
  assert.equal(opened.previous?.wallSeconds, 12);
  assert.equal(opened.previous?.suggestSeconds, 3);
});

test('resume refuses a changed problem and says what changed', async (t) => {
  const dir = await tempDir(t);
  const store = await StudyStore.open(dir);
  await openStudyFolder(store, resolvedStudy(), false, () => undefined);
  await store.append(okRecord(0, 100, 20, 'default'));
  const changed = resolvedStudy({ config: { ...resolvedStudy().config, objectives: [{ metric: 'ttft_p99', goal: 'min' }] } });
  await assert.rejects(openStudyFolder(store, changed, true, () => undefined), (e: unknown) => {
    assert.ok(e instanceof StudyError);
    assert.match((e as Error).message, /^cannot resume .*: .* changed since the study began/);
    return true;
  });
});

test('resume repairs a torn last line: the complete records stay, the file ends on a newline, and a warning says that trial runs again', async (t) => {
  const dir = await tempDir(t);
  const store = await StudyStore.open(dir);
  await openStudyFolder(store, resolvedStudy(), false, () => undefined);
  const whole = `${JSON.stringify(okRecord(0, 100, 20, 'default'))}\n`;
  await writeFile(join(dir, 'observations.jsonl'), `${whole}{"trial":1,"par`);
  const events: StudyEvent[] = [];
  const opened = await openStudyFolder(store, resolvedStudy(), true, (e) => events.push(e));
  assert.deepEqual(opened.records.map((r) => r.trial), [0]);
  assert.equal(await readFile(join(dir, 'observations.jsonl'), 'utf8'), whole);
  assert.equal(events.length, 1);
  assert.ok(events[0].type === 'log' && events[0].level === 'warn' && /incomplete .*runs again/.test(events[0].message));
});
