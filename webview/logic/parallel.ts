// Layout of the parallel-coordinates view: one vertical axis per parameter, then one per objective,
// every trial a polyline. Values are normalised to [0, 1] (1 = top); objective axes are oriented so
// that better is up whatever the goal, and failed trials end in a "failed" band above the objectives.
import type { ObjectiveSpec, ParameterInfo, SloSpec, TrialRecord } from '../../src/protocol/study.js';
import { paramAxis } from './chart-data.js';
import type { TrialClass } from './trials.js';
import { classifyTrial, metricValue } from './trials.js';

export interface PcAxis {
  id: string;
  label: string;
  kind: 'param' | 'objective';
  scale: 'linear' | 'log' | 'category';
  labels?: string[];
  min: number;
  max: number;
  /** Objectives only: higher is drawn up for 'max', down for 'min'. */
  goal?: ObjectiveSpec['goal'];
}

export interface PcLine {
  trial: number;
  cls: TrialClass;
  /** One normalised position per axis; undefined where the trial has no value (objectives of a failed trial). */
  ys: (number | undefined)[];
}

/** Position of the "failed" band on objective axes, above the best value. */
export const FAILED_Y = 1.08;

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 0.5 * Math.abs(lo || 1), hi + 0.5 * Math.abs(hi || 1)];
  return [lo, hi];
}

export function pcAxes(parameters: readonly ParameterInfo[], objectives: readonly ObjectiveSpec[], trials: readonly TrialRecord[]): PcAxis[] {
  const axes: PcAxis[] = parameters.map((info) => {
    const a = paramAxis(info);
    if (info.type === 'enum' || info.type === 'bool') return { id: `param:${info.name}`, label: info.name, kind: 'param', scale: 'category', labels: a.labels, min: 0, max: Math.max(1, (a.labels?.length ?? 1) - 1) };
    const seen = trials.map((t) => t.params[info.name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const [dlo, dhi] = extent(seen);
    const min = info.min ?? dlo;
    const max = info.max ?? dhi;
    const log = a.kind === 'logarithmic' && min > 0;
    return { id: `param:${info.name}`, label: info.name, kind: 'param', scale: log ? 'log' : 'linear', min, max: max > min ? max : min + 1 };
  });
  for (const o of objectives) {
    const vals = trials.filter((t) => t.status === 'ok').map((t) => metricValue(t, o.metric)).filter((v): v is number => v !== undefined);
    const [min, max] = extent(vals);
    const log = min > 0 && max / min > 30;
    axes.push({ id: `metric:${o.metric}`, label: o.metric, kind: 'objective', scale: log ? 'log' : 'linear', min, max, goal: o.goal });
  }
  return axes;
}

/** Value -> [0, 1] on an axis (objectives oriented better-up); undefined when it cannot be placed. */
export function pcPosition(axis: PcAxis, value: number | string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  let u: number;
  if (axis.scale === 'category') {
    const i = (axis.labels ?? []).indexOf(String(value));
    if (i < 0) return undefined;
    u = (axis.labels?.length ?? 1) <= 1 ? 0.5 : i / ((axis.labels?.length ?? 2) - 1);
  } else {
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    if (axis.scale === 'log') {
      if (value <= 0) return undefined;
      u = (Math.log(value) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min));
    } else u = (value - axis.min) / (axis.max - axis.min);
  }
  u = Math.min(1, Math.max(0, u));
  return axis.kind === 'objective' && axis.goal === 'min' ? 1 - u : u;
}

export function pcLines(trials: readonly TrialRecord[], axes: readonly PcAxis[], slo: SloSpec): PcLine[] {
  return trials.map((t) => {
    const cls = classifyTrial(t, slo);
    const failed = cls === 'infeasible' || cls === 'error';
    const ys = axes.map((a) => {
      if (a.kind === 'param') return pcPosition(a, t.params[a.label]);
      return failed ? FAILED_Y : pcPosition(a, metricValue(t, a.label));
    });
    return { trial: t.trial, cls, ys };
  });
}

/** Tick labels of an axis at 0, ½ and 1 (category axes: every label). */
export function pcTicks(axis: PcAxis, format: (v: number) => string): { at: number; text: string }[] {
  if (axis.scale === 'category') return (axis.labels ?? []).map((l, i, all) => ({ at: all.length <= 1 ? 0.5 : i / (all.length - 1), text: l }));
  const value = (u: number) => (axis.scale === 'log' ? Math.exp(Math.log(axis.min) + u * (Math.log(axis.max) - Math.log(axis.min))) : axis.min + u * (axis.max - axis.min));
  return [0, 0.5, 1].map((u) => {
    const at = axis.kind === 'objective' && axis.goal === 'min' ? 1 - u : u;
    return { at, text: format(value(u)) };
  });
}
