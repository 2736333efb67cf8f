// Vanilla BO, the paper's baseline: one GP per objective on every observation, with infeasible ones
// given a penalty value (the worst feasible value seen); the confidence bound for one objective and
// EHVI for several; known constraints respected, hidden ones not modelled.

import { ucbKappa, lowerConfidenceBound } from '../acquisition.js';
import { FeasibilityModel } from '../feasibility.js';
import { GaussianProcess } from '../gp/index.js';
import type { OptimizationProblem } from '../problem.js';
import type { Suggester, SuggestRequest, Suggestion } from '../types.js';
import { searchAcquisition } from './acquisition-search.js';
import { startBatch } from './batch-start.js';
import { ehviBatch } from './ehvi-search.js';
import { referencePoint } from './reference-point.js';
import { feasibleObservations, type Surrogates } from './surrogates.js';

export interface VanillaBoOptions {
  seed: number;
  populationSize?: number;
  generations?: number;
}

export class VanillaBoSuggester implements Suggester {
  readonly name = 'vbo';

  constructor(
    private readonly problem: OptimizationProblem,
    private readonly options: VanillaBoOptions,
  ) {}

  suggest(request: SuggestRequest): Suggestion[] {
    const { problem } = this;
    const { space } = problem;
    const history = request.history;
    const { rng, picker, out, wanted } = startBatch(problem, this.options.seed, request);
    if (wanted === 0) return out;
    const feasible = feasibleObservations(history);

    const penalty = Array.from({ length: problem.objectives }, (_, k) => Math.max(...feasible.map((o) => (o.objectives as readonly number[])[k])));
    const X = history.map((o) => space.encode(o.params));
    const Y = history.map((o) => (o.feasible && o.objectives ? [...o.objectives] : [...penalty]));
    const objectives = penalty.map((_, k) =>
      GaussianProcess.fit(X, Y.map((row) => row[k]), { seed: this.options.seed * 7919 + k, outputTransform: 'standardize', warp: false }),
    );
    const noHiddenModel = FeasibilityModel.fit([], []);
    let chosen: number[][];
    if (problem.objectives === 1) {
      const gp = objectives[0];
      const kappa = ucbKappa(history.length, request.q, space.dim);
      const order = X.map((_, i) => i).sort((a, b) => Y[a][0] - Y[b][0]);
      chosen = [];
      for (let pick = 0; pick < wanted; pick++) {
        const result = searchAcquisition({
          problem,
          pof: noHiddenModel,
          delta: 0,
          rng,
          seeds: order.map((i) => X[i]),
          objectives: 1,
          evaluate: (candidates) => {
            const { mean, variance } = gp.predict(candidates);
            return candidates.map((x, i) =>
              picker.isTaken(x) || chosen.some((c) => c.every((v, j) => v === x[j])) ? [Infinity] : [lowerConfidenceBound(mean[i], Math.sqrt(variance[i]), kappa)],
            );
          },
          populationSize: this.options.populationSize,
          generations: this.options.generations,
        });
        const best = result.x.find((x, i) => Number.isFinite(result.f[i][0]) && result.violation[i] === 0);
        if (!best) break;
        chosen.push(best);
      }
    } else {
      const surrogates: Surrogates = { X, Y, meetsSlos: X.map(() => true), objectives, outcomes: [], pof: noHiddenModel, warnings: [] };
      chosen = ehviBatch({
        problem,
        surrogates,
        reference: referencePoint(problem, history),
        delta: 0,
        rng,
        q: wanted,
        isTaken: (x) => picker.isTaken(x),
        populationSize: this.options.populationSize,
        generations: this.options.generations,
      });
    }
    const warnings = objectives.flatMap((gp) => (gp.fitWarning ? [gp.fitWarning] : []));
    for (const x of chosen) {
      const params = space.decode(x);
      if (picker.take(params)) out.push({ params, source: 'bo', ...(warnings.length > 0 ? { warnings } : {}) });
    }
    for (const params of picker.sobol(request.q - out.length)) out.push({ params, source: 'fill' });
    return out;
  }
}
