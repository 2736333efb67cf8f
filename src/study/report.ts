// The Markdown report (`scoot report`, report.md): the chosen configuration and its change against
// the default per objective, the Pareto set, robustness worst cases, and why trials were infeasible.

import { median } from '../core/stats.js';
import type { ConfigPoint, Metrics, ObjectiveSpec, StudySummary, TrialPhases, TrialRecord } from '../protocol/study.js';
import { comparisonBasis, comparisonRows, howChosen } from './comparison-text.js';
import { describeEngine } from './engine-label.js';
import { percentChange } from './objectives.js';
import { boundMark } from '../protocol/metrics.js';

export interface ReportContext {
  name: string;
  objectives: ObjectiveSpec[];
}

function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function objectiveChanges(objectives: readonly ObjectiveSpec[], best: Metrics, base: Metrics): { metric: string; percent: number; better: boolean }[] {
  return objectives.map((o) => {
    const percent = percentChange(best[o.metric], base[o.metric]);
    return { metric: o.metric, percent, better: o.goal === 'min' ? percent < 0 : percent > 0 };
  });
}

export function flagsOf(params: ConfigPoint['params']): string {
  return Object.entries(params)
    .map(([k, v]) => (typeof v === 'boolean' ? (v ? `--${k}` : '') : `--${k} ${v}`))
    .filter(Boolean)
    .join(' ');
}

/** What a configuration adds to the base command; a baseline run as the bare base command adds nothing. */
export function describeConfig(params: ConfigPoint['params']): string {
  const flags = flagsOf(params);
  return flags ? `\`${flags}\`` : 'the base command, no tuned flag (engine defaults)';
}

const PHASES: readonly (keyof TrialPhases)[] = ['startup', 'warmup', 'load', 'drain', 'teardown'];

/** Where trials spent their time: per phase, the median and the total over the trials that recorded it. */
export function phaseTable(records: readonly TrialRecord[]): string[] {
  const timed = records.filter((r) => r.phases);
  if (timed.length === 0) return [];
  const lines = ['## Where the time goes', '', `Seconds per trial over ${timed.length} trials (median; total; share of the trials' time).`, '', '| phase | median | total | share |', '|---|---|---|---|'];
  const totals = PHASES.map((p) => timed.reduce((sum, r) => sum + (r.phases?.[p] ?? 0), 0));
  const all = totals.reduce((a, b) => a + b, 0);
  PHASES.forEach((p, i) => {
    const values = timed.flatMap((r) => (r.phases?.[p] !== undefined ? [r.phases[p] as number] : []));
    if (values.length === 0) return;
    lines.push(`| ${p} | ${fmt(median(values))} | ${fmt(totals[i])} | ${all > 0 ? `${((100 * totals[i]) / all).toFixed(0)}%` : '–'} |`);
  });
  const perTrial = timed.map((r) => PHASES.reduce((sum, p) => sum + (r.phases?.[p] ?? 0), 0));
  lines.push(`| all | ${fmt(median(perTrial))} | ${fmt(all)} | 100% |`, '');
  return lines;
}

export function renderReport(summary: StudySummary, records: readonly TrialRecord[], ctx: ReportContext): string {
  const lines: string[] = [];
  const metricNames = [...new Set([...ctx.objectives.map((o) => o.metric), ...Object.keys(summary.slo ?? {})])];
  lines.push(`# SCOOT report: ${summary.study}`, '');
  const early = summary.stoppedEarly ? `, ${summary.stoppedEarly} stopped early` : '';
  lines.push(`Engine: ${describeEngine(summary.engine)} · ${summary.evaluated}/${summary.budget} trials, ${summary.infeasible} infeasible${early} · wall time ${(summary.wallSeconds / 60).toFixed(1)} min (suggestions ${summary.suggestSeconds.toFixed(1)} s)`, '');
  if (summary.converged) lines.push(`Stopped at trial ${summary.converged.atTrial} of ${summary.budget}: converged (${summary.converged.rule}: ${summary.converged.reason}).`, '');
  lines.push(`Objectives: ${ctx.objectives.map((o) => `${o.goal} ${o.metric}`).join(', ')}${summary.slo ? ` · SLOs: ${Object.entries(summary.slo).map(([k, b]) => [b.min !== undefined ? `${k} >= ${b.min}` : '', b.max !== undefined ? `${k} <= ${b.max}` : ''].filter(Boolean).join(', ')).join(', ')}` : ' · no SLO set'}`, '');
  lines.push('## Chosen configuration', '');
  if (!summary.best) {
    lines.push(summary.slo ? 'No feasible configuration met the SLOs yet.' : 'No feasible configuration yet.', '');
  } else {
    lines.push(`Trial ${summary.best.trial}, ${howChosen(summary)}: ${describeConfig(summary.best.params)}`, '');
    const c = summary.comparison;
    if (c && c.chosenTrial === c.defaultTrial) {
      lines.push(`${capitalise(comparisonBasis(c))}.`);
    } else if (c) {
      const rows = comparisonRows(c);
      const worstCase = c.basis === 'worst-case';
      lines.push(`${capitalise(comparisonBasis(c))}:`, '');
      lines.push(`| metric | default | chosen | change |${worstCase ? ' single run (tuning): default → chosen |' : ''}`, `|---|---|---|---|${worstCase ? '---|' : ''}`);
      for (const r of rows) lines.push(`| ${r.metric} | ${r.default} | ${r.chosen} | ${r.change} |${worstCase ? ` ${r.singleRun ?? '–'} |` : ''}`);
      for (const note of c.notes) lines.push('', `Note: ${note}.`);
    } else {
      lines.push(`| metric | ${summary.best.trial === summary.default?.trial ? 'default (chosen)' : 'chosen'} |`, '|---|---|');
      for (const m of metricNames) lines.push(`| ${m} | ${fmt(summary.best.metrics[m])} |`);
      if (!summary.default) lines.push('', 'The default configuration has no measurement (it failed or has not run): no change against it to show.');
    }
    lines.push('');
  }
  if (summary.pareto.length > 1 || ctx.objectives.length > 1) {
    lines.push('## Pareto set', '', `| trial | ${metricNames.join(' | ')} | flags |`, `|---|${metricNames.map(() => '---|').join('')}---|`);
    for (const p of summary.pareto) lines.push(`| ${p.trial} | ${metricNames.map((m) => fmt(p.metrics[m])).join(' | ')} | ${describeConfig(p.params)} |`);
    lines.push('');
  }
  if (summary.robustness.length > 0) {
    const slo = summary.slo !== undefined;
    const role = (trial: number) => (trial === summary.best?.trial ? ' (chosen)' : trial === summary.default?.trial ? ' (default)' : '');
    lines.push('## Robustness (worst case over the tuning run and re-tests with other arrival orders)', '', `| trial | re-tests | ${metricNames.join(' | ')} |${slo ? ' meets SLOs |' : ''}`, `|---|---|${metricNames.map(() => '---|').join('')}${slo ? '---|' : ''}`);
    for (const r of summary.robustness) lines.push(`| ${r.trial}${role(r.trial)} | ${r.repeats} | ${metricNames.map((m) => fmt(r.worst[m])).join(' | ')} |${slo ? ` ${r.meetsSlos ? 'yes' : 'no'} |` : ''}`);
    lines.push('');
  }
  const stopped = records.filter((r) => r.status === 'ok' && r.earlyStop);
  if (stopped.length > 0) {
    lines.push(
      '## Stopped early',
      '',
      'These stress tests were stopped once the trial could no longer matter. Their metrics are what was measured until then: latencies are lower bounds and throughputs upper bounds of the full run (the truth is at least as bad), so none of them is recommended or part of the Pareto set.',
      '',
      `| trial | rule | stopped at | saved (est.) | ${metricNames.join(' | ')} | reason |`,
      `|---|---|---|---|${metricNames.map(() => '---|').join('')}---|`,
    );
    for (const r of stopped) {
      const e = r.earlyStop as NonNullable<TrialRecord['earlyStop']>;
      const bound = (m: string) => (e.censored.includes(m) ? boundMark(m) : '');
      lines.push(`| ${r.trial} | ${e.rule} | ${e.atSeconds.toFixed(1)} s | ${e.savedSeconds.toFixed(0)} s | ${metricNames.map((m) => `${bound(m)}${fmt(r.metrics?.[m])}`).join(' | ')} | ${e.reason.replace(/\|/g, '\\|')} |`);
    }
    lines.push('', `About ${Math.round(stopped.reduce((a, r) => a + (r.earlyStop?.savedSeconds ?? 0), 0))} s of load and drain saved in all (estimated at each stop).`, '');
  }
  const failed = records.filter((r) => r.status !== 'ok');
  if (failed.length > 0) {
    lines.push('## Infeasible trials', '', '| trial | reason | flags |', '|---|---|---|');
    for (const r of failed) lines.push(`| ${r.trial} | ${(r.reason ?? r.reasonCode ?? 'unknown').replace(/\|/g, '\\|')} | ${describeConfig(r.params)} |`);
    const byCode = new Map<string, number>();
    for (const r of failed) byCode.set(r.reasonCode ?? 'unknown', (byCode.get(r.reasonCode ?? 'unknown') ?? 0) + 1);
    lines.push('', `By reason: ${[...byCode].map(([k, n]) => `${k} ${n}`).join(', ')}`, '');
  }
  lines.push(...phaseTable(records));
  return `${lines.join('\n')}\n`;
}
