// Where a trial record stands: whether it may be chosen or shape the Pareto set, and if not, why. The
// study's summary.json and the panel classify records with these functions and nothing else, so they
// cannot disagree on which trials are feasible.

import { sloViolations, type SloSpec } from './slo.js';
import type { ObjectiveSpec, TrialRecord } from './study.js';

/**
 * - candidate: ran to the end, meets every SLO and the known constraints, reports every objective;
 * - failed: infeasible or error (no usable metrics);
 * - stopped-early: its metrics are bounds on the optimistic side of the truth, so it is never chosen
 *   nor on the front (the early-stop rules stop only trials that could not have been);
 * - violates-constraints: the default measured as the baseline although it breaks a known constraint;
 * - violates-slo: misses an SLO bound, or lacks an SLO metric (nothing shows it meets the bound);
 * - incomplete: lacks an objective's value.
 */
export type TrialStanding = 'candidate' | 'failed' | 'stopped-early' | 'violates-constraints' | 'violates-slo' | 'incomplete';

/** Robustness re-tests repeat a configuration already tried: they count for the worst case, never as a new point. */
export function isTuningTrial(record: Pick<TrialRecord, 'source'>): boolean {
  return record.source !== 'robustness';
}

/** The record's standing on its own (a re-test too); `objectives` omitted: objective values are not checked. */
export function trialStanding(record: TrialRecord, slo: SloSpec | undefined, objectives?: readonly ObjectiveSpec[]): TrialStanding {
  if (record.status !== 'ok') return 'failed';
  if (record.earlyStop) return 'stopped-early';
  if (record.violatesConstraints?.length) return 'violates-constraints';
  if (sloViolations(slo, record.metrics).length > 0) return 'violates-slo';
  if (objectives?.some((o) => !Number.isFinite(record.metrics?.[o.metric] ?? NaN))) return 'incomplete';
  return 'candidate';
}

/** A tuning trial that may be chosen and may shape the Pareto set. */
export function isCandidate(record: TrialRecord, objectives: readonly ObjectiveSpec[], slo: SloSpec | undefined): boolean {
  return isTuningTrial(record) && trialStanding(record, slo, objectives) === 'candidate';
}
