// The headline in words, one source for `scoot tune`'s closing lines, `scoot apply` and report.md, so
// that they can never quote different figures: how the chosen configuration was picked, what its
// figures against the default are based on, and each metric's figures as formatted strings.

import type { DefaultComparison, StudySummary } from '../protocol/study.js';
import { formatMetric, formatPercent } from './figures.js';

/** "the max-hypervolume point of 3 Pareto-optimal configurations", or "the best ttft_mean". */
export function howChosen(summary: StudySummary): string {
  if (summary.objectives.length > 1) {
    const n = summary.pareto.length;
    return `the max-hypervolume point of ${n} Pareto-optimal configuration${n === 1 ? '' : 's'}`;
  }
  const o = summary.objectives[0];
  return o ? `the ${o.goal === 'min' ? 'lowest' : 'highest'} ${o.metric}${summary.slo ? ' among those meeting the SLOs' : ''}` : 'the best';
}

/** What the comparison's figures are: worst case over shared arrival orders, or one run each. */
export function comparisonBasis(c: DefaultComparison): string {
  if (c.chosenTrial === c.defaultTrial) return `the default (trial ${c.defaultTrial}) is itself the chosen configuration: no configuration beat it`;
  if (c.basis === 'worst-case') {
    const seeds = c.retestSeeds.join(', ');
    return `against the default (trial ${c.defaultTrial}), worst case of each over the same ${c.arrivalOrders} arrival orders (the tuning run's and re-tests with seed${c.retestSeeds.length === 1 ? '' : 's'} ${seeds})`;
  }
  return `against the default (trial ${c.defaultTrial}), a single run each (no re-tests under shared arrival orders: set robustness.repeats for a worst case)`;
}

export interface ComparisonRow {
  metric: string;
  default: string;
  chosen: string;
  change: string;
  /** The two tuning runs alone, when the row itself is a worst case. */
  singleRun?: string;
}

export function comparisonRows(c: DefaultComparison): ComparisonRow[] {
  return c.metrics.map((m) => ({
    metric: m.metric,
    default: formatMetric(m.metric, m.default),
    chosen: formatMetric(m.metric, m.chosen),
    change: formatPercent(m.percent),
    ...(c.basis === 'worst-case' ? { singleRun: `${formatMetric(m.metric, m.singleRun.default)} → ${formatMetric(m.metric, m.singleRun.chosen)} (${formatPercent(m.singleRun.percent)})` } : {}),
  }));
}

/** One line: "ttft_mean −16.2%, tpot_mean −15.0% (worst case over 3 arrival orders)". */
export function comparisonSummary(c: DefaultComparison): string {
  const changes = c.metrics.map((m) => `${m.metric} ${formatPercent(m.percent)}`).join(', ');
  return `${changes} (${c.basis === 'worst-case' ? `worst case over ${c.arrivalOrders} arrival orders` : 'single run'})`;
}
