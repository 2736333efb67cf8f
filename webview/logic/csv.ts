// CSV and JSON exports of a study's trials. The webview builds the content; the host only saves it.
import type { StudySnapshot, TrialRecord } from '../../src/protocol/study.js';
import { durationSeconds, reasonCodeOf } from './trials.js';
import { metricColumns, parameterNames } from './columns.js';

export type CsvCell = string | number | boolean | undefined;

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (=, +, -, @ first; reasons come from engine logs) gets a leading
 * apostrophe (OWASP CSV-injection advice); numbers are written as numbers.
 */
export function csvField(cell: CsvCell): string {
  if (cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  let s = String(cell);
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}

const fixedColumns = ['trial', 'source', 'status', 'slot', 'started_at', 'ended_at', 'duration_s', 'pof_threshold', 'reason_code', 'reason', 'retest_of', 'arrival_seed', 'stopped_early', 'censored_metrics'] as const;

/** A trial stopped early keeps status ok; its rule and the metrics that are bounds get their own columns. */
function fixedCells(t: TrialRecord): CsvCell[] {
  const failed = t.status !== 'ok';
  const reason = t.reason ?? t.earlyStop?.reason;
  return [t.trial, t.source, t.status, t.slot, t.startedAt, t.endedAt, durationSeconds(t), t.pofThreshold, failed ? reasonCodeOf(t) : t.reasonCode, reason, t.retestOf, t.arrivalSeed, t.earlyStop?.rule, t.earlyStop?.censored.join(' ')];
}

/** One row per trial in trial order: record fields, then every parameter, then every metric seen. */
export function trialsCsv(snapshot: Pick<StudySnapshot, 'trials' | 'parameters' | 'objectives' | 'slo'>): string {
  const params = parameterNames(snapshot);
  const metrics = metricColumns(snapshot);
  const header = [...fixedColumns, ...params, ...metrics];
  const rows = [...snapshot.trials]
    .sort((a, b) => a.trial - b.trial)
    .map((t) => [...fixedCells(t), ...params.map((p) => t.params[p]), ...metrics.map((m) => t.metrics?.[m])]);
  return toCsv(header, rows);
}

/** The study as one JSON document: what was tuned, against what, and every trial record unchanged. */
export function trialsJson(snapshot: StudySnapshot): string {
  const doc = {
    study: snapshot.study,
    engine: snapshot.engine,
    objectives: snapshot.objectives,
    slo: snapshot.slo,
    parameters: snapshot.parameters,
    budget: snapshot.budget,
    trials: [...snapshot.trials].sort((a, b) => a.trial - b.trial),
    summary: snapshot.summary,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** A file name safe on every OS: "<study>-trials.<ext>". */
export function exportFileName(study: string, ext: 'csv' | 'json'): string {
  const base = study.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'study';
  return `${base}-trials.${ext}`;
}
