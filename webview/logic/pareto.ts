// Non-dominated points respecting each objective's goal, for drawing: the outline of the study's
// Pareto set in the two objectives a chart shows. Which trials form the study's set is summary.json's.
import { dominates, isBetter, type Goal } from './goals.js';

export interface FrontPoint {
  trial: number;
  values: readonly number[];
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.every((v, i) => v === b[i]);
}

/** Non-dominated points, in input order. Equal points are all kept (neither dominates the other). */
export function paretoFront<T extends FrontPoint>(points: readonly T[], goals: readonly Goal[]): T[] {
  if (goals.length === 2) return paretoFront2d(points, goals[0], goals[1]);
  return points.filter((p) => !points.some((q) => q !== p && dominates(q.values, p.values, goals)));
}

/** 2-D sweep in O(n log n): sort by the first objective (best first, ties by the second), keep each point that beats every earlier one on the second. */
function paretoFront2d<T extends FrontPoint>(points: readonly T[], g0: Goal, g1: Goal): T[] {
  const order = points.map((_, i) => i).sort((i, j) => {
    const a = points[i].values;
    const b = points[j].values;
    if (a[0] !== b[0]) return isBetter(a[0], b[0], g0) ? -1 : 1;
    if (a[1] !== b[1]) return isBetter(a[1], b[1], g1) ? -1 : 1;
    return i - j;
  });
  const keep = new Set<number>();
  let last: readonly number[] | undefined;
  for (const i of order) {
    const v = points[i].values;
    if (last === undefined || isBetter(v[1], last[1], g1) || sameValues(v, last)) {
      keep.add(i);
      last = v;
    }
  }
  return points.filter((_, i) => keep.has(i));
}

export interface XY {
  x: number;
  y: number;
}

/**
 * The outline of the region a 2-D front dominates, as explicit corner points (drawn as a plain line, so
 * no charting library's idea of "stepped" is involved). Between consecutive front points (sorted by x)
 * the outline runs horizontally first when x is minimised and vertically first when x is maximised.
 */
export function frontStaircase(front: readonly XY[], goals: readonly [Goal, Goal]): XY[] {
  const pts = [...front].sort((a, b) => a.x - b.x || a.y - b.y);
  const out: XY[] = [];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    if (i > 0) {
      const prev = pts[i - 1];
      out.push(goals[0] === 'min' ? { x: p.x, y: prev.y } : { x: prev.x, y: p.y });
    }
    out.push({ x: p.x, y: p.y });
  }
  return out;
}
