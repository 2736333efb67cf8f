// Pareto dominance, non-dominated sorting and crowding distance. Everything minimises.
//
// The sort is Zhang et al.'s Efficient Non-dominated Sort (ENS, IEEE TEVC 2015): after a lexicographic
// sort a point can only be dominated by points before it, so each point is checked against the fronts
// built so far, front by front. Two objectives get the binary-search variant, O(N log N), because the
// last point added to a 2-D front always has that front's smallest second objective.

export class ParetoInputError extends Error {}

/** True when a is no worse than b in every objective and strictly better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let j = 0; j < a.length; j++) {
    if (a[j] > b[j]) return false;
    if (a[j] < b[j]) strictly = true;
  }
  return strictly;
}

function checkShape(points: readonly (readonly number[])[]): number {
  if (points.length === 0) return 0;
  const m = points[0].length;
  for (let i = 1; i < points.length; i++) {
    if (points[i].length !== m) throw new ParetoInputError(`point ${i} has ${points[i].length} objectives, point 0 has ${m}`);
  }
  return m;
}

/** Indices sorted lexicographically by objective vector (ties by index, so the order is stable). */
function lexicographicOrder(points: readonly (readonly number[])[], m: number): number[] {
  const order = Array.from({ length: points.length }, (_, i) => i);
  order.sort((i, k) => {
    const a = points[i], b = points[k];
    for (let j = 0; j < m; j++) if (a[j] !== b[j]) return a[j] - b[j];
    return i - k;
  });
  return order;
}

/**
 * Non-dominated fronts as lists of indices into points: front 0 is the Pareto front, front 1 the
 * Pareto front of the rest, and so on. Identical points share a front. NaN objectives compare as
 * incomparable, so give +Infinity for "worst" instead.
 */
export function nonDominatedSort(points: readonly (readonly number[])[]): number[][] {
  const m = checkShape(points);
  if (points.length === 0) return [];
  const order = lexicographicOrder(points, m);
  if (m === 1) return groupEqual(points, order);
  return m === 2 ? sortTwoObjectives(points, order) : sortSequential(points, order);
}

/** One objective: each distinct value, in increasing order, is a front. */
function groupEqual(points: readonly (readonly number[])[], order: readonly number[]): number[][] {
  const fronts: number[][] = [];
  let previous = NaN;
  for (const i of order) {
    if (fronts.length === 0 || points[i][0] !== previous) fronts.push([]);
    fronts[fronts.length - 1].push(i);
    previous = points[i][0];
  }
  return fronts;
}

function sortTwoObjectives(points: readonly (readonly number[])[], order: readonly number[]): number[][] {
  const fronts: number[][] = [];
  // Sorted by (f1, f2), a front's last point has the smallest f2 and f1 <= the next point's: it
  // dominates the next point exactly when it is better in f2, or equal in f2 and better in f1.
  const last: number[] = [];
  const dominatedBy = (k: number, p: readonly number[]): boolean => {
    const q = points[last[k]];
    return q[1] < p[1] || (q[1] === p[1] && q[0] < p[0]);
  };
  for (const i of order) {
    const p = points[i];
    let lo = 0, hi = fronts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dominatedBy(mid, p)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === fronts.length) fronts.push([]);
    fronts[lo].push(i);
    last[lo] = i;
  }
  return fronts;
}

function sortSequential(points: readonly (readonly number[])[], order: readonly number[]): number[][] {
  const fronts: number[][] = [];
  for (const i of order) {
    const p = points[i];
    let k = 0;
    for (; k < fronts.length; k++) {
      const front = fronts[k];
      let dominated = false;
      // Later members of a front are lexicographically closer to p, hence likelier dominators.
      for (let t = front.length - 1; t >= 0; t--) {
        if (dominates(points[front[t]], p)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) break;
    }
    if (k === fronts.length) fronts.push([]);
    fronts[k].push(i);
  }
  return fronts;
}

/** Indices of the non-dominated points, in ascending index order. */
export function paretoFrontIndices(points: readonly (readonly number[])[]): number[] {
  if (points.length === 0) return [];
  return [...nonDominatedSort(points)[0]].sort((a, b) => a - b);
}

/**
 * Deb's crowding distance of each member of front (same order as front): the normalised perimeter
 * of the cuboid spanned by its neighbours, summed over objectives; the extremes of each objective
 * get Infinity. Objectives that are constant or have a non-finite range over the front add nothing.
 */
export function crowdingDistance(points: readonly (readonly number[])[], front: readonly number[]): number[] {
  const n = front.length;
  const distance = new Array<number>(n).fill(0);
  if (n === 0) return distance;
  if (n <= 2) return distance.fill(Infinity);
  const m = points[front[0]].length;
  const slots = Array.from({ length: n }, (_, s) => s);
  for (let j = 0; j < m; j++) {
    slots.sort((s, t) => points[front[s]][j] - points[front[t]][j] || s - t);
    const lo = points[front[slots[0]]][j];
    const hi = points[front[slots[n - 1]]][j];
    distance[slots[0]] = Infinity;
    distance[slots[n - 1]] = Infinity;
    const range = hi - lo;
    if (!(range > 0) || !Number.isFinite(range)) continue;
    for (let r = 1; r < n - 1; r++) {
      const gap = points[front[slots[r + 1]]][j] - points[front[slots[r - 1]]][j];
      distance[slots[r]] += gap / range;
    }
  }
  return distance;
}
