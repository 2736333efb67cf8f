// `scoot tune` on the simulated engine served in real time, where the default configuration has one
// sequence slot for 30 req/s: its stress test must stop within seconds, marked, and not be chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudySummary, TrialRecord } from '../../../src/protocol/study.js';
import { processesWith, runCli, simConfig, workspace, writeTrace } from './cli-helpers.js';

test('scoot tune: a saturated configuration is stopped early, recorded with its reason and bounds, and never chosen', { timeout: 120_000 }, async (t) => {
  const dir = await workspace(t);
  await writeTrace(dir);
  const marker = `early-stop-${process.pid}`;
  const config = simConfig(marker, {
    parameters: { 'max-num-seqs': { type: 'int', min: 1, max: 64, log: true, default: 1 } },
    fixed: { 'enable-chunked-prefill': true, 'max-num-batched-tokens': 4096 },
    workload: { trace: 'trace.jsonl', rate: 30, durationSec: 10, warmupRequests: 1, requestTimeoutSec: 60, longestOutputs: 1 },
    budget: { evaluations: 2, parallel: 1 },
  });
  await writeFile(join(dir, 'scoot.config.json'), JSON.stringify(config));
  const run = await runCli(['tune'], dir);
  assert.equal(run.code, 0, run.stderr);
  const store = join(dir, '.scoot', 'cli-test');
  const records = (await readFile(join(store, 'observations.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as TrialRecord);
  const [def, other] = records;
  assert.equal(def.params['max-num-seqs'], 1);
  assert.equal(def.status, 'ok');
  assert.ok(def.earlyStop, 'the one-slot default was stopped early');
  assert.ok(['saturation', 'slo'].includes(def.earlyStop.rule));
  assert.ok(def.earlyStop.atSeconds < 7.5, `stopped ${def.earlyStop.atSeconds} s into a 10 s load`);
  assert.ok(def.earlyStop.savedSeconds > 5);
  assert.ok(def.earlyStop.censored.includes('ttft_mean') && def.earlyStop.censored.includes('request_throughput'));
  assert.ok((Date.parse(def.endedAt) - Date.parse(def.startedAt)) / 1000 < 12, 'the trial took less than its load would have');
  assert.equal(other.earlyStop, undefined, `max-num-seqs ${other.params['max-num-seqs']} has capacity to spare`);
  const summary = JSON.parse(await readFile(join(store, 'summary.json'), 'utf8')) as StudySummary;
  assert.equal(summary.stoppedEarly, 1);
  assert.equal(summary.best?.trial, other.trial);
  assert.match(run.stdout, /2 trials, 0 infeasible, 1 stopped early \(about \d+ s of load saved\)/);
  assert.match(await readFile(join(store, 'report.md'), 'utf8'), /## Stopped early[\s\S]*\| 0 \| (saturation|slo) \|/);
  assert.deepEqual(processesWith(marker), [], 'no engine left running');
});
