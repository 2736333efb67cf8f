// How the panel classifies and reads a trial record: one place for "is this feasible", "what is its
// reason code", "how long did it take", so every chart, the table and the exports agree.
import type { ObjectiveSpec, SloSpec, TrialRecord } from '../../src/protocol/study.js';
import { sloViolations } from './slo.js';

/**
 * feasible: ran and meets every SLO; slo-violation: ran but misses an SLO; stopped-early: its stress
 * test was stopped once it could no longer matter, so its metrics are bounds (never best, never on the
 * front); infeasible: the configuration failed; error: the evaluation itself failed.
 */
export type TrialClass = 'feasible' | 'slo-violation' | 'stopped-early' | 'infeasible' | 'error';

export function classifyTrial(trial: TrialRecord, slo: SloSpec): TrialClass {
  if (trial.status === 'infeasible') return 'infeasible';
  if (trial.status === 'error') return 'error';
  if (trial.earlyStop) return 'stopped-early';
  return sloViolations(trial.metrics, slo).length > 0 ? 'slo-violation' : 'feasible';
}

/** "≥ " or "≤ " before a metric a stopped-early trial only bounds (the truth is at least as bad), else "". */
export function boundMark(trial: TrialRecord, metric: string): string {
  if (!trial.earlyStop?.censored.includes(metric)) return '';
  return /throughput|goodput/.test(metric) ? '≤ ' : '≥ ';
}

/** Failed trials (infeasible or error) go to the × lane; everything else has metrics to plot. */
export function isFailed(trial: TrialRecord): boolean {
  return trial.status !== 'ok';
}

/** Robustness re-tests re-measure a configuration already tried: they are shown but never count as a new best or a new front point. */
export function isSearchTrial(trial: TrialRecord): boolean {
  return trial.source !== 'robustness';
}

/** The reason class of a failed trial; older stores have only the free-text reason. */
export function reasonCodeOf(trial: TrialRecord): string {
  if (trial.reasonCode) return trial.reasonCode;
  return trial.status === 'error' ? 'error' : 'unspecified';
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

/** Trials that may enter the best-so-far and the Pareto front: search trials that ran, meet every SLO and report every objective. */
export function isFrontCandidate(trial: TrialRecord, objectives: readonly ObjectiveSpec[], slo: SloSpec): boolean {
  return isSearchTrial(trial) && classifyTrial(trial, slo) === 'feasible' && objectiveValues(trial, objectives) !== undefined;
}
