// Store records → what the optimiser learns from. Robustness re-tests repeat a configuration already
// seen and are left out; parameters held fixed are stripped (they are not part of the space). A baseline
// run as the bare base command (EnginePreset.baseline 'base-command') is no point of the space: it is
// left out too, and its objectives become the hypervolume reference point instead (withBaselineReference).

import type { Censoring, Observation, Params } from '../core/types.js';
import type { TrialRecord } from '../protocol/study.js';
import type { ProblemDefinition } from './problem-definition.js';
import type { ObjectiveSpec } from '../protocol/study.js';
import { toMinimization } from './objectives.js';
import { metricFacts } from '../protocol/metrics.js';

export function tunedParams(definition: ProblemDefinition, params: Params): Params {
  const out: Params = {};
  for (const name of Object.keys(definition.space)) if (name in params) out[name] = params[name];
  return out;
}

export function toObservation(definition: ProblemDefinition, objectives: readonly ObjectiveSpec[], record: TrialRecord): Observation {
  const y = record.status === 'ok' ? toMinimization(objectives, record.metrics) : undefined;
  const outcomes = definition.outcomeConstraints.map((c) => record.metrics?.[c.name] ?? NaN);
  const censored = y ? censoringOf(definition, objectives, record) : undefined;
  return {
    params: tunedParams(definition, record.params),
    feasible: y !== undefined,
    ...(y ? { objectives: y, outcomes } : {}),
    source: record.source,
    ...(censored ? { censored } : {}),
  };
}

/**
 * A trial stopped early has bounds for values: in minimisation space every censored objective is at
 * least as bad as recorded; an SLO metric lies above (latency) or below (throughput) its record.
 */
function censoringOf(definition: ProblemDefinition, objectives: readonly ObjectiveSpec[], record: TrialRecord): Censoring | undefined {
  const names = new Set(record.earlyStop?.censored ?? []);
  if (names.size === 0) return undefined;
  return {
    objectives: objectives.map((o) => names.has(o.metric)),
    outcomes: definition.outcomeConstraints.map((c) => (names.has(c.name) ? (metricFacts(c.name).censored ?? null) : null)),
  };
}

/** Whether params place a configuration in the space: a value for every tuned parameter. */
export function isSpacePoint(definition: ProblemDefinition, params: Params): boolean {
  return Object.keys(definition.space).every((name) => name in params);
}

/** The records the optimiser learns from, in order: optimizerHistory's observations are these. */
export function historyRecords(definition: ProblemDefinition, records: readonly TrialRecord[]): TrialRecord[] {
  return records.filter((r) => r.source !== 'robustness' && isSpacePoint(definition, r.params));
}

export function optimizerHistory(definition: ProblemDefinition, objectives: readonly ObjectiveSpec[], records: readonly TrialRecord[]): Observation[] {
  return historyRecords(definition, records).map((r) => toObservation(definition, objectives, r));
}

/**
 * The problem as the optimiser sees it. A default outside the space cannot be found in the history, so a
 * feasible one is handed over as the reference point (the Pareto set then reads "better than default",
 * as SCOOT's is). A failed one gives no reference: the suggester then takes the worst feasible value per
 * objective widened by 10% of the observed range (src/core/suggesters/reference-point.ts, BoTorch's
 * infer_reference_point rule), so improvement is still measured against the poorest working configuration.
 */
export function withBaselineReference(definition: ProblemDefinition, objectives: readonly ObjectiveSpec[], records: readonly TrialRecord[]): ProblemDefinition {
  if (definition.reference) return definition;
  const baseline = records.find((r) => r.source === 'default');
  if (!baseline || isSpacePoint(definition, baseline.params) || baseline.status !== 'ok') return definition;
  const y = toMinimization(objectives, baseline.metrics);
  return y && objectives.length > 1 ? { ...definition, reference: y } : definition;
}
