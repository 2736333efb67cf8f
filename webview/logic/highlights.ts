// Trials worth pointing at in the table and the header: the best per objective and, with two or more
// objectives, the Pareto front over all of them (feasible search trials meeting every SLO).
import type { ObjectiveSpec, SloSpec, TrialRecord } from '../../src/protocol/study.js';
import { improvements } from './best-so-far.js';
import { paretoFront } from './pareto.js';
import { isFrontCandidate, objectiveValues } from './trials.js';

export interface Highlights {
  /** Best trial per objective, in objective order (undefined until one is feasible). */
  best: (number | undefined)[];
  front: Set<number>;
}

export function highlights(trials: readonly TrialRecord[], objectives: readonly ObjectiveSpec[], slo: SloSpec): Highlights {
  const best = objectives.map((o) => {
    const steps = improvements(trials, o, slo);
    return steps.length ? steps[steps.length - 1].trial : undefined;
  });
  const front = new Set<number>();
  if (objectives.length >= 2) {
    const pts = trials.filter((t) => isFrontCandidate(t, objectives, slo)).map((t) => ({ trial: t.trial, values: objectiveValues(t, objectives) as number[] }));
    for (const p of paretoFront(pts, objectives.map((o) => o.goal))) front.add(p.trial);
  }
  return { best, front };
}

/** The default configuration's record (the first 'default' trial that is not a re-test). */
export function defaultTrial(trials: readonly TrialRecord[]): TrialRecord | undefined {
  let found: TrialRecord | undefined;
  for (const t of trials) if (t.source === 'default' && (!found || t.trial < found.trial)) found = t;
  return found;
}
