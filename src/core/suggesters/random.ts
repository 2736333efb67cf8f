// Random search as the SCOOT paper's baseline RD: scrambled Sobol points, uniformly spread over the
// space, that satisfy the known constraints and were not evaluated or pending. The sequence is the
// same one SCOOT's initial design draws (same seed), so both start from identical points; a call
// walks it from the start and skips what is taken, so a resumed run continues without repeats.

import type { OptimizationProblem } from '../problem.js';
import type { Suggester, SuggestRequest, Suggestion } from '../types.js';
import { DesignPicker } from './design-picker.js';

export interface RandomOptions {
  seed: number;
}

export class RandomSuggester implements Suggester {
  readonly name = 'random';

  constructor(
    private readonly problem: OptimizationProblem,
    private readonly options: RandomOptions,
  ) {}

  /** Fewer than q suggestions only when the (finite) space has no untaken admissible point left. */
  suggest(request: SuggestRequest): Suggestion[] {
    const picker = new DesignPicker(this.problem, this.options.seed, request.history, request.pending ?? []);
    return picker.sobol(request.q).map((params) => ({ params, source: 'random' as const }));
  }
}
