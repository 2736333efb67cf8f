import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecommendationTracker } from '../../../../src/study/loop/recommendation-tracker.js';
import type { StudyRecommendation } from '../../../../src/study/recommendation.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

test('an answer arriving after a newer one does not replace it', async () => {
  const answers = [deferred<StudyRecommendation>(), deferred<StudyRecommendation>()];
  let call = 0;
  const tracker = new RecommendationTracker(() => answers[call++].promise, () => assert.fail('no warning expected'));
  assert.equal(tracker.current, undefined);
  const older = tracker.refresh();
  const newer = tracker.refresh();
  answers[1].resolve({ best: 5, pareto: [5] });
  await newer;
  assert.deepEqual(tracker.current, { best: 5, pareto: [5] });
  answers[0].resolve({ best: 2, pareto: [2] });
  await older;
  assert.deepEqual(tracker.current, { best: 5, pareto: [5] });
});

test('answers in order each replace the last', async () => {
  let n = 0;
  const tracker = new RecommendationTracker(async () => ({ best: ++n, pareto: [n] }), () => undefined);
  await tracker.refresh();
  await tracker.refresh();
  assert.deepEqual(tracker.current, { best: 2, pareto: [2] });
});

test('a failed refresh keeps the previous choice and says why', async () => {
  const warnings: string[] = [];
  let fail = false;
  const tracker = new RecommendationTracker(async () => {
    if (fail) throw new Error('GP fit failed');
    return { best: 1, pareto: [1] };
  }, (m) => warnings.push(m));
  await tracker.refresh();
  fail = true;
  await tracker.refresh();
  assert.deepEqual(tracker.current, { best: 1, pareto: [1] });
  assert.deepEqual(warnings, ['could not update the chosen configuration (GP fit failed); summary.json keeps the previous one']);
});
