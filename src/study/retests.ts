// The robustness step (docs/ARCHITECTURE.md §1, method; §6, re-tests): after tuning, the chosen configuration (and the next Pareto points,
// up to robustness.top) is re-run under other arrival orders, and so is the default, under the very same
// orders, so that the headline compares the two like with like (default-comparison.ts). A re-test runs
// exactly what its trial ran: the parameters recorded for it, whatever they are (the default's included).

import type { ConfigPoint, Params, StudySummary, TrialRecord } from '../protocol/study.js';
import type { ResolvedStudy } from './resolve.js';

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

/** The re-tests a study runs once tuning has ended (none when robustness.repeats is 0). */
export function robustnessJobs(resolved: ResolvedStudy, summary: StudySummary, records: readonly TrialRecord[]): RetestJob[] {
  if (resolved.robustnessRepeats <= 0) return [];
  return retestJobs(retestTargets(summary, resolved.robustnessTop), records, resolved.robustnessRepeats, resolved.setup.workload.seed);
}

/** "re-testing trials 4, 0 (the chosen configuration and the default) under 2 other arrival orders: 4 runs". */
export function retestMessage(jobs: readonly Pick<RetestJob, 'retestOf' | 'arrivalSeed'>[]): string {
  const trials = [...new Set(jobs.map((j) => j.retestOf))];
  const orders = new Set(jobs.map((j) => j.arrivalSeed)).size;
  return `re-testing ${trials.length === 1 ? `trial ${trials[0]}` : `trials ${trials.join(', ')} (the chosen configuration${trials.length > 2 ? 's' : ''} and the default)`} under ${orders} other arrival order${orders === 1 ? '' : 's'}: ${jobs.length} runs`;
}
