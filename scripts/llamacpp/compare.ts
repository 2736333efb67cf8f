// The comparison of studies run at equal budget on the same engine, workload and seeds (SCOOT against the
// project's random baseline, both against the engine's default): what scripts/llamacpp/results.ts writes.
//
// Hypervolume is measured in (TTFT, TPOT) space, both minimised, against one reference point shared by
// every study: the engine default's objectives (the mean of its measurements: each study measures the
// default as its first trial), so a study's hypervolume is the area it found that beats the default in
// both objectives. When the default failed in every study there is no such point; the reference is then
// the worst feasible value per objective over all studies widened by 10% of the range (the rule the
// optimiser itself uses, src/core/suggesters/reference-point.ts), and `reference.from` says so.

import { hypervolume } from '../../src/core/hypervolume.js';
import { median } from '../../src/core/stats.js';
import type { ObjectiveSpec, TrialPhases, TrialRecord } from '../../src/protocol/study.js';
import { percentChange, toMinimization } from '../../src/study/objectives.js';

export interface StudyInput {
  name: string;
  records: readonly TrialRecord[];
  /** Size of the initial design (the number of tuned parameters unless configured). */
  designSize: number;
  /** The study's own choice (summary.json best), if any. */
  chosenTrial?: number;
}

export interface Reference {
  point: number[];
  from: 'default' | 'worst-feasible';
}

export interface PhaseStats {
  median: number;
  total: number;
}

export interface StudyResult {
  name: string;
  evaluations: number;
  feasible: number;
  infeasible: number;
  /** Trials stopped early (bounds, not values): neither feasible points nor failures. */
  stoppedEarly: number;
  /** Infeasible trials among those suggested after the default and the initial design. */
  infeasibleAfterDesign: number;
  afterDesign: number;
  hypervolume: number;
  /** Hypervolume after each evaluation (the study's own order). */
  hypervolumeTrajectory: number[];
  best: Record<string, { trial: number; value: number; changeVsDefault?: number }>;
  chosen?: { trial: number; params: TrialRecord['params']; metrics: Record<string, number>; changeVsDefault: Record<string, number> };
  default?: { trial: number; status: string; metrics?: Record<string, number>; reason?: string };
  phases: Partial<Record<keyof TrialPhases | 'trial', PhaseStats>>;
  wallSeconds: number;
  reasons: Record<string, number>;
}

export interface Comparison {
  objectives: ObjectiveSpec[];
  reference: Reference;
  /** The default's objectives as each study measured them (its noise, run to run). */
  defaultRuns: { study: string; status: string; objectives?: number[] }[];
  studies: StudyResult[];
}

const PHASES: readonly (keyof TrialPhases)[] = ['startup', 'warmup', 'load', 'drain', 'teardown'];

const tuning = (records: readonly TrialRecord[]) => records.filter((r) => r.source !== 'robustness').sort((a, b) => a.trial - b.trial);

/**
 * A trial stopped early (issue 15's earlyStop on the record) measured bounds, not values: its latencies
 * are at least what was recorded. It never enters a front, a best value or the reference point.
 */
export function stoppedEarly(r: TrialRecord): boolean {
  return r.earlyStop !== undefined;
}

function objectivesOf(objectives: readonly ObjectiveSpec[], r: TrialRecord): number[] | undefined {
  return r.status === 'ok' && !stoppedEarly(r) ? toMinimization(objectives, r.metrics) : undefined;
}

export function referencePoint(objectives: readonly ObjectiveSpec[], studies: readonly StudyInput[]): Reference {
  const runs = studies.flatMap((s) => tuning(s.records).filter((r) => r.source === 'default').flatMap((r) => {
    const y = objectivesOf(objectives, r);
    return y ? [y] : [];
  }));
  if (runs.length > 0) return { point: objectives.map((_, k) => runs.reduce((sum, y) => sum + y[k], 0) / runs.length), from: 'default' };
  const all = studies.flatMap((s) => tuning(s.records).flatMap((r) => {
    const y = objectivesOf(objectives, r);
    return y ? [y] : [];
  }));
  if (all.length === 0) return { point: objectives.map(() => NaN), from: 'worst-feasible' };
  return {
    point: objectives.map((_, k) => {
      const values = all.map((y) => y[k]);
      const hi = Math.max(...values);
      const lo = Math.min(...values);
      return hi + 0.1 * (hi - lo || Math.abs(hi) || 1);
    }),
    from: 'worst-feasible',
  };
}

function phaseStats(records: readonly TrialRecord[]): StudyResult['phases'] {
  const out: StudyResult['phases'] = {};
  const timed = records.filter((r) => r.phases);
  for (const p of PHASES) {
    const values = timed.flatMap((r) => (r.phases?.[p] !== undefined ? [r.phases[p] as number] : []));
    if (values.length > 0) out[p] = { median: median(values), total: values.reduce((a, b) => a + b, 0) };
  }
  const trial = records.map((r) => (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000).filter((s) => Number.isFinite(s));
  if (trial.length > 0) out.trial = { median: median(trial), total: trial.reduce((a, b) => a + b, 0) };
  return out;
}

export function studyResult(objectives: readonly ObjectiveSpec[], reference: Reference, input: StudyInput): StudyResult {
  const records = tuning(input.records);
  const feasible = records.flatMap((r) => {
    const y = objectivesOf(objectives, r);
    return y ? [{ r, y }] : [];
  });
  const defaultRecord = records.find((r) => r.source === 'default');
  const defaultMetrics = defaultRecord?.status === 'ok' ? defaultRecord.metrics : undefined;
  const trajectory: number[] = [];
  const front: number[][] = [];
  for (const r of records) {
    const y = objectivesOf(objectives, r);
    if (y) front.push(y);
    trajectory.push(reference.point.every(Number.isFinite) ? hypervolume(front, reference.point) : 0);
  }
  const best: StudyResult['best'] = {};
  for (const o of objectives) {
    const sign = o.goal === 'min' ? 1 : -1;
    const top = feasible.filter(({ r }) => r.metrics?.[o.metric] !== undefined).sort((a, b) => sign * ((a.r.metrics?.[o.metric] ?? 0) - (b.r.metrics?.[o.metric] ?? 0)))[0];
    if (!top) continue;
    const value = top.r.metrics?.[o.metric] as number;
    const base = defaultMetrics?.[o.metric];
    best[o.metric] = { trial: top.r.trial, value, ...(base !== undefined ? { changeVsDefault: percentChange(value, base) } : {}) };
  }
  const chosenRecord = input.chosenTrial !== undefined ? records.find((r) => r.trial === input.chosenTrial) : undefined;
  // After the default (first) and the initial design: what the strategy itself chose to run.
  const after = records.filter((r) => r.source !== 'default').slice(input.designSize);
  const reasons: Record<string, number> = {};
  for (const r of records) if (r.status !== 'ok') reasons[r.reasonCode ?? 'unknown'] = (reasons[r.reasonCode ?? 'unknown'] ?? 0) + 1;
  const times = records.flatMap((r) => [Date.parse(r.startedAt), Date.parse(r.endedAt)]).filter(Number.isFinite);
  return {
    name: input.name,
    evaluations: records.length,
    feasible: feasible.length,
    infeasible: records.filter((r) => r.status !== 'ok').length,
    stoppedEarly: records.filter((r) => r.status === 'ok' && stoppedEarly(r)).length,
    infeasibleAfterDesign: after.filter((r) => r.status !== 'ok').length,
    afterDesign: after.length,
    hypervolume: trajectory.at(-1) ?? 0,
    hypervolumeTrajectory: trajectory,
    best,
    ...(chosenRecord && chosenRecord.metrics
      ? {
          chosen: {
            trial: chosenRecord.trial,
            params: chosenRecord.params,
            metrics: chosenRecord.metrics,
            changeVsDefault: Object.fromEntries(objectives.flatMap((o) => {
              const base = defaultMetrics?.[o.metric];
              const value = chosenRecord.metrics?.[o.metric];
              return base !== undefined && value !== undefined ? [[o.metric, percentChange(value, base)]] : [];
            })),
          },
        }
      : {}),
    ...(defaultRecord
      ? { default: { trial: defaultRecord.trial, status: defaultRecord.status, ...(defaultRecord.metrics ? { metrics: defaultRecord.metrics } : {}), ...(defaultRecord.reason ? { reason: defaultRecord.reason } : {}) } }
      : {}),
    phases: phaseStats(records),
    wallSeconds: times.length ? (Math.max(...times) - Math.min(...times)) / 1000 : 0,
    reasons,
  };
}

export interface AlgorithmSummary {
  algorithm: string;
  /** Studies of this algorithm by optimiser seed (names "<algorithm>-s<seed>"; a bare name is seed 0). */
  seeds: number[];
  hypervolumes: number[];
  median: number;
  min: number;
  max: number;
}

/** The algorithm and optimiser seed a study folder's name stands for ("scoot-s2" → scoot, 2). */
export function studyAlgorithm(name: string): { algorithm: string; seed: number } {
  const m = /^(.*)-s(\d+)$/.exec(name);
  return m ? { algorithm: m[1], seed: Number(m[2]) } : { algorithm: name, seed: 0 };
}

export function algorithmSummaries(c: Comparison): AlgorithmSummary[] {
  const groups = new Map<string, { seed: number; hv: number }[]>();
  for (const s of c.studies) {
    const { algorithm, seed } = studyAlgorithm(s.name);
    groups.set(algorithm, [...(groups.get(algorithm) ?? []), { seed, hv: s.hypervolume }]);
  }
  return [...groups.entries()].map(([algorithm, runs]) => {
    runs.sort((a, b) => a.seed - b.seed);
    const hv = runs.map((r) => r.hv);
    return { algorithm, seeds: runs.map((r) => r.seed), hypervolumes: hv, median: median(hv), min: Math.min(...hv), max: Math.max(...hv) };
  });
}

export function compareStudies(objectives: ObjectiveSpec[], studies: readonly StudyInput[]): Comparison {
  const reference = referencePoint(objectives, studies);
  return {
    objectives,
    reference,
    defaultRuns: studies.flatMap((s) => tuning(s.records).filter((r) => r.source === 'default').map((r) => ({ study: s.name, status: r.status, ...(objectivesOf(objectives, r) ? { objectives: objectivesOf(objectives, r) } : {}) }))),
    studies: studies.map((s) => studyResult(objectives, reference, s)),
  };
}
