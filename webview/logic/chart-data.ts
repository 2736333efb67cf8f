// Pure helpers that turn trials into chart coordinates: axis types, parameter positions, failure
// counts, δ series and tooltip text. The chart views only copy these into Chart.js datasets.
import type { ObjectiveSpec, ParameterInfo, ParamValue, SloSpec, TrialRecord } from '../../src/protocol/study.js';
import { formatDuration, formatMetric, formatParam } from './format.js';
import type { XY } from './pareto.js';
import { sloViolations } from '../../src/protocol/slo.js';
import { boundMark, durationSeconds, metricValue, reasonCodeOf } from './trials.js';

export type AxisType = 'linear' | 'logarithmic';

/** Latencies span orders of magnitude (TTFT moves ~300× with flags): switch to a log axis when all values are positive and span more than `ratio`. */
export function axisTypeFor(values: readonly number[], ratio = 30): AxisType {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v <= 0) return 'linear';
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi / lo > ratio ? 'logarithmic' : 'linear';
}

/** Deterministic spread in [-1, 1] from a trial number, to separate points that share a categorical value. */
export function jitterUnit(trial: number): number {
  let h = Math.imul(trial ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

export interface ParamAxis {
  /** 'category' values are plotted at their index on a linear axis, with labels. */
  kind: 'linear' | 'logarithmic' | 'category';
  labels?: string[];
  min?: number;
  max?: number;
}

export function paramAxis(info: ParameterInfo): ParamAxis {
  if (info.type === 'bool') return { kind: 'category', labels: ['false', 'true'] };
  if (info.type === 'enum') return { kind: 'category', labels: (info.values ?? []).map((v) => String(v)) };
  return { kind: info.log && (info.min ?? 1) > 0 ? 'logarithmic' : 'linear', min: info.min, max: info.max };
}

/** The x coordinate of a parameter value on its axis; categorical values get a small deterministic jitter. */
export function paramX(axis: ParamAxis, value: ParamValue | undefined, trial: number): number | undefined {
  if (value === undefined) return undefined;
  if (axis.kind === 'category') {
    const i = (axis.labels ?? []).indexOf(String(value));
    return i < 0 ? undefined : i + 0.18 * jitterUnit(trial);
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export interface ReasonCount {
  code: string;
  count: number;
}

/** Failed trials by reason code, most frequent first (ties alphabetical). */
export function reasonCounts(trials: readonly TrialRecord[]): ReasonCount[] {
  const m = new Map<string, number>();
  for (const t of trials) if (t.status !== 'ok') m.set(reasonCodeOf(t), (m.get(reasonCodeOf(t)) ?? 0) + 1);
  return [...m].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** δ (the POF threshold a suggestion had to meet) by trial number, for trials that carry it. */
export function deltaSeries(trials: readonly TrialRecord[]): XY[] {
  return trials.filter((t) => t.pofThreshold !== undefined).map((t) => ({ x: t.trial, y: t.pofThreshold as number })).sort((a, b) => a.x - b.x);
}

export interface TrialDescription {
  title: string;
  lines: string[];
}

/** Tooltip text for a trial: what it was, why it failed, its objectives and SLO metrics, and its parameters. */
export function describeTrial(t: TrialRecord, objectives: readonly ObjectiveSpec[], slo: SloSpec): TrialDescription {
  const lines: string[] = [];
  const status = t.status !== 'ok' ? `${t.status}: ${reasonCodeOf(t)}` : t.earlyStop ? `stopped early: ${t.earlyStop.rule}` : 'ok';
  const title = `Trial ${t.trial} · ${t.source}${t.retestOf !== undefined ? ` of #${t.retestOf}` : ''} · ${status}`;
  if (t.status !== 'ok' && t.reason) lines.push(t.reason);
  if (t.status === 'ok' && t.earlyStop) lines.push(`${t.earlyStop.reason} (at ${t.earlyStop.atSeconds.toFixed(1)} s of load, about ${Math.round(t.earlyStop.savedSeconds)} s saved); values are bounds`);
  const shown = new Set<string>();
  for (const m of [...objectives.map((o) => o.metric), ...Object.keys(slo)]) {
    if (shown.has(m)) continue;
    shown.add(m);
    const v = metricValue(t, m);
    if (v !== undefined) lines.push(`${m}: ${boundMark(t, m)}${formatMetric(m, v)}`);
  }
  const violated = t.status === 'ok' ? sloViolations(slo, t.metrics) : [];
  if (violated.length) lines.push(`violates SLO on ${violated.join(', ')}`);
  if (t.violatesConstraints?.length) lines.push(`outside the known constraints: ${t.violatesConstraints.join(', ')} (measured as the baseline, never chosen)`);
  const params = Object.entries(t.params).map(([k, v]) => `${k}=${formatParam(v)}`);
  if (params.length) lines.push(params.join('  '));
  const d = durationSeconds(t);
  if (d !== undefined) lines.push(`duration ${formatDuration(d)} · slot ${t.slot}`);
  return { title, lines };
}
