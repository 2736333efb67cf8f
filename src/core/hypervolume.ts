// Exact hypervolume (minimisation): the Lebesgue measure of the region dominated by the points and
// bounded above by the reference point.
//
// 2-D: a sweep, O(n log n). 3-D: a sweep along the third objective that keeps the 2-D front of the
// points seen so far sorted and its area updated incrementally (Beume et al.'s HV3D idea with an
// array instead of a tree: O(n^2) worst case, O(n log n) typical). 4-D and up: WFG (While,
// Bradstreet & Barone, IEEE TEVC 2012), which sums exclusive contributions in order of decreasing
// last objective so that every limit set shares that objective and the recursion drops a dimension.

import { ParetoInputError, paretoFrontIndices } from './pareto.js';

/**
 * Exact hypervolume of points with respect to reference. Points that do not strictly dominate the
 * reference in every objective contribute nothing; dominated and duplicate points are harmless.
 */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const inside = pointsInside(points, reference);
  return hypervolumeInside(inside, reference);
}

/** The points strictly better than reference in every objective (copied, so callers may sort them). */
export function pointsInside(points: readonly (readonly number[])[], reference: readonly number[]): number[][] {
  const m = reference.length;
  if (m === 0) throw new ParetoInputError('the reference point has no objectives');
  for (const r of reference) if (Number.isNaN(r)) throw new ParetoInputError('the reference point contains NaN');
  const out: number[][] = [];
  points.forEach((p, i) => {
    if (p.length !== m) throw new ParetoInputError(`point ${i} has ${p.length} objectives, the reference has ${m}`);
    for (let j = 0; j < m; j++) if (!(p[j] < reference[j])) return;
    out.push([...p]);
  });
  return out;
}

function hypervolumeInside(points: number[][], reference: readonly number[]): number {
  if (points.length === 0) return 0;
  switch (reference.length) {
    case 1:
      return reference[0] - Math.min(...points.map((p) => p[0]));
    case 2:
      return sweep2d(points, reference[0], reference[1]);
    case 3:
      return sweep3d(points, reference);
    default:
      return wfg(points, reference, reference.length);
  }
}

function sweep2d(points: number[][], r0: number, r1: number): number {
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let ceiling = r1;
  for (const p of points) {
    if (p[1] < ceiling) {
      area += (r0 - p[0]) * (ceiling - p[1]);
      ceiling = p[1];
    }
  }
  return area;
}

function sweep3d(points: number[][], reference: readonly number[]): number {
  points.sort((a, b) => a[2] - b[2]);
  const [r0, r1, r2] = reference;
  // The current 2-D front, ascending in x and strictly descending in y.
  const xs: number[] = [];
  const ys: number[] = [];
  let area = 0;
  let volume = 0;
  for (let i = 0; i < points.length; i++) {
    const [x, y, z] = points[i];
    if (i > 0) volume += area * (z - points[i - 1][2]);
    // First front member with x >= the new point's x.
    let lo = 0, hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    // Dominated in 2-D by the member just before it (smaller x) or an equal-x member with y <= ours.
    if (lo > 0 && ys[lo - 1] <= y) continue;
    if (lo < xs.length && xs[lo] === x && ys[lo] <= y) continue;
    // Members the new point dominates form a run starting at lo.
    let end = lo;
    while (end < xs.length && ys[end] >= y) end++;
    // Area gained = the new point's box minus what the old front already covered inside it.
    const ceiling = lo > 0 ? ys[lo - 1] : r1;
    let gained = 0;
    let left = x;
    let top = ceiling;
    for (let k = lo; k < end; k++) {
      gained += (xs[k] - left) * (top - y);
      left = xs[k];
      top = ys[k];
    }
    const right = end < xs.length ? xs[end] : r0;
    gained += (right - left) * (top - y);
    area += gained;
    xs.splice(lo, end - lo, x);
    ys.splice(lo, end - lo, y);
  }
  return volume + area * (r2 - points[points.length - 1][2]);
}

/** WFG on the first m objectives of points (all strictly inside the reference). */
function wfg(points: number[][], reference: readonly number[], m: number): number {
  if (m === 3) return sweep3d(points.map((p) => p.slice(0, 3)), reference);
  const last = m - 1;
  points.sort((a, b) => b[last] - a[last]);
  let volume = 0;
  for (let k = 0; k < points.length; k++) {
    const p = points[k];
    let box = 1;
    for (let j = 0; j < last; j++) box *= reference[j] - p[j];
    // Later points have last objective <= p's, so max(p, q) has p's last objective: the part of p's
    // box they cover is a prism over the (m-1)-D hypervolume of the limit set.
    let covered = 0;
    if (k + 1 < points.length) {
      const limit: number[][] = [];
      for (let t = k + 1; t < points.length; t++) {
        const q = points[t];
        const w = new Array<number>(last);
        for (let j = 0; j < last; j++) w[j] = q[j] > p[j] ? q[j] : p[j];
        limit.push(w);
      }
      const front = paretoFrontIndices(limit).map((i) => limit[i]);
      covered = front.length === 1 ? boxVolume(front[0], reference, last) : wfgOrBase(front, reference, last);
    }
    volume += (reference[last] - p[last]) * (box - covered);
  }
  return volume;
}

function wfgOrBase(points: number[][], reference: readonly number[], m: number): number {
  if (m === 2) return sweep2d(points, reference[0], reference[1]);
  return wfg(points, reference, m);
}

function boxVolume(p: readonly number[], reference: readonly number[], m: number): number {
  let v = 1;
  for (let j = 0; j < m; j++) v *= reference[j] - p[j];
  return v;
}

/** Hypervolume gained by adding point to the set front (0 if it is dominated or outside the reference). */
export function hypervolumeImprovement(point: readonly number[], front: readonly (readonly number[])[], reference: readonly number[]): number {
  const m = reference.length;
  if (point.length !== m) throw new ParetoInputError(`the point has ${point.length} objectives, the reference has ${m}`);
  for (let j = 0; j < m; j++) if (!(point[j] < reference[j])) return 0;
  const inside = pointsInside(front, reference);
  // What the front already covers of the point's box is the hypervolume of max(point, front member).
  const limit: number[][] = [];
  for (const q of inside) {
    let dominatesPoint = true;
    const w = new Array<number>(m);
    for (let j = 0; j < m; j++) {
      if (q[j] > point[j]) dominatesPoint = false;
      w[j] = q[j] > point[j] ? q[j] : point[j];
    }
    if (dominatesPoint) return 0;
    limit.push(w);
  }
  return boxVolume(point, reference, m) - hypervolumeInside(limit, reference);
}

/**
 * Each point's exclusive contribution: the hypervolume lost when only that point is removed.
 * Dominated points, points outside the reference and each of a set of duplicates contribute 0.
 */
export function hypervolumeContributions(points: readonly (readonly number[])[], reference: readonly number[]): number[] {
  const all = pointsInside(points, reference);
  const total = hypervolumeInside(all.map((p) => [...p]), reference);
  return points.map((_, i) => {
    const others = points.filter((_q, t) => t !== i);
    return Math.max(0, total - hypervolume(others, reference));
  });
}
