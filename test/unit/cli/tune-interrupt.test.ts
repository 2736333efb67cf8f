import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { processesWith, runCli, simConfig, startCli, workspace, writeTrace } from './cli-helpers.js';
import type { TrialRecord } from '../../../src/protocol/study.js';

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

const records = async (dir: string): Promise<TrialRecord[]> => {
  const path = join(dir, '.scoot', 'cli-test', 'observations.jsonl');
  if (!existsSync(path)) return [];
  return (await readFile(path, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as TrialRecord);
};

test('Ctrl-C mid-trial leaves no engine and no bound port; --resume finishes without re-running a trial', { timeout: 180_000 }, async (t) => {
  const dir = await workspace(t);
  await writeTrace(dir);
  const marker = `scoot-int-${process.pid}-${Date.now()}`;
  const config = simConfig(marker, { budget: { evaluations: 6, parallel: 1 } });
  (config.workload as Record<string, unknown>).durationSec = 5;
  await writeFile(join(dir, 'scoot.config.json'), JSON.stringify(config));
  const { child, done } = startCli(['tune'], dir);
  // Wait until one trial is stored and another engine is up: then interrupt mid-trial.
  await waitFor(async () => (await records(dir)).length >= 1 && processesWith(marker).length > 0, 120_000);
  await new Promise((r) => setTimeout(r, 1500));
  const engine = processesWith(marker);
  assert.equal(engine.length, 1, 'one engine running');
  const port = Number(/--port (\d+)/.exec(engine[0])?.[1]);
  child.kill('SIGINT');
  const interrupted = await done;
  assert.equal(interrupted.code, 130, interrupted.stderr);
  assert.match(interrupted.stdout, /continue with `scoot tune --resume`/);
  assert.deepEqual(processesWith(marker), [], 'no engine process left');
  assert.ok(Number.isInteger(port) && port > 0, 'found the trial port in its log');
  assert.ok(await portIsFree(port), `port ${port} is free again`);
  const before = await records(dir);
  assert.ok(before.length >= 1 && before.length < 6);

  const resumed = await runCli(['tune', '--resume', '--json'], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  const after = await records(dir);
  assert.equal(after.filter((r) => r.source !== 'robustness').length, 6);
  assert.deepEqual(after.slice(0, before.length), before, 'finished trials kept as they were');
  const keys = after.map((r) => JSON.stringify(r.params));
  assert.equal(new Set(keys).size, keys.length, 'no configuration evaluated twice');
  const result = JSON.parse(resumed.stdout.trim().split('\n').at(-1) ?? '{}');
  assert.equal(result.event, 'result');
  assert.equal(result.status, 'finished');
  assert.deepEqual(processesWith(marker), []);
});
