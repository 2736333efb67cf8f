import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConvergenceJob, SuggestJob, SuggestService } from '../../../../src/study/suggest-service.js';
import type { Suggestion } from '../../../../src/core/types.js';
import type { ConvergenceDecision } from '../../../../src/core/convergence.js';
import type { StudyEvent } from '../../../../src/study/events.js';
import { getPreset } from '../../../../src/engines/registry.js';
import { StudyState } from '../../../../src/study/loop/study-state.js';
import { defaultJob, tunedOnly, tuningRefill } from '../../../../src/study/loop/tuning-jobs.js';
import type { Job } from '../../../../src/study/loop/job.js';
import { okRecord, resolvedStudy } from './helpers.js';

const fresh = { wallSeconds: 0, suggestSeconds: 0 };

/** Suggests what it is told to and records every question. */
function fakeService(answers: Suggestion[][], decision?: ConvergenceDecision) {
  const asked: SuggestJob[] = [];
  const convergenceAsked: ConvergenceJob[] = [];
  const service: SuggestService = {
    suggest: async (job) => {
      asked.push(job);
      return answers.shift() ?? [];
    },
    converged: async (job) => {
      convergenceAsked.push(job);
      return decision;
    },
    recommend: async () => ({ pareto: [] }),
    close: async () => undefined,
  };
  return { service, asked, convergenceAsked };
}

const logs = (events: StudyEvent[]) => events.flatMap((e) => (e.type === 'log' ? [`${e.level}: ${e.message}`] : []));

test('the default job: the space\'s default point plus the fixed flags, no violation when it meets the constraints', () => {
  assert.deepEqual(defaultJob(resolvedStudy()), { params: { x: 0.5, y: 0.5, mode: 'fast' }, source: 'default' });
});

test('a preset whose baseline is the base command: the default job sets the fixed flags only', () => {
  const study = resolvedStudy({ preset: { ...getPreset('command'), baseline: 'base-command' } });
  assert.deepEqual(defaultJob(study), { params: { mode: 'fast' }, source: 'default' });
});

test('a default breaking a known constraint is still a job, carrying what it violates', () => {
  const base = resolvedStudy();
  const study = resolvedStudy({ problem: { ...base.problem, constraints: ['x + y <= 0.8', 'x <= 1'] } });
  assert.deepEqual(defaultJob(study).violates, ['x + y <= 0.8']);
});

test('tunedOnly: what the optimiser sees of a configuration the engine runs', () => {
  assert.deepEqual(tunedOnly(resolvedStudy(), { x: 0.1, y: 0.2, mode: 'fast' }), { x: 0.1, y: 0.2 });
});

test('the first refill is the default alone, without asking the optimiser; a violation is announced', async () => {
  const base = resolvedStudy();
  const study = resolvedStudy({ problem: { ...base.problem, constraints: ['x + y <= 0.8'] } });
  const { service, asked } = fakeService([]);
  const events: StudyEvent[] = [];
  const refill = tuningRefill(study, new StudyState(study, [], fresh), service, (e) => events.push(e));
  const jobs = await refill([], 3);
  assert.deepEqual(jobs.map((j) => j.source), ['default']);
  assert.equal(asked.length, 0);
  assert.equal(logs(events).length, 1);
  assert.match(logs(events)[0], /^warn: the default configuration violates "x \+ y <= 0.8"/);
  // The default is running: the next refill asks the optimiser instead of queueing it twice.
  const next = await refill(jobs, 1);
  assert.equal(asked.length, 1);
  assert.equal(next.length, 0);
});

test('suggestions: q is the smaller of the budget\'s room and the slots waiting; pending and history are tuned-only; fixed flags are added back', async () => {
  const study = resolvedStudy({ budget: 4 });
  const state = new StudyState(study, [okRecord(0, 100, 20, 'default'), okRecord(1, 90, 21, 'sobol')], fresh);
  const { service, asked } = fakeService([[{ params: { x: 0.3, y: 0.9 }, source: 'sobol' }]]);
  const refill = tuningRefill(study, state, service, () => undefined);
  const running: Job[] = [{ params: { x: 0.7, y: 0.1, mode: 'fast' }, source: 'sobol' }];
  const jobs = await refill(running, 5);
  assert.equal(asked.length, 1);
  assert.equal(asked[0].request.q, 1); // 4 - 2 recorded - 1 running
  assert.deepEqual(asked[0].request.pending, [{ x: 0.7, y: 0.1 }]);
  assert.equal(asked[0].request.history.length, 2);
  assert.ok(asked[0].request.history.every((o) => !('mode' in o.params)));
  assert.equal(asked[0].algorithm, 'scoot');
  assert.equal(asked[0].seed, 1);
  assert.deepEqual(jobs, [{ params: { x: 0.3, y: 0.9, mode: 'fast' }, source: 'sobol' }]);
  assert.ok(state.suggestSeconds > 0);
});

test('the budget spent (recorded plus running): no refill and no question to the optimiser; re-tests do not count', async () => {
  const study = resolvedStudy({ budget: 2 });
  const state = new StudyState(study, [okRecord(0, 100, 20, 'default'), okRecord(1, 90, 21, 'robustness', { retestOf: 0, arrivalSeed: 8 })], fresh);
  const { service, asked } = fakeService([[{ params: { x: 0.3, y: 0.9 }, source: 'bo' }]]);
  const refill = tuningRefill(study, state, service, () => undefined);
  assert.equal((await refill([], 1)).length, 1);
  state.add(okRecord(2, 80, 22), 1);
  assert.deepEqual(await refill([], 1), []);
  assert.equal(asked.length, 1);
});

test('the POF threshold is kept; optimiser warnings are logged once each; an empty answer says the space is exhausted', async () => {
  const study = resolvedStudy({ budget: 10 });
  const state = new StudyState(study, [okRecord(0, 100, 20, 'default')], fresh);
  const { service } = fakeService([
    [
      { params: { x: 0.1, y: 0.1 }, source: 'bo', pofThreshold: 0.25, warnings: ['GP fit fell back to its prior'] },
      { params: { x: 0.2, y: 0.2 }, source: 'bo', warnings: ['GP fit fell back to its prior'] },
    ],
    [],
  ]);
  const events: StudyEvent[] = [];
  const refill = tuningRefill(study, state, service, (e) => events.push(e));
  const jobs = await refill([], 2);
  assert.equal(jobs[0].pofThreshold, 0.25);
  assert.equal('pofThreshold' in jobs[1], false);
  assert.deepEqual(logs(events), ['warn: optimiser: GP fit fell back to its prior']);
  assert.deepEqual(await refill([], 1), []);
  assert.deepEqual(logs(events).slice(1), ['warn: the optimiser has no new configuration to suggest (space exhausted); stopping early']);
});

test('budget.convergence: once it holds, the decision is kept, announced once, and no suggestion is asked for again', async () => {
  const study = resolvedStudy({ budget: 10, convergence: { patience: 2 } });
  const state = new StudyState(study, [okRecord(0, 100, 20, 'default'), okRecord(1, 90, 21), okRecord(2, 95, 22)], fresh);
  const { service, asked, convergenceAsked } = fakeService([], { rule: 'patience', reason: 'the hypervolume did not improve in 2 trials' });
  const events: StudyEvent[] = [];
  const refill = tuningRefill(study, state, service, (e) => events.push(e));
  assert.deepEqual(await refill([], 1), []);
  assert.deepEqual(state.converged, { rule: 'patience', reason: 'the hypervolume did not improve in 2 trials', atTrial: 3 });
  assert.deepEqual(logs(events), ['info: converged after 3 trials: the hypervolume did not improve in 2 trials; stopping before the budget of 10']);
  assert.equal(convergenceAsked[0].history.length, 3);
  assert.deepEqual(await refill([], 1), []);
  assert.equal(convergenceAsked.length, 1);
  assert.equal(asked.length, 0);
});

test('budget.convergence not yet met: the optimiser is asked as usual; without the setting convergence is never asked', async () => {
  const withRule = resolvedStudy({ budget: 10, convergence: { patience: 2 } });
  const a = fakeService([[{ params: { x: 0.1, y: 0.1 }, source: 'bo' }]]);
  assert.equal((await tuningRefill(withRule, new StudyState(withRule, [okRecord(0, 100, 20, 'default')], fresh), a.service, () => undefined)([], 1)).length, 1);
  assert.equal(a.convergenceAsked.length, 1);
  const without = resolvedStudy({ budget: 10 });
  const b = fakeService([[{ params: { x: 0.1, y: 0.1 }, source: 'bo' }]]);
  await tuningRefill(without, new StudyState(without, [okRecord(0, 100, 20, 'default')], fresh), b.service, () => undefined)([], 1);
  assert.equal(b.convergenceAsked.length, 0);
});
