// Engines and benchmarks die with their study, however it dies: after `kill -9` of the CLI mid-trial,
// a benchmark that ignores SIGTERM and has closed its stdout is gone within 15 s (its watchdog stops
// it); and when even the watchdog is gone, the next `--resume` finds it and stops it before it runs
// that trial again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchConfig, processesWith, runCli, startCli, studyRecords, until, workspace, writeConfig } from './cli-helpers.js';

/** pids of the processes whose command line holds `marker`. */
const pidsOf = (marker: string): number[] => processesWith(marker).map((l) => Number(l.trim().split(/\s+/)[0]));

/** The benchmark of trial 0 once it runs with its signal handlers in place (it printed its first line), and its watchdog is up. */
async function runningBench(studyDir: string, marker: string): Promise<number> {
  let bench = 0;
  const up = await until(() => {
    bench = pidsOf(marker)[0] ?? 0;
    let log = '';
    try {
      log = readFileSync(join(studyDir, 'logs', '0.log'), 'utf8');
    } catch {
      return false;
    }
    return bench > 0 && /benchmark running: pid/.test(log) && processesWith(`scoot-watchdog ${bench} `).length === 1;
  }, 30_000);
  assert.ok(up, `the benchmark and its watchdog run: ${processesWith('scoot-watchdog').join('\n')}`);
  return bench;
}

test('kill -9 of the CLI mid-trial: no process of the study is alive 15 s later', { timeout: 120_000 }, async (t) => {
  const dir = await workspace(t);
  const marker = `scoot-orphan-${process.pid}-${Date.now()}`;
  await writeConfig(dir, benchConfig(['--hang', 'true', '--stubborn', '--close-stdout', '--marker', marker], { budget: { evaluations: 3 } }));
  const cli = startCli(['tune'], dir);
  t.after(() => {
    for (const pid of pidsOf(marker)) process.kill(pid, 'SIGKILL');
  });
  const bench = await runningBench(join(dir, '.scoot', 'safe'), marker);
  cli.child.kill('SIGKILL');
  await cli.done;
  const killedAt = Date.now();
  const gone = await until(() => pidsOf(marker).length === 0 && processesWith(`scoot-watchdog ${bench} `).length === 0, 15_000, 200);
  t.diagnostic(`benchmark (ignores SIGTERM, stdout closed) and its watchdog gone ${((Date.now() - killedAt) / 1000).toFixed(1)} s after kill -9 of the CLI`);
  assert.ok(gone, `still running 15 s after kill -9: ${processesWith(marker).join('\n')}`);
});

test('--resume stops what a killed run left running (its watchdog killed too) before it runs that trial again', { timeout: 120_000 }, async (t) => {
  const dir = await workspace(t);
  const studyDir = join(dir, '.scoot', 'safe');
  const marker = `scoot-leftover-${process.pid}-${Date.now()}`;
  const hangFile = join(dir, 'hang');
  await writeFile(hangFile, '');
  await writeConfig(dir, benchConfig(['--hang-if', hangFile, '--stubborn', '--marker', marker], { budget: { evaluations: 3 } }));
  const cli = startCli(['tune'], dir);
  t.after(() => {
    for (const pid of pidsOf(marker)) process.kill(pid, 'SIGKILL');
  });
  const bench = await runningBench(studyDir, marker);
  assert.ok(await until(() => existsSync(join(studyDir, 'processes.json')), 5_000), 'the running group is recorded in the study folder');
  // The study and the benchmark's watchdog die together: nothing stops the benchmark now.
  for (const line of processesWith(`scoot-watchdog ${bench} `)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
  cli.child.kill('SIGKILL');
  await cli.done;
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(pidsOf(marker), [bench], 'the benchmark outlived its study');

  await rm(hangFile);
  const resumed = await runCli(['tune', '--resume', '--json'], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  const logs = resumed.stdout.split('\n').filter((l) => l.includes('"event":"log"')).map((l) => JSON.parse(l) as { level: string; message: string });
  assert.ok(
    logs.some((l) => l.level === 'warn' && new RegExp(`stopped trial 0's process group ${bench} \\(pid ${bench}\\) left running by an earlier run of this study \\(SIGKILL\\)`).test(l.message)),
    JSON.stringify(logs),
  );
  assert.deepEqual(pidsOf(marker), [], 'nothing of the study runs any more');
  const records = await studyRecords(studyDir);
  assert.equal(records.length, 3);
  assert.equal(records[0].source, 'default');
  assert.equal(records[0].status, 'ok', 'the interrupted trial ran again');
  assert.ok(!existsSync(join(studyDir, 'processes.json')), 'no group recorded once the study ended');
});
