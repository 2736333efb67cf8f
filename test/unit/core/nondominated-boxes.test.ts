import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypervolume } from '../../../src/core/hypervolume.js';
import { nondominatedBoxes } from '../../../src/core/nondominated-boxes.js';
import { Rng } from '../../../src/core/rng.js';

/** Volume of the boxes clipped below at floor. */
function clippedVolume(boxes: { lower: number[]; upper: number[] }[], floor: number[]): number {
  return boxes.reduce((sum, b) => sum + b.upper.reduce((v, u, j) => v * Math.max(0, u - Math.max(b.lower[j], floor[j])), 1), 0);
}

test('2-D strips of a hand front', () => {
  const boxes = nondominatedBoxes([[1, 3], [2, 2], [3, 1], [2.5, 2.5], [5, 0]], [4, 4]);
  assert.deepEqual(boxes, [
    { lower: [-Infinity, -Infinity], upper: [1, 4] },
    { lower: [1, -Infinity], upper: [2, 3] },
    { lower: [2, -Infinity], upper: [3, 2] },
    { lower: [3, -Infinity], upper: [4, 1] },
  ]);
  assert.deepEqual(nondominatedBoxes([], [4, 4]), [{ lower: [-Infinity, -Infinity], upper: [4, 4] }]);
});

test('boxes partition the undominated region: volume = box - hypervolume, and no two overlap, none dominated (2-D, 3-D, 4-D)', () => {
  const rng = new Rng(21);
  for (const m of [2, 3, 4]) {
    for (let trial = 0; trial < 10; trial++) {
      const n = 1 + rng.int(25);
      const pts = Array.from({ length: n }, () => Array.from({ length: m }, () => (trial % 2 ? rng.int(5) / 5 : rng.uniform())));
      const ref = Array(m).fill(1);
      const floor = Array(m).fill(-0.5);
      const boxes = nondominatedBoxes(pts, ref);
      const expected = 1.5 ** m - hypervolume(pts, ref); // the floor is below every point
      assert.ok(Math.abs(clippedVolume(boxes, floor) - expected) < 1e-12, `m=${m} trial ${trial}`);
      // Interiors are disjoint: the clipped intersection of any two boxes has zero volume.
      for (let a = 0; a < boxes.length; a++)
        for (let b = a + 1; b < boxes.length; b++) {
          let overlap = 1;
          for (let j = 0; j < m; j++) {
            const lo = Math.max(boxes[a].lower[j], boxes[b].lower[j], floor[j]);
            overlap *= Math.max(0, Math.min(boxes[a].upper[j], boxes[b].upper[j]) - lo);
          }
          assert.equal(overlap, 0);
        }
      // Every box is undominated: no front point lies strictly below its upper corner, the box
      // point most easily dominated. With the volume and disjointness, the boxes are a partition.
      for (const box of boxes)
        for (const p of pts) assert.ok(!p.every((v, j) => v < box.upper[j]));
    }
  }
});
