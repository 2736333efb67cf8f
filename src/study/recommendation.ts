// The study's chosen configuration and Pareto set, by the optimiser's one recommendation rule
// (core/recommend.ts: posterior-mean estimates), as trial numbers. Which trials may be chosen is the
// study's own rule (protocol/trial-standing.ts), the one summary.json and the panel use: robustness
// re-tests, trials stopped early, trials that miss an SLO (or lack its metric) or a known constraint
// are not candidates, nor is a baseline outside the space. The default configuration's estimate (or,
// outside the space, its measurement) is the hypervolume reference for choosing among several objectives.

import { recommend } from '../core/recommend.js';
import type { ObjectiveSpec, SloSpec, TrialRecord } from '../protocol/study.js';
import { isCandidate } from '../protocol/trial-standing.js';
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
  const slo = sloOf(job.definition);
  const excluded = tuning.flatMap((r, i) => (isCandidate(r, job.objectives, slo) ? [] : [i]));
  const chosen = recommend(buildProblem(job.definition), history, { seed: job.seed, excluded, ...(reference ? { reference } : {}) });
  return {
    ...(chosen.best !== undefined ? { best: tuning[chosen.best].trial } : {}),
    pareto: chosen.pareto.map((i) => tuning[i].trial),
  };
}

/** The SLO as the problem holds it (its outcome constraints, made from the config's slo). */
function sloOf(definition: ProblemDefinition): SloSpec {
  return Object.fromEntries(definition.outcomeConstraints.map((c) => [c.name, { ...(c.upper !== undefined ? { max: c.upper } : {}), ...(c.lower !== undefined ? { min: c.lower } : {}) }]));
}
