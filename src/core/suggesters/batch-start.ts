// The start SCOOT and vanilla BO share: the rest of the initial design first, then Sobol fill-in for as
// long as too few feasible observations exist to fit a GP. Whatever the batch still wants is the model's.

import type { OptimizationProblem } from '../problem.js';
import { Rng } from '../rng.js';
import type { SuggestRequest, Suggestion } from '../types.js';
import { DesignPicker, initialDesignRemaining } from './design-picker.js';
import { feasibleObservations } from './surrogates.js';

/** A GP needs at least this many feasible observations before BO takes over from Sobol. */
const MIN_FEASIBLE_FOR_MODEL = 2;

export interface BatchStart {
  /** Seeded by (seed, observations, pending), so a resumed study suggests what an unbroken one would. */
  rng: Rng;
  picker: DesignPicker;
  /** Design and fill-in suggestions already made. */
  out: Suggestion[];
  /** How many more the model should propose; 0 when the batch is complete or there is no model yet. */
  wanted: number;
}

export function startBatch(problem: OptimizationProblem, seed: number, request: SuggestRequest): BatchStart {
  const { history, q } = request;
  const pending = request.pending ?? [];
  const rng = new Rng(seed, history.length, pending.length);
  const picker = new DesignPicker(problem, seed, history, pending);
  const out: Suggestion[] = [];
  for (const params of picker.design(Math.min(q, initialDesignRemaining(problem, history, pending)))) out.push({ params, source: 'sobol' });
  if (out.length < q && feasibleObservations(history).length < MIN_FEASIBLE_FOR_MODEL) {
    for (const params of picker.sobol(q - out.length)) out.push({ params, source: 'fill' });
    return { rng, picker, out, wanted: 0 };
  }
  return { rng, picker, out, wanted: q - out.length };
}
