// A study that is not running, as the panel draws it: read back from its folder (the frozen config,
// observations.jsonl and summary.json), so the panel shows results after a reload or a restart.

import type { ParameterInfo, ParamValue, StudySnapshot } from '../../protocol/study.js';
import type { StudyOnDisk } from '../config/study-files.js';
import { isTuningTrial } from '../../protocol/trial-standing.js';

/**
 * The tuned parameters: parameters.json, which the study writes when it starts. A folder from before
 * it existed gets a list read off its trials (each parameter's observed range or values; values held
 * fixed by the frozen config are left out), never a preset resolved again: the preset may have changed
 * since.
 */
function parametersOf(study: StudyOnDisk): ParameterInfo[] {
  if (study.parameters) return study.parameters;
  const fixed = new Set(Object.keys(study.config?.fixed ?? {}));
  const seen = new Map<string, ParamValue[]>();
  for (const r of study.records) {
    for (const [name, v] of Object.entries(r.params)) if (!fixed.has(name)) seen.set(name, [...(seen.get(name) ?? []), v]);
  }
  return [...seen].map(([name, values]): ParameterInfo => {
    if (values.every((v) => typeof v === 'boolean')) return { name, type: 'bool' };
    if (values.every((v) => typeof v === 'number')) {
      const xs = values as number[];
      return { name, type: xs.every(Number.isInteger) ? 'int' : 'float', min: Math.min(...xs), max: Math.max(...xs) };
    }
    return { name, type: 'enum', values: [...new Set(values.map((v) => (typeof v === 'number' ? v : String(v))))] };
  });
}

export function snapshotFromDisk(study: StudyOnDisk): StudySnapshot | undefined {
  const { summary, config } = study;
  if (!summary || !config) return undefined;
  const tuning = study.records.filter(isTuningTrial).length;
  return {
    study: summary.study,
    studyDir: study.dir,
    engine: summary.engine,
    // A study that converged (budget.convergence) ended on its own before the budget, as its run reported.
    status: tuning >= summary.budget || summary.converged ? 'finished' : 'stopped',
    objectives: summary.objectives,
    slo: summary.slo ?? config.slo ?? {},
    parameters: parametersOf(study),
    budget: summary.budget,
    parallel: config.budget.parallel ?? 1,
    trials: study.records,
    running: [],
    summary,
    elapsedSeconds: summary.wallSeconds,
  };
}
