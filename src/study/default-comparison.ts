// The headline figure: how the chosen configuration does against the engine's default, compared like
// with like. Both are re-tested under the same other arrival orders (retests.ts), so each is judged by
// its worst case over the orders both ran under, as the SLO-robustness step means; the tuning runs
// alone (one order, the figure the search saw) are kept beside it, labelled as single runs.

import type { ComparedMetric, ConfigPoint, DefaultComparison, Metrics, ObjectiveSpec, SloSpec, TrialRecord } from '../protocol/study.js';
import { percentChange } from './objectives.js';
import { worse } from '../protocol/metrics.js';

/** The tuning run's own arrival order has no recorded seed; re-tests record theirs. */
const TUNING_ORDER = 'tuning';
type OrderKey = number | typeof TUNING_ORDER;

function runsByOrder(trial: number, records: readonly TrialRecord[]): Map<OrderKey, TrialRecord> {
  const runs = new Map<OrderKey, TrialRecord>();
  for (const r of records) {
    if (r.trial === trial) runs.set(TUNING_ORDER, r);
    else if (r.source === 'robustness' && r.retestOf === trial && r.arrivalSeed !== undefined) runs.set(r.arrivalSeed, r);
  }
  return runs;
}

const measured = (r: TrialRecord | undefined): r is TrialRecord & { metrics: Metrics } => r?.status === 'ok' && r.metrics !== undefined;

function worstOver(runs: readonly TrialRecord[], metric: string): number | undefined {
  let out: number | undefined;
  for (const r of runs) {
    const v = r.metrics?.[metric];
    if (v === undefined || !Number.isFinite(v)) return undefined;
    out = out === undefined ? v : worse(metric, out, v);
  }
  return out;
}

/** The metrics a comparison covers: the objectives, then the SLO metrics. */
export function comparedMetricNames(objectives: readonly ObjectiveSpec[], slo: SloSpec | undefined): string[] {
  return [...new Set([...objectives.map((o) => o.metric), ...Object.keys(slo ?? {})])];
}

export function compareWithDefault(chosen: ConfigPoint | undefined, base: ConfigPoint | undefined, records: readonly TrialRecord[], metricNames: readonly string[]): DefaultComparison | undefined {
  if (!chosen || !base) return undefined;
  const chosenRuns = runsByOrder(chosen.trial, records);
  const defaultRuns = runsByOrder(base.trial, records);
  const notes: string[] = [];
  const shared: OrderKey[] = [];
  const orders = [...new Set([...chosenRuns.keys(), ...defaultRuns.keys()])].filter((k) => k !== TUNING_ORDER);
  for (const key of [TUNING_ORDER, ...orders.sort((a, b) => Number(a) - Number(b))] as OrderKey[]) {
    const c = chosenRuns.get(key);
    const d = defaultRuns.get(key);
    if (measured(c) && measured(d)) {
      shared.push(key);
      continue;
    }
    const where = key === TUNING_ORDER ? 'in its tuning run' : `under arrival-order seed ${key}`;
    if (d && !measured(d)) notes.push(`the default failed ${where} (${d.reason ?? d.reasonCode ?? d.status}); that order is left out`);
    if (c && !measured(c)) notes.push(`the chosen configuration failed ${where} (${c.reason ?? c.reasonCode ?? c.status}); that order is left out`);
  }
  const worstCase = shared.length >= 2;
  const pick = (runs: Map<OrderKey, TrialRecord>) => (worstCase ? shared : shared.slice(0, 1)).map((k) => runs.get(k)).filter((r): r is TrialRecord => r !== undefined);
  const chosenCounted = pick(chosenRuns);
  const defaultCounted = pick(defaultRuns);
  const metrics: ComparedMetric[] = [];
  for (const metric of metricNames) {
    const c = worstOver(chosenCounted, metric);
    const d = worstOver(defaultCounted, metric);
    const c1 = chosen.metrics[metric];
    const d1 = base.metrics[metric];
    if (c === undefined || d === undefined || c1 === undefined || d1 === undefined) continue;
    metrics.push({ metric, default: d, chosen: c, percent: percentChange(c, d), singleRun: { default: d1, chosen: c1, percent: percentChange(c1, d1) } });
  }
  if (metrics.length === 0) return undefined;
  return {
    chosenTrial: chosen.trial,
    defaultTrial: base.trial,
    basis: worstCase ? 'worst-case' : 'single-run',
    arrivalOrders: worstCase ? shared.length : 1,
    retestSeeds: worstCase ? shared.filter((k): k is number => k !== TUNING_ORDER) : [],
    metrics,
    notes,
  };
}
