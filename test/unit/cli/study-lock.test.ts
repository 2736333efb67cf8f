// One process owns a study folder at a time (issue: two `scoot tune` on one folder both ran, every
// trial evaluated and recorded twice under the same numbers). The CLI and the extension's worker obey
// the same lock; a lock left by a killed run is stale and taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { benchConfig, runCli, startCli, studyRecords, until, workspace, writeConfig } from './cli-helpers.js';
import { StudyRun } from '../../../src/extension/study/worker-host.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`);
  return lines[0];
}

function assertNoDuplicates(records: Awaited<ReturnType<typeof studyRecords>>): void {
  const trials = records.map((r) => r.trial);
  assert.equal(new Set(trials).size, trials.length, `duplicate trial numbers: ${trials}`);
  const configs = records.map((r) => JSON.stringify(r.params));
  assert.equal(new Set(configs).size, configs.length, `a configuration evaluated twice: ${configs}`);
}

test('two `scoot tune` on one folder started 0.3 s apart: exactly one runs, the other exits 2 at once naming the owner', { timeout: 120_000 }, async (t) => {
  const dir = await workspace(t);
  await writeConfig(dir, benchConfig(['--sleep-ms', '400'], { budget: { evaluations: 6 } }));
  const first = startCli(['tune', '--json'], dir);
  t.after(() => void first.child.kill('SIGKILL'));
  await sleep(300);
  const t0 = Date.now();
  const second = await runCli(['tune', '--json'], dir);
  const secondSeconds = (Date.now() - t0) / 1000;
  const firstRun = await first.done;
  const [ran, refused] = firstRun.code === 0 ? [firstRun, second] : [second, firstRun];
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(oneLine(refused.stderr), /^scoot: study folder .*\.scoot\/safe is in use by scoot tune \(pid \d+, since .*\); wait for it or stop it, or pass --study DIR for another study$/);
  if (refused === second) {
    t.diagnostic(`the second tune exited ${second.code} after ${secondSeconds.toFixed(2)} s`);
    assert.ok(secondSeconds < 5, `refused at once (${secondSeconds.toFixed(2)} s)`);
  }
  const records = await studyRecords(join(dir, '.scoot', 'safe'));
  assert.equal(records.length, 6);
  assertNoDuplicates(records);
  assert.ok(!existsSync(join(dir, '.scoot', 'safe', 'study.lock')), 'the lock is released at the end');
});

test('a `--resume` while the study runs is refused; after a kill -9 the stale lock is taken over and the study resumes', { timeout: 120_000 }, async (t) => {
  const dir = await workspace(t);
  const studyDir = join(dir, '.scoot', 'safe');
  await writeConfig(dir, benchConfig(['--sleep-ms', '700'], { budget: { evaluations: 5 } }));
  const first = startCli(['tune'], dir);
  t.after(() => void first.child.kill('SIGKILL'));
  assert.ok(await until(async () => (await studyRecords(studyDir)).length >= 1, 60_000), 'a first trial is recorded');
  const resumed = await runCli(['tune', '--resume'], dir);
  assert.equal(resumed.code, 2, resumed.stderr);
  assert.match(oneLine(resumed.stderr), /is in use by scoot tune \(pid \d+/);

  first.child.kill('SIGKILL');
  await first.done;
  assert.ok(existsSync(join(studyDir, 'study.lock')), 'a killed run leaves its lock');
  const before = await studyRecords(studyDir);
  const again = await runCli(['tune', '--resume', '--json'], dir);
  assert.equal(again.code, 0, again.stderr);
  const after = await studyRecords(studyDir);
  assert.equal(after.length, 5);
  assert.deepEqual(after.slice(0, before.length), before);
  assertNoDuplicates(after);
  assert.ok(!existsSync(join(studyDir, 'study.lock')));
});

test('the extension obeys the same lock: a study started in its worker while `scoot tune` runs fails with the one-line refusal', { timeout: 120_000 }, async (t) => {
  const dir = await workspace(t);
  await writeConfig(dir, benchConfig(['--sleep-ms', '600'], { budget: { evaluations: 4 } }));
  const build = await mkdtemp(join(tmpdir(), 'scoot-lock-worker-'));
  t.after(() => rm(build, { recursive: true, force: true }));
  const workerFile = join(build, 'worker.js');
  await esbuild.build({ entryPoints: [resolve('src/worker/worker.ts')], outfile: workerFile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'silent' });

  const cli = startCli(['tune'], dir);
  t.after(() => void cli.child.kill('SIGKILL'));
  assert.ok(await until(() => existsSync(join(dir, '.scoot', 'safe', 'study.lock')), 30_000));
  const run = new StudyRun({ workerFile }, { configPath: join(dir, 'scoot.config.json'), resume: true, scootCommand: [] }, { onEvent: () => undefined });
  t.after(() => run.dispose());
  const result = await run.done;
  assert.equal(result.status, 'failed');
  assert.ok(result.status === 'failed');
  assert.equal(result.error.name, 'StudyLockError');
  assert.equal(result.error.user, true);
  assert.match(result.error.message, /^study folder .* is in use by scoot tune \(pid \d+, since [^)]*\); /);
  assert.ok(!result.error.message.includes('\n'));
  assert.equal((await cli.done).code, 0, 'the CLI run was not disturbed');

  // With the folder free, the extension runs it and leaves no lock behind.
  await writeFile(join(dir, 'scoot.config.json'), JSON.stringify(benchConfig([], { budget: { evaluations: 5 } })));
  const resumed = new StudyRun({ workerFile }, { configPath: join(dir, 'scoot.config.json'), resume: true, scootCommand: [] }, { onEvent: () => undefined });
  t.after(() => resumed.dispose());
  const done = await resumed.done;
  assert.ok(done.status === 'done' && done.outcome.status === 'finished', JSON.stringify(done));
  assert.ok(!existsSync(join(dir, '.scoot', 'safe', 'study.lock')));
});
