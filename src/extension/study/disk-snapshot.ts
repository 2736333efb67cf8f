// A study that is not running, as the panel draws it: read back from its folder (the frozen config,
// observations.jsonl and summary.json), so the panel shows results after a reload or a restart.

import { getPreset } from '../../engines/registry.js';
import type { ParameterInfo, StudySnapshot } from '../../protocol/study.js';
import type { StudyOnDisk } from '../config/study-files.js';

function parametersOf(study: StudyOnDisk): ParameterInfo[] {
  const config = study.config;
  if (!config) return [];
  let space: Record<string, ParameterInfo> = {};
  try {
    const preset = getPreset(config.engine.type, config.engine.version);
    for (const [name, s] of Object.entries(preset.space({ gpusPerTrial: config.engine.gpusPerTrial ?? 1 }))) space[name] = toInfo(name, s);
  } catch {
    space = {};
  }
  for (const [name, s] of Object.entries(config.parameters ?? {})) {
    if (s === false) delete space[name];
    else space[name] = toInfo(name, s);
  }
  for (const name of Object.keys(config.fixed ?? {})) delete space[name];
  return Object.values(space);
}

function toInfo(name: string, s: { type: string; min?: number; max?: number; log?: boolean; values?: readonly (string | number)[] }): ParameterInfo {
  if (s.type === 'enum') return { name, type: 'enum', values: s.values ?? [] };
  if (s.type === 'bool') return { name, type: 'bool' };
  return { name, type: s.type === 'int' ? 'int' : 'float', ...(s.min !== undefined ? { min: s.min } : {}), ...(s.max !== undefined ? { max: s.max } : {}), ...(s.log ? { log: true } : {}) };
}

export function snapshotFromDisk(study: StudyOnDisk): StudySnapshot | undefined {
  const { summary, config } = study;
  if (!summary || !config) return undefined;
  const tuning = study.records.filter((r) => r.source !== 'robustness').length;
  return {
    study: summary.study,
    studyDir: study.dir,
    engine: summary.engine,
    status: tuning >= summary.budget ? 'finished' : 'stopped',
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
