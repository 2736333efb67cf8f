// The robustness step (docs/ARCHITECTURE.md §1, method; §6, re-tests): after tuning, the chosen configuration (and the next Pareto points,
// up to robustness.top) is re-run under other arrival orders, and so is the default, under the very same
// orders, so that the headline compares the two like with like (default-comparison.ts). A re-test runs
// exactly what its trial ran: the parameters recorded for it, whatever they are (the default's included).

import type { ConfigPoint, Params, StudySummary, TrialRecord } from '../protocol/study.js';

export interface RetestJob {
  params: Params;
  source: 'robustness';
  retestOf: number;
  arrivalSeed: number;
}

/** Which trials are re-tested: the chosen one, further Pareto points up to `top`, and the default. */
export function retestTargets(summary: StudySummary, top: number): ConfigPoint[] {
  const chosen = [summary.best, ...summary.pareto.filter((p) => p.trial !== summary.best?.trial)].filter((p): p is ConfigPoint => p !== undefined).slice(0, top);
  if (chosen.length > 0 && summary.default && !chosen.some((p) => p.trial === summary.default?.trial)) chosen.push(summary.default);
  return chosen;
}

/**
 * The re-tests still to run: `repeats` per target, seeds baseSeed+1 … baseSeed+repeats (the tuning run
 * used baseSeed), skipping those already recorded (a resumed study).
 */
export function retestJobs(targets: readonly ConfigPoint[], records: readonly TrialRecord[], repeats: number, baseSeed: number): RetestJob[] {
  const jobs: RetestJob[] = [];
  for (const target of targets) {
    const original = records.find((r) => r.trial === target.trial);
    const done = new Set(records.filter((r) => r.source === 'robustness' && r.retestOf === target.trial).map((r) => r.arrivalSeed));
    for (let k = 1; k <= repeats; k++) {
      const arrivalSeed = baseSeed + k;
      if (!done.has(arrivalSeed)) jobs.push({ params: { ...(original?.params ?? target.params) }, source: 'robustness', retestOf: target.trial, arrivalSeed });
    }
  }
  return jobs;
}
