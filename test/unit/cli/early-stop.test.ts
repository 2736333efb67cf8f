// `scoot tune` on the simulated engine served in real time at 30 req/s: the default keeps up and arms
// the saturation rule; a configuration with too few sequences must stop within seconds, marked, and
// not be chosen.
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
  // The default (64 sequences) keeps up with 30 req/s and arms the saturation rule; the other value,
  // one sequence, queues without bound. Dominance is off so that the saturation rule decides.
  const config = simConfig(marker, {
    parameters: { 'max-num-seqs': { type: 'enum', values: [1, 64], default: 64 } },
    fixed: { 'enable-chunked-prefill': true, 'max-num-batched-tokens': 4096 },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }],
    workload: { trace: 'trace.jsonl', rate: 30, durationSec: 10, warmupRequests: 1, requestTimeoutSec: 60, longestOutputs: 1 },
    budget: { evaluations: 2, parallel: 1 },
    optimizer: { algorithm: 'random', seed: 3 },
    earlyStop: { dominated: false },
  });
  await writeFile(join(dir, 'scoot.config.json'), JSON.stringify(config));
  const run = await runCli(['tune'], dir);
  assert.equal(run.code, 0, run.stderr);
  const store = join(dir, '.scoot', 'cli-test');
  const records = (await readFile(join(store, 'observations.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as TrialRecord);
  const [def, other] = records;
  assert.equal(def.params['max-num-seqs'], 64);
  assert.equal(def.earlyStop, undefined, 'the default has capacity to spare');
  assert.ok(def.loadRates && def.loadRates.completionPerSec >= 0.9 * def.loadRates.arrivalPerSec, `the default kept up: ${JSON.stringify(def.loadRates)}`);
  assert.equal(other.status, 'ok');
  assert.equal(other.params['max-num-seqs'], 1);
  assert.ok(other.earlyStop, 'the one-sequence configuration was stopped early');
  assert.equal(other.earlyStop.rule, 'saturation');
  assert.equal(other.earlyStop.evidence.armedBy, 0);
  assert.match(other.earlyStop.reason, /trial 0 of the front kept up with the load \([\d.]+ of [\d.]+ req\/s completed\) and already beats what this one measured so far/);
  assert.equal(other.loadRates, undefined, 'a stopped load records no rates');
  assert.ok(other.earlyStop.atSeconds < 7.5, `stopped ${other.earlyStop.atSeconds} s into a 10 s load`);
  assert.ok(other.earlyStop.savedSeconds > 3);
  assert.ok(other.earlyStop.censored.includes('ttft_mean') && other.earlyStop.censored.includes('request_throughput'));
  assert.ok((Date.parse(other.endedAt) - Date.parse(other.startedAt)) / 1000 < 12, 'the trial took less than its load would have');
  const summary = JSON.parse(await readFile(join(store, 'summary.json'), 'utf8')) as StudySummary;
  assert.equal(summary.stoppedEarly, 1);
  assert.equal(summary.best?.trial, def.trial);
  assert.match(run.stdout, /2 trials, 0 infeasible, 1 stopped early \(about \d+ s of load saved\)/);
  assert.match(await readFile(join(store, 'report.md'), 'utf8'), /## Stopped early[\s\S]*\| 1 \| saturation \|/);
  assert.deepEqual(processesWith(marker), [], 'no engine left running');
});
