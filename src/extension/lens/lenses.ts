// Code lenses on engine launch commands: "Tune with SCOOT" on every command found, and "Apply best
// (TTFT −x%, TPOT −y%)" on the command a study with results was tuned from.

import { findLaunchSites, launchFormatOf } from '../../launch/launch-sites.js';
import type { StudySummary } from '../../protocol/study.js';
import { chosenChangeText } from '../study/metric-text.js';

export interface LensInfo {
  /** Source range of the command (the lens sits on its first line). */
  start: number;
  end: number;
  title: string;
  tooltip: string;
  command: 'tune' | 'apply';
  /** For "tune": the command to tune; for "apply": also the config whose result applies. */
  args: { launchFile: string; site: number; configPath?: string };
}

/** A study that was tuned from a launch file, and its results so far. */
export interface LaunchResult {
  configPath: string;
  launchFile: string;
  engine: string;
  summary: StudySummary;
}

export function applyTitle(summary: StudySummary): string {
  const best = summary.best;
  if (!best) return '';
  return `$(check) Apply best (${chosenChangeText(summary) || `trial ${best.trial}`})`;
}

export function lensesFor(text: string, filePath: string, results: readonly LaunchResult[]): LensInfo[] {
  if (!launchFormatOf(filePath, text)) return [];
  const sites = findLaunchSites(text, filePath);
  const lenses: LensInfo[] = [];
  sites.forEach((site, index) => {
    lenses.push({ start: site.start, end: site.end, title: '$(beaker) Tune with SCOOT', tooltip: `Create or reuse a scoot.config.json for this ${site.engine} command and start tuning it`, command: 'tune', args: { launchFile: filePath, site: index } });
    // A study reads the first command of its engine in the launch file: that is the one its results are for.
    const first = sites.findIndex((s) => s.engine === site.engine);
    if (first !== index) return;
    for (const r of results) {
      if (r.launchFile !== filePath || r.engine !== site.engine || !r.summary.best) continue;
      lenses.push({
        start: site.start,
        end: site.end,
        title: applyTitle(r.summary),
        tooltip: `Write trial ${r.summary.best.trial} of study "${r.summary.study}" into this command (${r.summary.evaluated}/${r.summary.budget} trials so far)`,
        command: 'apply',
        args: { launchFile: filePath, site: index, configPath: r.configPath },
      });
    }
  });
  return lenses;
}
