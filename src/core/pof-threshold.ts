// The adaptive POF threshold δ of the paper's Algorithm 1 (docs/ARCHITECTURE.md §1, method): raised after an infeasible
// result, relaxed after every five consecutive feasible ones so the region near crashes is revisited.
// Derived by replaying the history rather than stored, so a resumed study gets the same δ.

import type { Observation, SuggestionSource } from './types.js';

export const POF_THRESHOLD_START = 0.5;
const STEP = 0.05;
const CEILING = 0.75;
const FLOOR = 0.25;
const FEASIBLE_RUN = 5;

/** Initial-design and robustness points were not chosen under δ, so they do not move it. */
const ADAPTIVE_SOURCES: ReadonlySet<SuggestionSource | undefined> = new Set(['bo', 'fill', undefined]);

export function pofThreshold(history: readonly Observation[]): number {
  let delta = POF_THRESHOLD_START;
  let run = 0;
  for (const o of history) {
    if (!ADAPTIVE_SOURCES.has(o.source)) continue;
    if (!o.feasible) {
      delta = Math.min(CEILING, Math.max(delta + STEP, POF_THRESHOLD_START));
      run = 0;
    } else if (++run % FEASIBLE_RUN === 0) {
      delta = Math.max(FLOOR, delta - STEP);
    }
  }
  return round(delta);
}

/** Repeated ±0.05 steps accumulate binary rounding error; thresholds are multiples of 0.05. */
function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
