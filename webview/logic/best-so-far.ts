// Best-so-far of one objective over trial numbers, respecting the goal, among the trials the study
// counts as feasible (protocol/trial-standing.ts).
import type { ObjectiveSpec, SloSpec, TrialRecord } from '../../src/protocol/study.js';
import { isBetter } from './goals.js';
import type { XY } from './pareto.js';
import { isFrontCandidate, metricValue } from './trials.js';

export interface Improvement {
  trial: number;
  value: number;
}

/** The trials that improved the best value, in trial order (the first candidate always counts). */
export function improvements(trials: readonly TrialRecord[], objective: ObjectiveSpec, slo: SloSpec): Improvement[] {
  const sorted = [...trials].sort((a, b) => a.trial - b.trial);
  const out: Improvement[] = [];
  for (const t of sorted) {
    if (!isFrontCandidate(t, [objective], slo)) continue;
    const v = metricValue(t, objective.metric);
    if (v === undefined) continue;
    const best = out.length ? out[out.length - 1].value : undefined;
    if (best === undefined || isBetter(v, best, objective.goal)) out.push({ trial: t.trial, value: v });
  }
  return out;
}

/** The best-so-far as a step line: flat until the next improvement, then a jump; it runs on to `lastTrial`. */
export function bestSoFarLine(steps: readonly Improvement[], lastTrial: number): XY[] {
  const out: XY[] = [];
  for (let i = 0; i < steps.length; i++) {
    if (i > 0) out.push({ x: steps[i].trial, y: steps[i - 1].value });
    out.push({ x: steps[i].trial, y: steps[i].value });
  }
  if (steps.length && lastTrial > steps[steps.length - 1].trial) out.push({ x: lastTrial, y: steps[steps.length - 1].value });
  return out;
}
