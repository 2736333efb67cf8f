import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecommendationTracker } from '../../../../src/study/loop/recommendation-tracker.js';
import { StudyState } from '../../../../src/study/loop/study-state.js';
import { okRecord, resolvedStudy } from './helpers.js';

const fresh = { wallSeconds: 0, suggestSeconds: 0 };

test('trial numbers carry on one past the highest recorded, gaps included, and are never handed out twice', () => {
  const state = new StudyState(resolvedStudy(), [okRecord(0, 100, 20, 'default'), okRecord(5, 90, 20)], fresh);
  assert.equal(state.takeTrialNumber(), 6);
  assert.equal(state.takeTrialNumber(), 7);
  assert.equal(new StudyState(resolvedStudy(), [], fresh).takeTrialNumber(), 0);
});

test('the budget counts tuning trials only: re-tests are not new configurations', () => {
  const state = new StudyState(resolvedStudy(), [okRecord(0, 100, 20, 'default'), okRecord(1, 90, 20)], fresh);
  state.add(okRecord(2, 91, 20, 'robustness', { retestOf: 1, arrivalSeed: 8 }), 1);
  assert.equal(state.records.length, 3);
  assert.equal(state.tuningCount(), 2);
});

test('the records it starts from are copied: adding one does not change the caller\'s list', () => {
  const loaded = [okRecord(0, 100, 20, 'default')];
  const state = new StudyState(resolvedStudy(), loaded, fresh);
  state.add(okRecord(1, 90, 20), 1);
  assert.equal(loaded.length, 1);
});

test('ETA: none before a trial of this run ends, then the mean trial time per round of slots', () => {
  const state = new StudyState(resolvedStudy(), [], fresh);
  assert.equal(state.etaSeconds(4, 2), undefined);
  state.add(okRecord(0, 100, 20, 'default'), 10);
  state.add(okRecord(1, 90, 20), 20);
  assert.equal(state.etaSeconds(3, 2), 30); // two rounds of 15 s
  assert.equal(state.etaSeconds(4, 2), 30);
  assert.equal(state.etaSeconds(1, 1), 15);
});

test('summary: time carried on from earlier runs, the convergence decision and the tracked recommendation', async () => {
  const state = new StudyState(resolvedStudy(), [okRecord(0, 100, 20, 'default'), okRecord(1, 90, 18)], { wallSeconds: 100, suggestSeconds: 7 });
  state.suggestSeconds += 0.5;
  let s = state.summary();
  assert.equal(s.engine, 'command 1');
  assert.ok(s.wallSeconds >= 100 && s.wallSeconds < 110, String(s.wallSeconds));
  assert.equal(s.suggestSeconds, 7.5);
  assert.equal(s.converged, undefined);
  assert.equal(s.best?.trial, 1); // chosen on the measurements: trial 1 dominates the default
  assert.equal(state.priorWallSeconds, 100);

  state.converged = { rule: 'patience', reason: 'no gain in 3 trials', atTrial: 2 };
  const tracker = new RecommendationTracker(async () => ({ best: 0, pareto: [0] }), () => undefined);
  state.recommendation = tracker;
  await tracker.refresh();
  s = state.summary();
  assert.deepEqual(s.converged, { rule: 'patience', reason: 'no gain in 3 trials', atTrial: 2 });
  assert.equal(s.best?.trial, 0); // the tracker's choice (the posterior-mean rule), not the measurements'
  assert.deepEqual(s.pareto.map((p) => p.trial), [0]);
  assert.equal(s.evaluated, 2);
});
