// The optimiser's vocabulary. Everything in src/core minimises: the study layer flips "max" goals.

// Parameters, trial sources and censoring sides are the project's vocabulary (src/protocol), shared
// with every layer and the panel.
export type { BoolParam, EnumParam, FloatParam, IntParam, ParamSpec, ParamValue, Params, SpaceSpec } from '../protocol/params.js';
export type { CensorSide } from '../protocol/metrics.js';
import type { Params } from '../protocol/params.js';
import type { CensorSide } from '../protocol/metrics.js';
import type { TrialSource } from '../protocol/study.js';

/** Where a suggested configuration came from: the trial's `source` (protocol/study.ts). */
export type SuggestionSource = TrialSource;

/** One finished evaluation as the optimiser sees it. */
export interface Observation {
  params: Params;
  /** false for crashes, failed starts, failed requests: the hidden constraints. */
  feasible: boolean;
  /** Objective values oriented for minimisation; present when feasible. */
  objectives?: readonly number[];
  /** Values of the outcome-constrained metrics, in Problem.outcomeConstraints order; present when feasible. */
  outcomes?: readonly number[];
  source?: SuggestionSource;
  /** Values that are bounds, not measurements (an evaluation stopped early); see censored.ts. */
  censored?: Censoring;
}

export interface Censoring {
  /** Per objective: the true value is at least the one given (minimisation space: at least as bad). */
  objectives?: readonly boolean[];
  /** Per outcome constraint: where the true value lies relative to the one given, when it is a bound. */
  outcomes?: readonly (CensorSide | null)[];
}

/** An SLO on a measured metric, e.g. ttft_p99 <= 2000. Bounds are inclusive. */
export interface OutcomeConstraint {
  name: string;
  upper?: number;
  lower?: number;
}

export interface Suggestion {
  params: Params;
  source: SuggestionSource;
  /** The POF threshold δ in force when this point was chosen (SCOOT only). */
  pofThreshold?: number;
  /** Problems met while modelling, for the study's log (e.g. a GP fit that fell back to its prior). */
  warnings?: readonly string[];
}

export interface SuggestRequest {
  /** Finished evaluations in the order they finished. */
  history: readonly Observation[];
  /** Configurations being evaluated right now (asynchronous parallelism): never suggested again. */
  pending?: readonly Params[];
  /** How many configurations to return. */
  q: number;
}

/** Every suggester (SCOOT and the baselines) sits behind this one interface. */
export interface Suggester {
  readonly name: string;
  /**
   * Deterministic: the same problem, seed and request give the same suggestions, so a resumed study
   * continues exactly as an uninterrupted one would.
   */
  suggest(request: SuggestRequest): Suggestion[];
}

/** A known constraint as suggesters use it (src/core/constraints.ts parses them from text). */
export interface KnownConstraint {
  readonly source: string;
  test(params: Params): boolean;
  /** 0 when satisfied, > 0 otherwise, growing with the size of the violation. */
  violation(params: Params): number;
}
