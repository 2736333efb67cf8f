// An evaluation is `ok` only with every objective and SLO metric present and finite, and with no
// negative value of a metric that cannot be negative (times, rates). A `command` benchmark that prints
// "ttft_men" or the string "NaN" would otherwise be recorded ok with nothing to compare, and the whole
// budget would burn without a best. When the default (first) configuration already lacks a metric, the
// benchmark or the config is wrong for every configuration: the study stops at once and says which
// metric and what the benchmark printed. A later trial that lacks one is an error with that reason.

import { metricFacts } from '../protocol/metrics.js';
import type { Metrics, ObjectiveSpec, SloSpec } from '../protocol/study.js';
import type { TrialOutcome } from '../runner/types.js';

/** Metrics SCOOT measures itself are all times, rates or fractions; for a benchmark's own names, the words say. */
export function cannotBeNegative(metric: string): boolean {
  return metricFacts(metric).nonNegative;
}

/** Where each required metric comes from in the config, for the message. */
function requiredMetrics(objectives: readonly ObjectiveSpec[], slo: SloSpec): { metric: string; field: string }[] {
  const out = objectives.map((o, i) => ({ metric: o.metric, field: `objectives[${i}].metric` }));
  for (const name of Object.keys(slo)) if (!out.some((r) => r.metric === name)) out.push({ metric: name, field: `slo.${name}` });
  return out;
}

/** Why `metrics` cannot be recorded as an ok trial, or undefined when they can. */
export function metricsProblem(metrics: Metrics | undefined, objectives: readonly ObjectiveSpec[], slo: SloSpec): string | undefined {
  for (const { metric, field } of requiredMetrics(objectives, slo)) {
    const value = metrics?.[metric];
    if (value === undefined) return `no "${metric}" metric (${field}) in the results`;
    if (!Number.isFinite(value)) return `"${metric}" (${field}) is ${value}, not a finite number`;
  }
  for (const [name, value] of Object.entries(metrics ?? {})) {
    if (value < 0 && cannotBeNegative(name)) return `"${name}" is ${value}, but a time or rate cannot be negative`;
  }
  return undefined;
}

export interface CheckedOutcome {
  outcome: TrialOutcome;
  /** Set when the default configuration's results are unusable: the study stops with this message. */
  setupError?: string;
}

/**
 * Turns an `ok` outcome with unusable metrics, or a benchmark that ended well but printed no metrics
 * at all, into an error — or, for the default trial, into a set-up error.
 */
export function checkOutcomeMetrics(outcome: TrialOutcome, isDefault: boolean, objectives: readonly ObjectiveSpec[], slo: SloSpec): CheckedOutcome {
  const printedNone = outcome.reasonCode === 'no-metrics';
  if (outcome.status !== 'ok' && !printedNone) return { outcome };
  const problem = metricsProblem(printedNone ? undefined : outcome.metrics, objectives, slo);
  if (!problem) return { outcome };
  const printed = outcome.printed ?? (printedNone ? 'nothing on stdout' : JSON.stringify(outcome.metrics ?? {}));
  if (isDefault) {
    return { outcome, setupError: `the default configuration's evaluation gave ${problem}; it printed: ${printed}. Fix the benchmark's output or the metric names in the config` };
  }
  const { metrics: _metrics, printed: _printed, ...rest } = outcome;
  return { outcome: { ...rest, status: 'error', reason: `${problem} (printed: ${printed})`, reasonCode: 'bad-metrics', ...(outcome.metrics ? { metrics: outcome.metrics } : {}) } };
}
