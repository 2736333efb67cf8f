// What a new trial's stress test may be stopped early against: the study's Pareto set when it starts
// (its objective values only). A trial certainly dominated by a point of it cannot matter. Re-tests are
// never stopped early: they measure a chosen configuration's worst case.

import type { ObjectiveSpec, StudySummary } from '../../protocol/study.js';
import type { FrontView } from '../../workload/early-stop.js';

export function earlyStopFront(summary: StudySummary, objectives: readonly ObjectiveSpec[]): FrontView | undefined {
  const points = summary.pareto.map((p) => ({ trial: p.trial, metrics: Object.fromEntries(objectives.map((o) => [o.metric, p.metrics[o.metric]])) }));
  return points.length > 0 ? { objectives, points } : undefined;
}
