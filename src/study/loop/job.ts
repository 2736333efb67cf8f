// One configuration waiting for a slot: what the loop hands the evaluator, and what its record keeps.

import type { Params, TrialSource } from '../../protocol/study.js';

export interface Job {
  params: Params;
  source: TrialSource;
  /** The default's violated known constraints (it is still measured, as the baseline). */
  violates?: string[];
  /** SCOOT's POF threshold when the configuration was suggested. */
  pofThreshold?: number;
  /** Robustness re-tests: the trial re-tested and the arrival order it runs under. */
  retestOf?: number;
  arrivalSeed?: number;
}
