// SCOOT (docs/ARCHITECTURE.md §1, method): a Sobol initial design; then GP surrogates on the feasible observations, a
// random forest for the probability of feasibility, MACE for one objective and EHVI for several,
// all under the known constraints and POF >= δ; Sobol fill-in when the solver yields too few.

import { ucbKappa } from '../acquisition.js';
import { pofThreshold } from '../pof-threshold.js';
import type { OptimizationProblem } from '../problem.js';
import { Rng } from '../rng.js';
import type { Observation, Suggester, SuggestRequest, Suggestion } from '../types.js';
import { startBatch } from './batch-start.js';
import { ehviBatch } from './ehvi-search.js';
import { maceParetoSet } from './mace.js';
import type { DesignPicker } from './design-picker.js';
import { fitSurrogates, scootSurrogateOptions, type Surrogates } from './surrogates.js';
import { referencePoint } from './reference-point.js';

export interface ScootOptions {
  seed: number;
  /** NSGA-II population and generations of the acquisition solver (HEBO's defaults: 100 × 100). */
  populationSize?: number;
  generations?: number;
}

export class ScootSuggester implements Suggester {
  readonly name = 'scoot';

  constructor(
    private readonly problem: OptimizationProblem,
    private readonly options: ScootOptions,
  ) {}

  suggest(request: SuggestRequest): Suggestion[] {
    const { problem } = this;
    const history = request.history;
    const pending = request.pending ?? [];
    const { rng, picker, out, wanted } = startBatch(problem, this.options.seed, request);
    if (wanted === 0) return out;

    const delta = pofThreshold(history);
    const surrogates = this.withPendingFantasies(
      fitSurrogates(problem, history, scootSurrogateOptions(problem, this.options.seed)),
      [...pending.map((p) => problem.space.encode(p)), ...out.map((s) => problem.space.encode(s.params))],
    );
    const chosen = problem.objectives === 1
      ? this.pickFromMace(surrogates, delta, history.length, wanted, rng, picker)
      : ehviBatch({
          problem,
          surrogates,
          reference: referencePoint(problem, history),
          delta,
          rng,
          q: wanted,
          isTaken: (x) => picker.isTaken(x),
          front: 'posterior-mean',
          populationSize: this.options.populationSize,
          generations: this.options.generations,
        });
    const warnings = surrogates.warnings.length > 0 ? { warnings: surrogates.warnings } : {};
    for (const x of chosen) {
      const params = problem.space.decode(x);
      if (picker.take(params)) out.push({ params, source: 'bo', pofThreshold: delta, ...warnings });
    }
    // The solver can come back short (tiny discrete spaces, a δ nothing satisfies): Sobol fills the gap.
    // Points the forest trusts come first; if it trusts none (early on, a crash-heavy design), a
    // suggestion is still better than none: the forest only learns from what gets evaluated.
    const pof = (params: Observation['params']) => surrogates.pof.predict(problem.space.encode(params)) >= delta;
    for (const params of picker.sobol(request.q - out.length, pof)) out.push({ params, source: 'fill', pofThreshold: delta });
    for (const params of picker.sobol(request.q - out.length)) out.push({ params, source: 'fill', pofThreshold: delta });
    return out;
  }

  /** Points being evaluated are believed to come out at their posterior mean, so the batch spreads out. */
  private withPendingFantasies(s: Surrogates, pendingX: number[][]): Surrogates {
    if (pendingX.length === 0) return s;
    const objectives = s.objectives.map((gp) => gp.conditionOn(pendingX, Array.from(gp.predict(pendingX).mean)));
    return { ...s, objectives };
  }

  private pickFromMace(s: Surrogates, delta: number, observations: number, q: number, rng: Rng, picker: DesignPicker): number[][] {
    const kappa = ucbKappa(observations, q, this.problem.space.dim);
    const { candidates, mean } = maceParetoSet({
      problem: this.problem,
      surrogates: s,
      delta,
      kappa,
      rng,
      populationSize: this.options.populationSize,
      generations: this.options.generations,
    });
    const fresh = candidates.map((x, i) => ({ x, mean: mean[i] })).filter((c) => !picker.isTaken(c.x));
    const chosen: number[][] = [];
    // With a batch, HEBO always spends one slot on the best posterior mean: pure exploitation.
    if (q > 1 && fresh.length > 0) {
      const best = fresh.reduce((a, b) => (b.mean < a.mean ? b : a));
      chosen.push(best.x);
      fresh.splice(fresh.indexOf(best), 1);
    }
    rng.shuffle(fresh);
    for (const c of fresh) {
      if (chosen.length >= q) break;
      chosen.push(c.x);
    }
    return chosen;
  }
}
