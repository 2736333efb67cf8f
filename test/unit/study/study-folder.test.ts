import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkStudyFolder, removeInterruptedWrites, StudyFolderError } from '../../../src/study/study-folder.js';

async function folder(t: { after(fn: () => Promise<void>): void }, files: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-folder-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const f of files) await writeFile(join(dir, f), '{}');
  return dir;
}

test('parameters.json is a study\'s own entry: a folder holding only what a study writes qualifies', async (t) => {
  const dir = await folder(t, ['parameters.json', 'summary.json', 'parameters.json.77.tmp']);
  assert.doesNotThrow(() => checkStudyFolder(dir, { label: '--study' }));
});

test('a folder with a file no study writes is refused, naming it', async (t) => {
  const dir = await folder(t, ['parameters.json', 'notes.txt']);
  assert.throws(() => checkStudyFolder(dir, { label: '--study' }), (e: unknown) => e instanceof StudyFolderError && /holds "notes.txt"/.test(e.message));
});

test('half-written parameters.json of a killed run is removed with the other interrupted writes, nothing else', async (t) => {
  const dir = await folder(t, ['parameters.json', 'parameters.json.4242.tmp', 'summary.json.7.tmp', 'notes.json.7.tmp']);
  assert.deepEqual(removeInterruptedWrites(dir).sort(), ['parameters.json.4242.tmp', 'summary.json.7.tmp']);
  assert.deepEqual((await readdir(dir)).sort(), ['notes.json.7.tmp', 'parameters.json']);
});
