// Apply: which configuration (for several objectives, a pick of the Pareto set, the max-hypervolume
// point first — summary.best is that point), and the edits that write it into the launch file.

import type { EnginePreset } from '../../engines/preset.js';
import { patchLaunchText, type PatchResult } from '../../launch/patch.js';
import type { LaunchSite } from '../../launch/site.js';
import { shellQuote } from '../../launch/shell-words.js';
import type { ConfigPoint, Params, StudySummary, TrialRecord } from '../../protocol/study.js';
import { changesText, metricsText } from '../study/metric-text.js';

export interface PointChoice {
  point: ConfigPoint;
  label: string;
  description: string;
  detail: string;
}

function choice(summary: StudySummary, p: ConfigPoint, isBest: boolean): PointChoice {
  const metricNames = [...new Set([...summary.objectives.map((o) => o.metric), ...Object.keys(summary.slo ?? {})])];
  const change = summary.default ? changesText(summary.objectives, p.metrics, summary.default.metrics) : '';
  return {
    point: p,
    label: `${isBest ? '$(star-full) ' : ''}Trial ${p.trial}${isBest ? ' — max hypervolume' : ''}`,
    description: metricsText(metricNames, p.metrics),
    detail: `${change ? `vs default: ${change} · ` : ''}${Object.entries(p.params).map(([k, v]) => `${k}=${v}`).join(' ')}`,
  };
}

/** The Pareto set as pick items, the recommended (max-hypervolume) point first, then by the first objective. */
export function paretoChoices(summary: StudySummary): PointChoice[] {
  const best = summary.best;
  const first = summary.objectives[0];
  const sign = first?.goal === 'max' ? -1 : 1;
  const rest = summary.pareto.filter((p) => p.trial !== best?.trial).sort((a, b) => sign * ((a.metrics[first?.metric] ?? 0) - (b.metrics[first?.metric] ?? 0)));
  return [...(best ? [choice(summary, best, true)] : []), ...rest.map((p) => choice(summary, p, false))];
}

/** Whether Apply should ask which point: several objectives and more than one Pareto-optimal point. */
export function needsPick(summary: StudySummary): boolean {
  return summary.objectives.length > 1 && summary.pareto.length > 1;
}

export class ApplyError extends Error {
  override readonly name = 'ApplyError';
}

/** A given trial (from the panel), which must have been feasible. */
export function pointOfTrial(records: readonly TrialRecord[], trial: number): ConfigPoint {
  const r = records.find((x) => x.trial === trial);
  if (!r) throw new ApplyError(`trial ${trial} is not in this study`);
  if (r.status !== 'ok') throw new ApplyError(`trial ${trial} was ${r.status}${r.reason ? ` (${r.reason})` : ''}: pick a feasible trial`);
  return { trial: r.trial, params: r.params, metrics: r.metrics ?? {} };
}

export function planApply(text: string, filePath: string, preset: EnginePreset, params: Params, site?: number): PatchResult & { site: LaunchSite } {
  return patchLaunchText(text, filePath, preset, params, { filesDir: '.', ...(site !== undefined ? { site } : {}) });
}

/** The tuned flags as one shell-ready line (Copy flags). */
export function flagsLine(preset: EnginePreset, params: Params): string {
  return preset
    .launchFlags(params)
    .flags.flatMap((f) => f.argv)
    .map(shellQuote)
    .join(' ');
}
