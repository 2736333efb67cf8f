// Objective goals as the panel compares them. Every "better", "best" and "dominates" in the panel goes
// through here so a `goal: 'max'` objective (request_throughput) is never treated as a latency.
import type { ObjectiveSpec } from '../../src/protocol/study.js';

export type Goal = ObjectiveSpec['goal'];

/** True when `a` is strictly better than `b` for the goal. */
export function isBetter(a: number, b: number, goal: Goal): boolean {
  return goal === 'min' ? a < b : a > b;
}

/** The better of two values (the first on ties). */
export function better(a: number, b: number, goal: Goal): number {
  return isBetter(b, a, goal) ? b : a;
}

/** `a` dominates `b`: no worse in every objective and strictly better in at least one. */
export function dominates(a: readonly number[], b: readonly number[], goals: readonly Goal[]): boolean {
  let strictly = false;
  for (let i = 0; i < goals.length; i++) {
    if (isBetter(b[i], a[i], goals[i])) return false;
    if (isBetter(a[i], b[i], goals[i])) strictly = true;
  }
  return strictly;
}

/** Relative change from `reference` to `value` signed so that an improvement is negative for 'min' and positive for 'max' (as users read "TTFT −40%", "throughput +68%"). */
export function relativeChange(value: number, reference: number): number | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return undefined;
  return (value - reference) / Math.abs(reference);
}
