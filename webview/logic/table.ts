// The trials table's columns and ordering, kept free of the DOM so sorting is unit-tested.
import type { ObjectiveSpec, ParameterInfo, SloSpec, TrialRecord } from '../../src/protocol/study.js';
import { metricColumns, parameterNames } from './columns.js';
import { formatDuration, formatNumber, formatParam, metricUnit } from './format.js';
import { boundMark, durationSeconds, reasonCodeOf } from './trials.js';

export type ColumnKind = 'trial' | 'status' | 'source' | 'metric' | 'param' | 'duration' | 'slot' | 'delta' | 'reason';

export interface Column {
  /** Stable id kept in the view state: "trial", "metric:ttft_mean", "param:block-size", ... */
  id: string;
  kind: ColumnKind;
  label: string;
  /** Metric or parameter name for those kinds. */
  key?: string;
  numeric: boolean;
  /** Objective columns are highlighted. */
  objective?: boolean;
}

export type CellValue = number | string | boolean | undefined;

interface TableSource {
  trials: readonly TrialRecord[];
  objectives: readonly ObjectiveSpec[];
  slo: SloSpec;
  parameters: readonly ParameterInfo[];
}

export function tableColumns(s: TableSource): Column[] {
  const objectiveMetrics = new Set(s.objectives.map((o) => o.metric));
  const metrics = metricColumns(s);
  const paramInfo = new Map(s.parameters.map((p) => [p.name, p]));
  const metricCol = (m: string): Column => {
    const unit = metricUnit(m);
    return { id: `metric:${m}`, kind: 'metric', key: m, label: unit ? `${m} (${unit})` : m, numeric: true, objective: objectiveMetrics.has(m) };
  };
  const leading = metrics.filter((m) => objectiveMetrics.has(m) || m in s.slo);
  const trailing = metrics.filter((m) => !leading.includes(m));
  return [
    { id: 'trial', kind: 'trial', label: '#', numeric: true },
    { id: 'status', kind: 'status', label: 'status', numeric: false },
    { id: 'source', kind: 'source', label: 'source', numeric: false },
    ...leading.map(metricCol),
    ...parameterNames(s).map((p): Column => {
      const info = paramInfo.get(p);
      const numeric = info ? info.type === 'int' || info.type === 'float' : true;
      return { id: `param:${p}`, kind: 'param', key: p, label: p, numeric };
    }),
    ...trailing.map(metricCol),
    { id: 'duration', kind: 'duration', label: 'duration', numeric: true },
    { id: 'slot', kind: 'slot', label: 'slot', numeric: true },
    { id: 'delta', kind: 'delta', label: 'δ', numeric: true },
    { id: 'reason', kind: 'reason', label: 'reason', numeric: false },
  ];
}

export function cellValue(t: TrialRecord, c: Column): CellValue {
  switch (c.kind) {
    case 'trial': return t.trial;
    case 'status': return t.status === 'ok' && t.earlyStop ? 'stopped early' : t.status;
    case 'source': return t.source;
    case 'metric': return c.key === undefined ? undefined : t.metrics?.[c.key];
    case 'param': return c.key === undefined ? undefined : t.params[c.key];
    case 'duration': return durationSeconds(t);
    case 'slot': return t.slot;
    case 'delta': return t.pofThreshold;
    case 'reason':
      if (t.status === 'ok') return t.earlyStop ? `${t.earlyStop.rule}: ${t.earlyStop.reason}` : t.reason;
      return `${reasonCodeOf(t)}${t.reason ? `: ${t.reason}` : ''}`;
  }
}

export function cellText(t: TrialRecord, c: Column): string {
  const v = cellValue(t, c);
  if (v === undefined) return '';
  switch (c.kind) {
    case 'metric': return `${c.key === undefined ? '' : boundMark(t, c.key)}${formatNumber(v as number)}`;
    case 'param': return formatParam(v as number | string | boolean);
    case 'duration': return formatDuration(v as number);
    case 'delta': return (v as number).toFixed(2);
    default: return String(v);
  }
}

function rank(v: CellValue): number {
  return typeof v === 'number' ? 0 : typeof v === 'boolean' ? 1 : 2;
}

/** Missing values sort last in both directions; ties fall back to the trial number so the order is total and stable. */
export function compareTrials(a: TrialRecord, b: TrialRecord, c: Column, descending: boolean): number {
  const va = cellValue(a, c);
  const vb = cellValue(b, c);
  if (va === undefined || vb === undefined || (typeof va === 'number' && Number.isNaN(va)) || (typeof vb === 'number' && Number.isNaN(vb))) {
    const ma = va === undefined || (typeof va === 'number' && Number.isNaN(va));
    const mb = vb === undefined || (typeof vb === 'number' && Number.isNaN(vb));
    if (ma !== mb) return ma ? 1 : -1;
    return a.trial - b.trial;
  }
  let d: number;
  if (rank(va) !== rank(vb)) d = rank(va) - rank(vb);
  else if (typeof va === 'number') d = va - (vb as number);
  else if (typeof va === 'boolean') d = Number(va) - Number(vb);
  else d = String(va).localeCompare(String(vb), 'en', { numeric: true });
  if (d !== 0) return descending ? -d : d;
  return a.trial - b.trial;
}

/** Indices into `trials` in display order. */
export function sortedOrder(trials: readonly TrialRecord[], c: Column, descending: boolean): number[] {
  return trials.map((_, i) => i).sort((i, j) => compareTrials(trials[i], trials[j], c, descending));
}

/** Where trials[index] goes in an already sorted order (binary search), so a new trial costs O(log n) comparisons. */
export function insertionPoint(order: readonly number[], trials: readonly TrialRecord[], index: number, c: Column, descending: boolean): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTrials(trials[order[mid]], trials[index], c, descending) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
