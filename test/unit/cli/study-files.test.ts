// What a study leaves on disk: half-written files of a killed run are cleared by the next run; trial
// logs stop growing at engine.maxLogMB and say so, ending with the output's last lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchConfig, runCli, workspace, writeConfig } from './cli-helpers.js';

test('summary.json.*.tmp left by a killed run is removed by the next run on the folder', { timeout: 60_000 }, async (t) => {
  const dir = await workspace(t);
  await writeConfig(dir, benchConfig([], { budget: { evaluations: 2 } }));
  assert.equal((await runCli(['tune', '-q'], dir)).code, 0);
  const studyDir = join(dir, '.scoot', 'safe');
  const leftovers = ['summary.json.4242.tmp', 'config.json.77.tmp', 'report.md.4242.tmp', 'parameters.json.4242.tmp'];
  for (const f of leftovers) await writeFile(join(studyDir, f), '{"half": ');
  await writeConfig(dir, benchConfig([], { budget: { evaluations: 3 } }));
  const r = await runCli(['tune', '--resume', '-q'], dir);
  assert.equal(r.code, 0, r.stderr);
  for (const f of leftovers) assert.ok(!existsSync(join(studyDir, f)), `${f} removed`);
});

test('a trial log stops at engine.maxLogMB, says it was truncated and ends with the last lines', { timeout: 60_000 }, async (t) => {
  const dir = await workspace(t);
  // 2 MB of output per trial against a 0.25 MB cap.
  await writeConfig(dir, benchConfig(['--spam', '2048'], { budget: { evaluations: 1 } }, { maxLogMB: 0.25 }));
  const r = await runCli(['tune', '-q'], dir);
  assert.equal(r.code, 0, r.stderr);
  const log = join(dir, '.scoot', 'safe', 'logs', '0.log');
  const size = statSync(log).size;
  assert.ok(size < 0.25 * 1024 * 1024 + 16 * 1024, `log is ${size} bytes`);
  const text = readFileSync(log, 'utf8');
  assert.match(text, /\[scoot\] log truncated: the output passed the limit of 0\.25 MB \(engine\.maxLogMB\)/);
  assert.match(text, /\[scoot\] log truncated: 1\.\d+ MB of output not kept; the last 40 lines were:\n(spam line \d+ \.+\n){39}\{"ttft_mean":15,"tpot_mean":2\.5\}\n/);
  assert.match(text, /\[scoot\] outcome: ok/, 'runner notes are still written');
});
