// The study's chosen configuration and Pareto set, by the optimiser's one recommendation rule
// (core/recommend.ts: posterior-mean estimates of the trials that met the SLOs and the known
// constraints), as trial numbers. Robustness re-tests, trials stopped early and a baseline outside the
// space are not candidates; the default configuration's estimate (or, outside the space, its measurement) is the
// hypervolume reference for choosing among several objectives.

import { recommend } from '../core/recommend.js';
import type { ObjectiveSpec, TrialRecord } from '../protocol/study.js';
import { historyRecords, optimizerHistory } from './history.js';
import { toMinimization } from './objectives.js';
import { buildProblem, type ProblemDefinition } from './problem-definition.js';

export interface StudyRecommendation {
  /** Trial to apply; undefined when no trial met the SLOs. */
  best?: number;
  /** Trials of the recommended trade-offs, ascending (one objective: just `best`). */
  pareto: number[];
}

export interface RecommendJob {
  definition: ProblemDefinition;
  objectives: ObjectiveSpec[];
  records: TrialRecord[];
  seed: number;
}

export function studyRecommendation(job: RecommendJob): StudyRecommendation {
  const tuning = historyRecords(job.definition, job.records);
  const history = optimizerHistory(job.definition, job.objectives, job.records);
  const defaultIndex = history.findIndex((o) => o.source === 'default' && o.feasible);
  const baseline = job.records.find((r) => r.source === 'default' && r.status === 'ok');
  const measured = baseline ? toMinimization(job.objectives, baseline.metrics) : undefined;
  const reference = defaultIndex >= 0 ? { observation: defaultIndex } : measured;
  // Trials stopped early inform the model (imputed) but are never chosen, as in summary.ts's candidatePoints.
  const excluded = tuning.flatMap((r, i) => (r.earlyStop ? [i] : []));
  const chosen = recommend(buildProblem(job.definition), history, { seed: job.seed, excluded, ...(reference ? { reference } : {}) });
  return {
    ...(chosen.best !== undefined ? { best: tuning[chosen.best].trial } : {}),
    pareto: chosen.pareto.map((i) => tuning[i].trial),
  };
}
