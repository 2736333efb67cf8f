// Store records → what the optimiser learns from. Robustness re-tests repeat a configuration already
// seen and are left out; parameters held fixed are stripped (they are not part of the space).

import type { Observation, Params } from '../core/types.js';
import type { TrialRecord } from '../protocol/study.js';
import type { ProblemDefinition } from './problem-definition.js';
import type { ObjectiveSpec } from '../protocol/study.js';
import { toMinimization } from './objectives.js';

export function tunedParams(definition: ProblemDefinition, params: Params): Params {
  const out: Params = {};
  for (const name of Object.keys(definition.space)) if (name in params) out[name] = params[name];
  return out;
}

export function toObservation(definition: ProblemDefinition, objectives: readonly ObjectiveSpec[], record: TrialRecord): Observation {
  const y = record.status === 'ok' ? toMinimization(objectives, record.metrics) : undefined;
  const outcomes = definition.outcomeConstraints.map((c) => record.metrics?.[c.name] ?? NaN);
  return {
    params: tunedParams(definition, record.params),
    feasible: y !== undefined,
    ...(y ? { objectives: y, outcomes } : {}),
    source: record.source,
  };
}

export function optimizerHistory(definition: ProblemDefinition, objectives: readonly ObjectiveSpec[], records: readonly TrialRecord[]): Observation[] {
  return records.filter((r) => r.source !== 'robustness').map((r) => toObservation(definition, objectives, r));
}
