import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frontStaircase, paretoFront, type FrontPoint } from '../../../webview/logic/pareto.js';
import { dominates, type Goal } from '../../../webview/logic/goals.js';
import { Rng } from '../../../src/core/rng.js';

const pts = (...v: number[][]): FrontPoint[] => v.map((values, trial) => ({ trial, values }));
const trials = (f: readonly FrontPoint[]) => f.map((p) => p.trial).sort((a, b) => a - b);

/** Brute-force definition: a point is on the front when nothing dominates it. */
function bruteFront(points: FrontPoint[], goals: Goal[]): number[] {
  return points.filter((p) => !points.some((q) => dominates(q.values, p.values, goals))).map((p) => p.trial).sort((a, b) => a - b);
}

test('min/min front of a hand-made set', () => {
  const p = pts([1, 9], [2, 5], [3, 6], [4, 2], [5, 2], [6, 1], [2, 5]);
  assert.deepEqual(trials(paretoFront(p, ['min', 'min'])), [0, 1, 3, 5, 6]);
});

test('goal max flips the front: maximise throughput, minimise latency', () => {
  // (latency, throughput): (10, 5) dominates (12, 4); (20, 9) is the high-throughput end.
  const p = pts([10, 5], [12, 4], [20, 9], [15, 9], [30, 8]);
  assert.deepEqual(trials(paretoFront(p, ['min', 'max'])), [0, 3]);
  assert.deepEqual(trials(paretoFront(p, ['max', 'max'])), [2, 4]);
});

test('2-D sweep and 3-D filter agree with the brute-force definition on random sets', () => {
  const rng = new Rng(7);
  const goalSets: Goal[][] = [['min', 'min'], ['min', 'max'], ['max', 'min'], ['max', 'max'], ['min', 'max', 'min']];
  for (const goals of goalSets) {
    for (let rep = 0; rep < 30; rep++) {
      const n = 1 + rng.int(60);
      // Coarse integer grid so ties and duplicates occur.
      const p = pts(...Array.from({ length: n }, () => goals.map(() => rng.int(12))));
      assert.deepEqual(trials(paretoFront(p, goals)), bruteFront(p, goals), `goals ${goals.join('/')} rep ${rep}`);
    }
  }
});

test('staircase: horizontal first when x is minimised, vertical first when maximised', () => {
  const front = [{ x: 3, y: 1 }, { x: 1, y: 4 }, { x: 2, y: 2 }];
  assert.deepEqual(frontStaircase(front, ['min', 'min']), [
    { x: 1, y: 4 }, { x: 2, y: 4 }, { x: 2, y: 2 }, { x: 3, y: 2 }, { x: 3, y: 1 },
  ]);
  // max x, max y: front sorted by x has y falling; the dominated region is lower-left.
  const maxFront = [{ x: 1, y: 4 }, { x: 2, y: 2 }];
  assert.deepEqual(frontStaircase(maxFront, ['max', 'max']), [{ x: 1, y: 4 }, { x: 1, y: 2 }, { x: 2, y: 2 }]);
  assert.deepEqual(frontStaircase([], ['min', 'min']), []);
});
