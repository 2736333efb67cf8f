// A benchmark that hangs must not stall a study: with engine.trialTimeoutSec 5, the hung trial is
// recorded infeasible ("timeout") within 15 s, its process is gone, and the study goes on to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { benchConfig, processesWith, runCli, studyRecords, workspace, writeConfig } from './cli-helpers.js';

test('a command engine that sleeps forever with a limit of 5 s: recorded "timeout" within 15 s, the study finishes', { timeout: 120_000 }, async (t) => {
  const dir = await workspace(t);
  const marker = `scoot-hang-${process.pid}-${Date.now()}`;
  // x >= 3 hangs (the default, x = 5, among them); every timeout field of the workload is set too.
  await writeConfig(
    dir,
    benchConfig(['--hang', 'true', '--hang-below', '3', '--marker', marker], {
      budget: { evaluations: 2 },
      workload: { trace: 'trace.jsonl', requestTimeoutSec: 1, durationSec: 1 },
    }, { trialTimeoutSec: 5, readyTimeoutSec: 1 }),
  );
  const t0 = Date.now();
  const r = await runCli(['tune', '--json'], dir);
  const total = (Date.now() - t0) / 1000;
  assert.equal(r.code, 0, r.stderr);
  const records = await studyRecords(join(dir, '.scoot', 'safe'));
  assert.equal(records.length, 2, 'the study went on to its budget');
  const first = records[0] as (typeof records)[0] & { startedAt: string; endedAt: string };
  assert.equal(first.source, 'default');
  assert.equal(first.status, 'infeasible');
  assert.equal(first.reasonCode, 'timeout');
  assert.match(first.reason ?? '', /wall-clock limit of 5 s/);
  const seconds = (Date.parse(first.endedAt) - Date.parse(first.startedAt)) / 1000;
  t.diagnostic(`timeout recorded ${seconds.toFixed(1)} s after the trial started; study of 2 trials took ${total.toFixed(1)} s`);
  assert.ok(seconds >= 5 && seconds <= 15, `recorded after ${seconds} s`);
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  assert.equal(result.status, 'finished');
  assert.deepEqual(processesWith(marker), [], 'no benchmark left running');
});
