// Grid search: a full-factorial grid visited in a seeded random order, so that stopping after any
// budget leaves an unbiased subset of the grid rather than one corner of it.
//
// Levels: categorical parameters (bools, string enums) and numeric ones with at most L values use
// every value; every other numeric parameter gets L values at the centres of L equal cells of its
// (log-)range. L is chosen so the grid size is nearest the budget on a log scale (Branin with 30
// evaluations: 5 × 5 = 25 rather than 36; Hartmann6: 2^6 = 64 rather than 1), so the grid roughly
// fills the budget. When a grid is used up (or everything left on it is
// infeasible by a known constraint or already evaluated) the next one uses L + 1 levels, and so on,
// so the suggester never runs dry while the continuous parameters leave room.

import { satisfiesKnownConstraints, type OptimizationProblem } from '../problem.js';
import { Rng } from '../rng.js';
import type { ParamValue, Params, Suggester, SuggestRequest, Suggestion } from '../types.js';
import { DesignPicker } from './design-picker.js';

export interface GridOptions {
  seed: number;
  /** The evaluation budget the first grid is sized for (default 30, the paper's usual budget). */
  budget?: number;
}

/** Grids above this many points are ordered by a seeded affine permutation instead of a shuffle. */
const MAX_SHUFFLED = 1 << 20;
/** Finer grids tried per call before giving up (only reachable when nearly all points are infeasible). */
const MAX_REFINEMENTS = 64;

interface GridPlan {
  /** Admissible values of each parameter on this grid, in space order. */
  readonly values: readonly (readonly ParamValue[])[];
  readonly size: number;
  /** The k-th grid point to visit, as a mixed-radix index into `values`. */
  at(k: number): number;
}

export class GridSuggester implements Suggester {
  readonly name = 'grid';
  private readonly budget: number;
  private readonly plans = new Map<number, GridPlan>();
  private readonly baseLevel: number;

  constructor(
    private readonly problem: OptimizationProblem,
    private readonly options: GridOptions,
  ) {
    this.budget = Math.max(1, Math.floor(options.budget ?? 30));
    this.baseLevel = this.chooseLevel();
  }

  /** Levels per wide numeric parameter of the first grid. */
  get level(): number {
    return this.baseLevel;
  }

  /** Number of points of the grid with L levels per wide numeric parameter. */
  gridSize(level: number): number {
    return this.valuesAt(level).reduce((n, v) => n * v.length, 1);
  }

  suggest(request: SuggestRequest): Suggestion[] {
    const picker = new DesignPicker(this.problem, this.options.seed, request.history, request.pending ?? []);
    const out: Suggestion[] = [];
    for (let level = this.baseLevel; level < this.baseLevel + MAX_REFINEMENTS && out.length < request.q; level++) {
      const plan = this.plan(level);
      for (let k = 0; k < plan.size && out.length < request.q; k++) {
        const params = this.pointOf(plan, plan.at(k));
        if (!satisfiesKnownConstraints(this.problem, params)) continue;
        if (picker.take(params)) out.push({ params, source: 'grid' });
      }
      if (!this.refinable(level)) break;
    }
    return out;
  }

  /** The level whose grid size is nearest the budget on a log scale (ties: the smaller grid). */
  private chooseLevel(): number {
    let best = 1;
    let bestGap = Math.abs(Math.log(this.gridSize(1) / this.budget));
    for (let level = 2; this.refinable(level - 1); level++) {
      const size = this.gridSize(level);
      const gap = Math.abs(Math.log(size / this.budget));
      if (gap < bestGap - 1e-12) {
        best = level;
        bestGap = gap;
      }
      if (size > this.budget) break;
    }
    return best;
  }

  /** True when the grid with level + 1 levels differs from this one (some numeric parameter has room). */
  private refinable(level: number): boolean {
    const { space } = this.problem;
    for (let i = 0; i < space.dim; i++) if (!space.isCategorical(i) && space.cardinality(i) > level) return true;
    return false;
  }

  private valuesAt(level: number): ParamValue[][] {
    const { space } = this.problem;
    return space.names.map((_, i) => {
      const card = space.cardinality(i);
      if (space.isCategorical(i) || card <= level) return space.values(i);
      const u = new Array<number>(space.dim).fill(0.5);
      const seen = new Set<string>();
      const values: ParamValue[] = [];
      for (let k = 0; k < level; k++) {
        u[i] = (k + 0.5) / level;
        const v = space.decode(u)[space.names[i]];
        if (!seen.has(String(v))) {
          seen.add(String(v));
          values.push(v);
        }
      }
      return values;
    });
  }

  private plan(level: number): GridPlan {
    const cached = this.plans.get(level);
    if (cached) return cached;
    const values = this.valuesAt(level);
    const size = values.reduce((n, v) => n * v.length, 1);
    const rng = new Rng(this.options.seed, level, 0x9e1d);
    const plan: GridPlan = { values, size, at: size <= MAX_SHUFFLED ? shuffledOrder(size, rng) : affineOrder(size, rng) };
    this.plans.set(level, plan);
    return plan;
  }

  private pointOf(plan: GridPlan, index: number): Params {
    const params: Params = {};
    let rest = index;
    this.problem.space.names.forEach((name, i) => {
      const vals = plan.values[i];
      params[name] = vals[rest % vals.length];
      rest = Math.floor(rest / vals.length);
    });
    return params;
  }
}

function shuffledOrder(size: number, rng: Rng): (k: number) => number {
  const order = rng.shuffle(Array.from({ length: size }, (_, i) => i));
  return (k) => order[k];
}

/** k -> (a·k + b) mod size with gcd(a, size) = 1: a bijection without materialising huge grids. */
function affineOrder(size: number, rng: Rng): (k: number) => number {
  const n = BigInt(size);
  let a = BigInt(1 + rng.int(size - 1));
  while (gcd(a, n) !== 1n) a = (a % (n - 1n)) + 1n;
  const b = BigInt(rng.int(size));
  return (k) => Number((a * BigInt(k) + b) % n);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
