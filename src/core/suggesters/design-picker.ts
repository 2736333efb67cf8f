// Space-filling picks for the initial design and for fill-in: scrambled Sobol points that satisfy the
// known constraints and are not evaluated or pending yet. The sequence restarts from its first point
// on every call and skips what is taken, so a resumed study continues exactly where it stopped.

import { satisfiesKnownConstraints, type OptimizationProblem } from '../problem.js';
import { SobolSequence } from '../sobol.js';
import type { Observation, Params } from '../types.js';

/** How far down the sequence to look per wanted point before giving up (tight known constraints). */
const ATTEMPTS_PER_POINT = 2000;

/**
 * d + 1 points by default, as HEBO and BoTorch do (the SCOOT paper uses d). With the worst-value
 * prior mean (surrogates.ts), SCOOT over seeds 0–59 of Hartmann6: median regret 0.129 with d points,
 * 0.120 with d + 1 (p75 0.188 -> 0.159); over seeds 0–19 it helped or was neutral on every benchmark
 * problem but BraninCurrin (57.40 -> 57.37 hypervolume).
 */
export function initialDesignSize(problem: OptimizationProblem): number {
  return problem.initialDesignSize ?? problem.space.dim + 1;
}

/** The configurations that count towards the initial design: everything but the default and robustness re-tests. */
function designedParams(history: readonly Observation[], pending: readonly Params[]): Params[] {
  return [...history.filter((o) => o.source !== 'default' && o.source !== 'robustness').map((o) => o.params), ...pending];
}

/** Initial-design points still to suggest: the default and robustness re-tests do not count. */
export function initialDesignRemaining(problem: OptimizationProblem, history: readonly Observation[], pending: readonly Params[]): number {
  return Math.max(0, initialDesignSize(problem) - designedParams(history, pending).length);
}

export class DesignPicker {
  private readonly taken = new Set<string>();

  private readonly designed: Params[];

  constructor(
    private readonly problem: OptimizationProblem,
    private readonly seed: number,
    history: readonly Observation[],
    pending: readonly Params[],
  ) {
    for (const o of history) this.taken.add(problem.space.key(o.params));
    for (const p of pending) this.taken.add(problem.space.key(p));
    this.designed = designedParams(history, pending);
  }

  /**
   * Up to `count` more points of the initial design: Sobol points as sobol() picks them, except that no
   * level of an unordered parameter (bool, string enum) may appear more than ceil(design size / its
   * levels) times. Known constraints reject Sobol points, and rejection breaks the sequence's balance: on
   * the llama.cpp space (ctx-size >= parallel × 1446 rejects 10 of the first 16 points) the 6-point design
   * of the H200 run (seed 0) kept 1 point with continuous batching on and 5 with it off, and that single
   * point (17 slots: short TTFT, long TPOT) taught the GP that continuous batching itself costs TPOT
   * (docs/results/llamacpp-h200/diagnosis.md). When the quota cannot be met (tight constraints), the
   * plain sequence fills in.
   */
  design(count: number): Params[] {
    const { space } = this.problem;
    const size = initialDesignSize(this.problem);
    const unordered = space.names.flatMap((name, i) => (space.isCategorical(i) ? [{ name, quota: Math.ceil(size / space.cardinality(i)) }] : []));
    const counts = new Map<string, number>();
    const keyOf = (name: string, v: Params[string]) => `${name}\u0000${String(v)}`;
    const add = (p: Params) => unordered.forEach(({ name }) => counts.set(keyOf(name, p[name]), (counts.get(keyOf(name, p[name])) ?? 0) + 1));
    this.designed.forEach(add);
    const balanced = this.sobol(count, (p) => unordered.every(({ name, quota }) => (counts.get(keyOf(name, p[name])) ?? 0) < quota), add);
    return [...balanced, ...this.sobol(count - balanced.length)];
  }

  isTaken(x: readonly number[]): boolean {
    return this.taken.has(this.problem.space.key(this.problem.space.decode(x)));
  }

  /** Marks params as suggested; false when they already were. */
  take(params: Params): boolean {
    const key = this.problem.space.key(params);
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    return true;
  }

  /** Up to `count` new admissible Sobol points (fewer only when the space is nearly exhausted). */
  sobol(count: number, accept: (params: Params) => boolean = () => true, taken: (params: Params) => void = () => undefined): Params[] {
    const out: Params[] = [];
    if (count <= 0) return out;
    const sequence = new SobolSequence(this.problem.space.dim, { scramble: true, seed: this.seed });
    const limit = ATTEMPTS_PER_POINT * (count + this.taken.size);
    for (let i = 0; i < limit && out.length < count; i++) {
      const params = this.problem.space.decode(sequence.next());
      if (!satisfiesKnownConstraints(this.problem, params) || !accept(params)) continue;
      if (this.take(params)) {
        out.push(params);
        taken(params);
      }
    }
    return out;
  }
}
