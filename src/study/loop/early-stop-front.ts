// What a new trial's stress test may be stopped early against: the study's Pareto set when it starts,
// each point with its objective values and how its load was served. A trial certainly dominated by a
// point of it cannot matter; a saturated one is stopped only once a point kept up with the load and
// beats it (src/workload/early-stop.ts). Re-tests are never stopped early: they measure a chosen
// configuration's worst case. The replay of a recorded study (scripts/llamacpp) builds it here too.

import type { ObjectiveSpec, StudySummary, TrialRecord } from '../../protocol/study.js';
import type { FrontView } from '../../workload/early-stop.js';

export function earlyStopFront(summary: Pick<StudySummary, 'pareto'>, objectives: readonly ObjectiveSpec[], records: readonly TrialRecord[] = []): FrontView | undefined {
  const byTrial = new Map(records.map((r) => [r.trial, r]));
  const points = summary.pareto.map((p) => {
    const rates = byTrial.get(p.trial)?.loadRates;
    return { trial: p.trial, metrics: Object.fromEntries(objectives.map((o) => [o.metric, p.metrics[o.metric]])), ...(rates ? { loadRates: rates } : {}) };
  });
  return points.length > 0 ? { objectives, points } : undefined;
}
