import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crowdingDistance, dominates, nonDominatedSort, paretoFrontIndices, ParetoInputError } from '../../../src/core/pareto.js';
import { Rng } from '../../../src/core/rng.js';

/** Fronts by definition: peel off the points no remaining point dominates. */
function bruteForceFronts(points: number[][]): number[][] {
  let remaining = points.map((_, i) => i);
  const fronts: number[][] = [];
  while (remaining.length) {
    const front = remaining.filter((i) => !remaining.some((k) => dominates(points[k], points[i])));
    fronts.push(front);
    remaining = remaining.filter((i) => !front.includes(i));
  }
  return fronts;
}

const canonical = (fronts: number[][]) => fronts.map((f) => [...f].sort((a, b) => a - b));

test('dominates: strict in one objective, no worse in all', () => {
  assert.equal(dominates([1, 2], [2, 2]), true);
  assert.equal(dominates([1, 2], [1, 2]), false);
  assert.equal(dominates([1, 3], [2, 2]), false);
  assert.equal(dominates([0, 0, 0], [0, 0, 1e-12]), true);
  assert.equal(dominates([0, 0, 1], [0, 0, 0]), false);
});

test('hand example: fronts of a small 2-D set', () => {
  const pts = [[1, 5], [2, 3], [4, 1], [3, 4], [5, 5], [2, 3], [6, 2], [1, 6]];
  // front 0: (1,5),(2,3),(4,1) and the duplicate (2,3); front 1: (3,4),(6,2),(1,6); front 2: (5,5).
  assert.deepEqual(canonical(nonDominatedSort(pts)), [[0, 1, 2, 5], [3, 6, 7], [4]]);
  assert.deepEqual(paretoFrontIndices(pts), [0, 1, 2, 5]);
});

test('non-dominated sort matches the definition on random sets with ties (1, 2, 3 and 5 objectives)', () => {
  const rng = new Rng(11);
  for (const m of [1, 2, 3, 5]) {
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.int(60);
      // Integer coordinates on a small grid force ties and duplicates.
      const pts = Array.from({ length: n }, () => Array.from({ length: m }, () => rng.int(6)));
      assert.deepEqual(canonical(nonDominatedSort(pts)), bruteForceFronts(pts), `m=${m} trial=${trial}`);
    }
    const cont = Array.from({ length: 200 }, () => Array.from({ length: m }, () => rng.normal()));
    assert.deepEqual(canonical(nonDominatedSort(cont)), bruteForceFronts(cont));
  }
});

test('infinite objectives sort as worst; empty input and ragged input', () => {
  const pts = [[Infinity, 0], [0, Infinity], [1, 1], [Infinity, Infinity]];
  assert.deepEqual(canonical(nonDominatedSort(pts)), [[0, 1, 2], [3]]);
  assert.deepEqual(nonDominatedSort([]), []);
  assert.throws(() => nonDominatedSort([[1, 2], [1]]), ParetoInputError);
});

test('crowding distance: extremes infinite, interior = normalised neighbour gaps summed over objectives', () => {
  const pts = [[0, 4], [1, 3], [3, 1], [4, 0], [2, 2]];
  const front = [0, 1, 2, 3, 4];
  // (1,3): neighbours (0,4) and (2,2): gaps 2/4 + 2/4 = 1; (2,2): neighbours (1,3),(3,1): 1; (3,1): 1.
  assert.deepEqual(crowdingDistance(pts, front), [Infinity, 1, 1, Infinity, 1]);
  // Uneven spacing: the point with the wider gap is more isolated.
  const uneven = [[0, 10], [1, 9], [2, 8], [9, 1], [10, 0]];
  const u = crowdingDistance(uneven, [4, 3, 2, 1, 0]);
  assert.ok(Math.abs(u[2] - (8 / 10 + 8 / 10)) < 1e-12);
  assert.ok(Math.abs(u[3] - (2 / 10 + 2 / 10)) < 1e-12);
  assert.deepEqual(crowdingDistance(uneven, [1, 2]), [Infinity, Infinity]);
  // A constant objective adds nothing rather than NaN.
  const flat = crowdingDistance([[0, 5], [1, 5], [2, 5], [4, 5]], [0, 1, 2, 3]);
  assert.deepEqual(flat, [Infinity, 2 / 4, 3 / 4, Infinity]);
});
