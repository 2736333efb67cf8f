// A partition of the region that a front does NOT dominate (below the reference) into axis-aligned
// boxes. Any quantity additive over that region, such as the hypervolume improvement of a new point
// y, sum_boxes prod_j (upper_j - max(y_j, lower_j))^+, then becomes a sum over boxes; with
// independent Gaussian objectives its expectation factorises per box and per axis, which is what
// makes EHVI exact in any dimension (Yang, Emmerich, Deutz & Bäck, JOGO 2019, use the same idea).
//
// 2-D: the n+1 vertical strips between consecutive front points. m-D: slice along the last objective
// at each distinct front value; within a slab the region is the (m-1)-D non-dominated region of the
// points already passed, so recurse, and merge a slab's box with the identical box of the previous
// slab so that unchanged parts of the region stay one box. Lower bounds may be -Infinity.

import { pointsInside } from './hypervolume.js';
import { paretoFrontIndices } from './pareto.js';

export interface Box {
  readonly lower: number[];
  readonly upper: number[];
}

/** Boxes partitioning {z < reference} minus the region weakly dominated by the front. */
export function nondominatedBoxes(front: readonly (readonly number[])[], reference: readonly number[]): Box[] {
  const inside = pointsInside(front, reference);
  return decompose(uniqueFront(inside), reference, reference.length);
}

function uniqueFront(points: number[][]): number[][] {
  const front = paretoFrontIndices(points).map((i) => points[i]);
  const seen = new Set<string>();
  return front.filter((p) => {
    const key = p.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Partition over the first m coordinates; points is a non-dominated, duplicate-free set in those. */
function decompose(points: number[][], reference: readonly number[], m: number): Box[] {
  if (m === 1) {
    let upper = reference[0];
    for (const p of points) if (p[0] < upper) upper = p[0];
    return [{ lower: [-Infinity], upper: [upper] }];
  }
  if (m === 2) return strips(points, reference[0], reference[1]);
  return slabs(points, reference, m);
}

function strips(points: number[][], r0: number, r1: number): Box[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const boxes: Box[] = [];
  let left = -Infinity;
  let ceiling = r1;
  for (const p of sorted) {
    boxes.push({ lower: [left, -Infinity], upper: [p[0], ceiling] });
    left = p[0];
    ceiling = p[1];
  }
  boxes.push({ lower: [left, -Infinity], upper: [r0, ceiling] });
  return boxes;
}

function slabs(points: number[][], reference: readonly number[], m: number): Box[] {
  const last = m - 1;
  const sorted = [...points].sort((a, b) => a[last] - b[last]);
  const boxes: Box[] = [];
  let open = new Map<string, Box>();
  let passed: number[][] = [];
  let bottom = -Infinity;
  let i = 0;
  while (bottom < reference[last]) {
    const top = i < sorted.length ? sorted[i][last] : reference[last];
    const next = new Map<string, Box>();
    for (const sub of decompose(passed, reference, last)) {
      const key = `${sub.lower.join(',')};${sub.upper.join(',')}`;
      const continued = open.get(key);
      if (continued) {
        continued.upper[last] = top;
        next.set(key, continued);
      } else {
        const box: Box = { lower: [...sub.lower, bottom], upper: [...sub.upper, top] };
        boxes.push(box);
        next.set(key, box);
      }
    }
    open = next;
    if (i >= sorted.length) break;
    // Every point at this level joins the projected set before the next slab starts.
    const level = sorted[i][last];
    const entering: number[][] = [];
    while (i < sorted.length && sorted[i][last] === level) entering.push(sorted[i++].slice(0, last));
    passed = uniqueFront([...passed, ...entering]);
    bottom = level;
  }
  return boxes;
}
