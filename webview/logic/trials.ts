// How the panel classifies and reads a trial record: one place for "is this feasible", "what is its
// reason code", "how long did it take", so every chart, the table and the exports agree. Whether a
// trial is feasible is the study's own rule (protocol/trial-standing.ts), so the panel and summary.json
// cannot disagree.
import { boundMark as metricBoundMark } from '../../src/protocol/metrics.js';
import { reasonCodeOf } from '../../src/protocol/reasons.js';
import type { ObjectiveSpec, SloSpec, TrialRecord } from '../../src/protocol/study.js';
import { isCandidate, isTuningTrial, trialStanding } from '../../src/protocol/trial-standing.js';

export { reasonCodeOf };

/**
 * feasible: ran and meets every SLO; slo-violation: ran but misses an SLO (or lacks an SLO metric);
 * outside-constraints: the default measured as the baseline although it breaks a known constraint;
 * stopped-early: its stress test was stopped once it could no longer matter, so its metrics are
 * bounds; infeasible: the configuration failed; error: the evaluation itself failed. Only feasible
 * trials are ever best or on the front.
 */
export type TrialClass = 'feasible' | 'slo-violation' | 'outside-constraints' | 'stopped-early' | 'infeasible' | 'error';

export function classifyTrial(trial: TrialRecord, slo: SloSpec): TrialClass {
  switch (trialStanding(trial, slo)) {
    case 'failed': return trial.status === 'error' ? 'error' : 'infeasible';
    case 'stopped-early': return 'stopped-early';
    case 'violates-constraints': return 'outside-constraints';
    case 'violates-slo': return 'slo-violation';
    default: return 'feasible';
  }
}

/** Ran to the end but may not be chosen: drawn hollow, as a miss. */
export function isMiss(cls: TrialClass): boolean {
  return cls === 'slo-violation' || cls === 'outside-constraints';
}

/** "≥ " or "≤ " before a metric a stopped-early trial only bounds (the truth is at least as bad), else "". */
export function boundMark(trial: TrialRecord, metric: string): string {
  return trial.earlyStop?.censored.includes(metric) ? metricBoundMark(metric) : '';
}

/** Failed trials (infeasible or error) go to the × lane; everything else has metrics to plot. */
export function isFailed(trial: TrialRecord): boolean {
  return trial.status !== 'ok';
}

/** Robustness re-tests re-measure a configuration already tried: they are shown but never count as a new best or a new front point. */
export function isSearchTrial(trial: TrialRecord): boolean {
  return isTuningTrial(trial);
}

/** Wall-clock seconds from start to end, or undefined when a timestamp is missing or unparsable. */
export function durationSeconds(trial: TrialRecord): number | undefined {
  const start = Date.parse(trial.startedAt);
  const end = Date.parse(trial.endedAt);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return undefined;
  return (end - start) / 1000;
}

export function metricValue(trial: TrialRecord, metric: string): number | undefined {
  const v = trial.metrics?.[metric];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** All objective values, or undefined when any is missing. */
export function objectiveValues(trial: TrialRecord, objectives: readonly ObjectiveSpec[]): number[] | undefined {
  const out: number[] = [];
  for (const o of objectives) {
    const v = metricValue(trial, o.metric);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** Trials that may enter the best-so-far and the Pareto front: the study's candidates (protocol/trial-standing.ts). */
export function isFrontCandidate(trial: TrialRecord, objectives: readonly ObjectiveSpec[], slo: SloSpec): boolean {
  return isCandidate(trial, objectives, slo);
}
