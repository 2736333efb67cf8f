// Trials worth pointing at in the table and the header: the configuration the study chose and, with two
// or more objectives, its Pareto set. Both are summary.json's (the study computes them from the same
// records with the same rules), never recomputed here, so the panel and the study cannot disagree.
import type { StudySnapshot, TrialRecord } from '../../src/protocol/study.js';

export interface Highlights {
  /** The chosen configuration (summary.best); undefined until a trial met every SLO. */
  chosen: number | undefined;
  /** The Pareto set (summary.pareto), with two or more objectives. */
  front: ReadonlySet<number>;
}

export function highlights(snapshot: Pick<StudySnapshot, 'summary' | 'objectives'>): Highlights {
  const s = snapshot.summary;
  return {
    chosen: s?.best?.trial,
    front: new Set(snapshot.objectives.length >= 2 ? (s?.pareto ?? []).map((p) => p.trial) : []),
  };
}

/** The default configuration's record (the first 'default' trial that is not a re-test). */
export function defaultTrial(trials: readonly TrialRecord[]): TrialRecord | undefined {
  let found: TrialRecord | undefined;
  for (const t of trials) if (t.source === 'default' && (!found || t.trial < found.trial)) found = t;
  return found;
}
