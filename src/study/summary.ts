// summary.json from the observations: the default, the Pareto set and the chosen ("best")
// configuration among trials that met the SLOs, and the worst case of each robustness re-test.
// The choice is the optimiser's recommendation rule (core/recommend.ts): the study loop passes it in,
// computed from posterior-mean estimates off the event loop (recommendation.ts); without it (a
// summary drawn from records alone) the same core choice runs on the measured values.

import { chooseRecommendation } from '../core/recommend.js';
import type { ConfigPoint, ConvergenceInfo, DefaultComparison, Metrics, ObjectiveSpec, RobustnessResult, SloSpec, StudySummary, TrialRecord } from '../protocol/study.js';
import { toMinimization } from './objectives.js';
import { worse } from '../protocol/metrics.js';
import { meetsSlo } from '../protocol/slo.js';
import { isCandidate, isTuningTrial } from '../protocol/trial-standing.js';
import { compareWithDefault, comparedMetricNames } from './default-comparison.js';
import type { StudyRecommendation } from './recommendation.js';

export interface SummaryInput {
  study: string;
  engine: string;
  objectives: ObjectiveSpec[];
  slo?: SloSpec;
  budget: number;
  records: readonly TrialRecord[];
  wallSeconds: number;
  suggestSeconds: number;
  converged?: ConvergenceInfo;
  /** The study loop's recommendation (trial numbers); when absent, chosen on the measurements. */
  recommendation?: StudyRecommendation;
}

const point = (r: TrialRecord): ConfigPoint => ({ trial: r.trial, params: r.params, metrics: r.metrics ?? {} });

/**
 * Tuning trials that may be chosen (protocol/trial-standing.ts: ran to the end, met every SLO and the
 * known constraints), with their objective vectors (minimisation space). A trial stopped early is
 * never one: its metrics are bounds on the optimistic side of the truth.
 */
export function candidatePoints(records: readonly TrialRecord[], objectives: readonly ObjectiveSpec[], slo: SloSpec | undefined): { record: TrialRecord; y: number[] }[] {
  return records.flatMap((record) => {
    if (!isCandidate(record, objectives, slo)) return [];
    const y = toMinimization(objectives, record.metrics);
    return y ? [{ record, y }] : [];
  });
}

/** The recommendation rule (core/recommend.ts) on measured values: for summaries made from records alone. */
export function recommendFromMeasurements(candidates: readonly { record: TrialRecord; y: number[] }[], reference: readonly number[] | undefined): StudyRecommendation {
  const chosen = chooseRecommendation(candidates.map((c) => c.y), reference);
  return {
    ...(chosen.best !== undefined ? { best: candidates[chosen.best].record.trial } : {}),
    pareto: chosen.pareto.map((i) => candidates[i].record.trial).sort((a, b) => a - b),
  };
}

export function robustnessResults(records: readonly TrialRecord[], slo: SloSpec | undefined): RobustnessResult[] {
  const byTrial = new Map<number, TrialRecord[]>();
  for (const r of records) {
    if (r.source !== 'robustness' || r.retestOf === undefined) continue;
    byTrial.set(r.retestOf, [...(byTrial.get(r.retestOf) ?? []), r]);
  }
  const results: RobustnessResult[] = [];
  for (const [trial, retests] of byTrial) {
    const original = records.find((r) => r.trial === trial);
    const runs = [original, ...retests].filter((r): r is TrialRecord => r !== undefined);
    const worst: Metrics = {};
    for (const r of runs) {
      for (const [name, v] of Object.entries(r.metrics ?? {})) worst[name] = name in worst ? worse(name, worst[name], v) : v;
    }
    const allOk = runs.every((r) => r.status === 'ok');
    results.push({ trial, worst, repeats: retests.length, meetsSlos: allOk && meetsSlo(slo, worst) });
  }
  return results.sort((a, b) => a.trial - b.trial);
}

/** A default stopped early has bounds for figures: the comparison says so (the truth is at least as bad as shown). */
function withEarlyStopNote(comparison: DefaultComparison | undefined, base: TrialRecord | undefined): DefaultComparison | undefined {
  const e = base?.earlyStop;
  if (!comparison || !e) return comparison;
  const note = `the default's stress test was stopped early (${e.rule}), so its figures are bounds: it is at least as slow as shown, and the change against it at least as large`;
  return { ...comparison, notes: [...comparison.notes, note] };
}

export function summarize(input: SummaryInput): StudySummary {
  const tuning = input.records.filter(isTuningTrial);
  const defaultRecord = tuning.find((r) => r.source === 'default' && r.status === 'ok');
  const reference = defaultRecord ? toMinimization(input.objectives, defaultRecord.metrics) : undefined;
  const chosen = input.recommendation ?? recommendFromMeasurements(candidatePoints(input.records, input.objectives, input.slo), reference);
  const byTrial = new Map(input.records.map((r) => [r.trial, r]));
  const best = chosen.best === undefined ? undefined : byTrial.get(chosen.best);
  const pareto = chosen.pareto.flatMap((t) => byTrial.get(t) ?? []);
  const comparison = withEarlyStopNote(compareWithDefault(best && point(best), defaultRecord && point(defaultRecord), input.records, comparedMetricNames(input.objectives, input.slo)), defaultRecord);
  const stopped = tuning.filter((r) => r.earlyStop);
  return {
    study: input.study,
    engine: input.engine,
    objectives: input.objectives,
    ...(input.slo ? { slo: input.slo } : {}),
    evaluated: tuning.length,
    infeasible: tuning.filter((r) => r.status !== 'ok').length,
    budget: input.budget,
    ...(defaultRecord ? { default: point(defaultRecord) } : {}),
    ...(best ? { best: point(best) } : {}),
    pareto: pareto.map(point).sort((a, b) => a.trial - b.trial),
    robustness: robustnessResults(input.records, input.slo),
    ...(comparison ? { comparison } : {}),
    wallSeconds: input.wallSeconds,
    suggestSeconds: input.suggestSeconds,
    ...(stopped.length > 0 ? { stoppedEarly: stopped.length, savedSeconds: Math.round(stopped.reduce((a, r) => a + (r.earlyStop?.savedSeconds ?? 0), 0) * 10) / 10 } : {}),
    ...(input.converged ? { converged: input.converged } : {}),
  };
}
