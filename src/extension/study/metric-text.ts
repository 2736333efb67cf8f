// Metric names and values as the status bar, lenses and pickers show them: short names (TTFT, TPOT),
// units, and signed percentages with a real minus sign.

import { compactUnit, metricFacts } from '../../protocol/metrics.js';
import type { Metrics, ObjectiveSpec, StudySummary } from '../../protocol/study.js';

/** ttft_mean → TTFT, ttft_p99 → TTFT p99, request_throughput → req/s; unknown names as they are. */
export function shortMetric(name: string): string {
  return metricFacts(name).short;
}

export function formatMetric(name: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const a = Math.abs(value);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  const facts = metricFacts(name);
  if (facts.unit === 'ms') return a >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(digits)} ms`;
  if (facts.family === 'errors') return `${(value * 100).toFixed(1)}%`;
  return `${value.toFixed(digits)}${compactUnit(name)}`;
}

export function signedPercent(p: number): string {
  if (!Number.isFinite(p)) return '±0%';
  const rounded = Math.abs(p) >= 10 ? Math.abs(p).toFixed(0) : Math.abs(p).toFixed(1);
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${rounded}%`;
}

/** Per objective, the change of `metrics` against `base` in percent (negative = lower). */
export function changesAgainst(objectives: readonly ObjectiveSpec[], metrics: Metrics, base: Metrics): { metric: string; percent: number }[] {
  return objectives.flatMap((o) => {
    const v = metrics[o.metric];
    const b = base[o.metric];
    if (v === undefined || b === undefined || b === 0) return [];
    return [{ metric: o.metric, percent: ((v - b) / Math.abs(b)) * 100 }];
  });
}

/** "TTFT −40%, TPOT −12%" */
export function changesText(objectives: readonly ObjectiveSpec[], metrics: Metrics, base: Metrics): string {
  return changesAgainst(objectives, metrics, base)
    .map((c) => `${shortMetric(c.metric)} ${signedPercent(c.percent)}`)
    .join(', ');
}

/** "TTFT 120 ms · TPOT 13.2 ms" */
export function metricsText(metricNames: readonly string[], metrics: Metrics): string {
  return metricNames.map((m) => `${shortMetric(m)} ${formatMetric(m, metrics[m])}`).join(' · ');
}

/**
 * The chosen configuration against the default, as the CLI's headline has it (summary.comparison: worst
 * case over the arrival orders both ran under, or one run each), with which of the two it is:
 * "TTFT −16%, TPOT −15%, worst case of 3 arrival orders". Empty when there is nothing to compare.
 */
export function chosenChangeText(summary: StudySummary): string {
  const c = summary.comparison;
  if (c && c.chosenTrial !== c.defaultTrial) {
    const changes = c.metrics
      .filter((m) => summary.objectives.some((o) => o.metric === m.metric))
      .map((m) => `${shortMetric(m.metric)} ${signedPercent(m.percent)}`)
      .join(', ');
    return changes ? `${changes}, ${c.basis === 'worst-case' ? `worst case of ${c.arrivalOrders} arrival orders` : 'single run'}` : '';
  }
  if (c || !summary.best || !summary.default) return '';
  const changes = changesText(summary.objectives, summary.best.metrics, summary.default.metrics);
  return changes ? `${changes}, single run` : '';
}
