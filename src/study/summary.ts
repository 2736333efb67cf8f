// summary.json from the observations: the default, the Pareto set and the chosen ("best")
// configuration among trials that met the SLOs, and the worst case of each robustness re-test.

import { hypervolume } from '../core/hypervolume.js';
import { paretoFrontIndices } from '../core/pareto.js';
import type { ConfigPoint, ConvergenceInfo, DefaultComparison, Metrics, ObjectiveSpec, RobustnessResult, SloSpec, StudySummary, TrialRecord } from '../protocol/study.js';
import { meetsSlo, toMinimization, worse } from './objectives.js';
import { compareWithDefault, comparedMetricNames } from './default-comparison.js';

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
}

const point = (r: TrialRecord): ConfigPoint => ({ trial: r.trial, params: r.params, metrics: r.metrics ?? {} });

export function isTuningTrial(r: TrialRecord): boolean {
  return r.source !== 'robustness';
}

/**
 * Feasible tuning trials that met every SLO and the known constraints, with their objective vectors
 * (minimisation space). A trial stopped early is never one: its metrics are bounds on the optimistic
 * side of the truth, so it can neither be recommended nor shape the Pareto set (the rules stop only
 * trials that could not have).
 */
export function candidatePoints(records: readonly TrialRecord[], objectives: readonly ObjectiveSpec[], slo: SloSpec | undefined): { record: TrialRecord; y: number[] }[] {
  return records.flatMap((record) => {
    if (!isTuningTrial(record) || record.status !== 'ok' || record.earlyStop || record.violatesConstraints?.length || !meetsSlo(slo, record.metrics)) return [];
    const y = toMinimization(objectives, record.metrics);
    return y ? [{ record, y }] : [];
  });
}

/**
 * The configuration to recommend: for one objective the best value; for several, the point of the
 * Pareto set that alone dominates the most hypervolume against the default (or, when none improves
 * on the default in every objective, against the set's own nadir).
 */
export function chooseBest(pareto: readonly { record: TrialRecord; y: number[] }[], reference: readonly number[] | undefined): TrialRecord | undefined {
  if (pareto.length === 0) return undefined;
  if (pareto[0].y.length === 1) return pareto.reduce((a, b) => (b.y[0] < a.y[0] ? b : a)).record;
  const volume = (ref: readonly number[]) => pareto.map((p) => hypervolume([p.y], ref));
  let volumes = reference ? volume(reference) : [];
  if (volumes.every((v) => v <= 0)) {
    const nadir = pareto[0].y.map((_, k) => Math.max(...pareto.map((p) => p.y[k])));
    const ideal = pareto[0].y.map((_, k) => Math.min(...pareto.map((p) => p.y[k])));
    volumes = volume(nadir.map((v, k) => v + 0.1 * (v - ideal[k] || Math.abs(v) || 1)));
  }
  let best = 0;
  volumes.forEach((v, i) => {
    if (v > volumes[best]) best = i;
  });
  return pareto[best].record;
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
  const candidates = candidatePoints(input.records, input.objectives, input.slo);
  const pareto = paretoFrontIndices(candidates.map((c) => c.y)).map((i) => candidates[i]);
  const reference = defaultRecord ? toMinimization(input.objectives, defaultRecord.metrics) : undefined;
  const best = chooseBest(pareto, reference);
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
    pareto: pareto.map((p) => point(p.record)).sort((a, b) => a.trial - b.trial),
    robustness: robustnessResults(input.records, input.slo),
    ...(comparison ? { comparison } : {}),
    wallSeconds: input.wallSeconds,
    suggestSeconds: input.suggestSeconds,
    ...(stopped.length > 0 ? { stoppedEarly: stopped.length, savedSeconds: Math.round(stopped.reduce((a, r) => a + (r.earlyStop?.savedSeconds ?? 0), 0) * 10) / 10 } : {}),
    ...(input.converged ? { converged: input.converged } : {}),
  };
}
