// A steady-state genetic algorithm, the SCOOT paper's GA baseline. The population is the best
// `populationSize` observations so far (NSGA-II's ordering: non-dominated rank, then crowding
// distance, so one objective and several are handled alike; infeasible results rank last). Each
// suggestion is one child: two binary tournaments pick the parents, bounded SBX (uniform crossover
// on categorical parameters) and polynomial mutation act on the unit-cube encoding, and the child is
// decoded to the space's grid. Children that break a known constraint or repeat a configuration are
// redrawn, up to a cap; then a Sobol point fills in. The initial population is the Sobol design.

import { crowdingDistance, nonDominatedSort } from '../pareto.js';
import { satisfiesKnownConstraints, type OptimizationProblem } from '../problem.js';
import { polynomialMutation, simulatedBinaryCrossover } from '../nsga2-operators.js';
import { Rng } from '../rng.js';
import type { Observation, Params, Suggester, SuggestRequest, Suggestion } from '../types.js';
import { DesignPicker, initialDesignSize } from './design-picker.js';

export interface GaOptions {
  seed: number;
  /** Size of the Sobol initial population and of the parent pool (default max(10, design size)). */
  populationSize?: number;
  /** Probability that a pair of parents is recombined at all (default 0.9). */
  crossoverRate?: number;
  /** SBX distribution index (default 15) and polynomial-mutation index (default 20), as in NSGA-II. */
  crossoverEta?: number;
  mutationEta?: number;
  /** Breeding attempts per child before falling back to a Sobol point (default 50). */
  maxAttempts?: number;
}

/** Place of an observation in the parent pool: lower rank first, then larger crowding distance. */
interface Member {
  x: number[];
  rank: number;
  crowding: number;
}

export class GeneticSuggester implements Suggester {
  readonly name = 'ga';
  readonly populationSize: number;
  private readonly categorical: boolean[];

  constructor(
    private readonly problem: OptimizationProblem,
    private readonly options: GaOptions,
  ) {
    this.populationSize = Math.max(2, options.populationSize ?? Math.max(10, initialDesignSize(problem)));
    this.categorical = problem.space.names.map((_, i) => problem.space.isCategorical(i));
  }

  suggest(request: SuggestRequest): Suggestion[] {
    const { history, q } = request;
    const pending = request.pending ?? [];
    const picker = new DesignPicker(this.problem, this.options.seed, history, pending);
    const out: Suggestion[] = [];
    const designLeft = Math.max(0, this.populationSize - history.length - pending.length);
    for (const params of picker.sobol(Math.min(q, designLeft))) out.push({ params, source: 'sobol' });
    if (out.length >= q) return out;

    const pool = this.parentPool(history);
    const feasibleParents = pool.filter((m) => Number.isFinite(m.rank)).length;
    const rng = new Rng(this.options.seed, history.length, pending.length, 0x6a);
    while (out.length < q) {
      const child = feasibleParents >= 2 ? this.breed(pool, rng, picker) : undefined;
      if (child) {
        out.push({ params: child, source: 'ga' });
        continue;
      }
      const [fill] = picker.sobol(1);
      if (!fill) break; // the space is exhausted
      out.push({ params: fill, source: 'fill' });
    }
    return out;
  }

  /** The best populationSize observations, ranked; infeasible ones get rank Infinity. */
  parentPool(history: readonly Observation[]): Member[] {
    const { space } = this.problem;
    const feasible = history.filter((o) => o.feasible && o.objectives && o.objectives.length > 0);
    const points = feasible.map((o) => [...(o.objectives ?? [])]);
    const members: Member[] = [];
    for (const [rank, front] of nonDominatedSort(points).entries()) {
      const crowding = crowdingDistance(points, front);
      front.forEach((idx, k) => members.push({ x: space.encode(feasible[idx].params), rank, crowding: crowding[k] }));
    }
    const ranked = new Set(feasible);
    for (const o of history) if (!ranked.has(o)) members.push({ x: space.encode(o.params), rank: Infinity, crowding: 0 });
    // Stable sort: ties keep history order, so the pool is a function of the history alone.
    members.sort((a, b) => (a.rank === b.rank ? b.crowding - a.crowding : a.rank < b.rank ? -1 : 1));
    return members.slice(0, this.populationSize);
  }

  private breed(pool: readonly Member[], rng: Rng, picker: DesignPicker): Params | undefined {
    const { space } = this.problem;
    const d = space.dim;
    const attempts = this.options.maxAttempts ?? 50;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const a = [...tournament(pool, rng).x];
      const b = [...tournament(pool, rng).x];
      if (rng.uniform() < (this.options.crossoverRate ?? 0.9)) {
        simulatedBinaryCrossover(a, b, this.options.crossoverEta ?? 15, 0.5, rng, this.categorical);
      }
      const child = rng.uniform() < 0.5 ? a : b;
      polynomialMutation(child, this.options.mutationEta ?? 20, 1 / d, rng, this.categorical);
      const params = space.decode(child);
      if (satisfiesKnownConstraints(this.problem, params) && picker.take(params)) return params;
    }
    return undefined;
  }
}

/** Binary tournament: the lower rank wins, then the less crowded, then the first drawn. */
function tournament(pool: readonly Member[], rng: Rng): Member {
  const a = pool[rng.int(pool.length)];
  const b = pool[rng.int(pool.length)];
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  return b.crowding > a.crowding ? b : a;
}
