// The optimiser's vocabulary. Everything in src/core minimises: the study layer flips "max" goals.

export type ParamValue = number | boolean | string;
export type Params = Record<string, ParamValue>;

export interface IntParam {
  type: 'int';
  min: number;
  max: number;
  log?: boolean;
  step?: number;
  default?: number;
  description?: string;
}
export interface FloatParam {
  type: 'float';
  min: number;
  max: number;
  log?: boolean;
  step?: number;
  default?: number;
  description?: string;
}
export interface EnumParam {
  type: 'enum';
  values: readonly (string | number)[];
  default?: string | number;
  description?: string;
}
export interface BoolParam {
  type: 'bool';
  default?: boolean;
  description?: string;
}
export type ParamSpec = IntParam | FloatParam | EnumParam | BoolParam;
export type SpaceSpec = Record<string, ParamSpec>;

/** Where a suggested configuration came from (the record's `source`, docs/ARCHITECTURE.md §4). */
export type SuggestionSource = 'default' | 'sobol' | 'bo' | 'fill' | 'robustness' | 'random' | 'ga' | 'grid';

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

/** Which side of a bound the true value lies: 'above' (it is at least the value) or 'below' (at most). */
export type CensorSide = 'above' | 'below';

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
