// Independent, deliberately naive re-statements of what the panel must show (brute-force Pareto front,
// SLO checks written out), so the browser tests do not grade the panel with its own code.
import type { ObjectiveSpec, SloSpec, StudySnapshot, TrialRecord } from '../../../src/protocol/study.js';

/** A missing SLO metric does not meet its bound (nothing shows that it does). */
export function meetsSlo(t: TrialRecord, slo: SloSpec): boolean {
  for (const [metric, bound] of Object.entries(slo)) {
    const v = t.metrics?.[metric];
    if (v === undefined) return false;
    if (bound.max !== undefined && v > bound.max) return false;
    if (bound.min !== undefined && v < bound.min) return false;
  }
  return true;
}

/** Search trials that ran to the end of their stress test, meet every SLO and the known constraints, and report both objectives. */
export function candidates(s: StudySnapshot, objectives: ObjectiveSpec[] = s.objectives): TrialRecord[] {
  return s.trials.filter((t) => t.status === 'ok' && !t.earlyStop && !t.violatesConstraints?.length && t.source !== 'robustness' && meetsSlo(t, s.slo) && objectives.every((o) => t.metrics?.[o.metric] !== undefined));
}

/** Trials no other candidate dominates (O(n²) by definition). */
export function bruteForceFront(s: StudySnapshot): number[] {
  const c = candidates(s);
  const better = (a: number, b: number, goal: 'min' | 'max') => (goal === 'min' ? a < b : a > b);
  const dominates = (p: TrialRecord, q: TrialRecord) => {
    let strictly = false;
    for (const o of s.objectives) {
      const a = p.metrics?.[o.metric] as number;
      const b = q.metrics?.[o.metric] as number;
      if (better(b, a, o.goal)) return false;
      if (better(a, b, o.goal)) strictly = true;
    }
    return strictly;
  };
  return c.filter((q) => !c.some((p) => dominates(p, q))).map((t) => t.trial).sort((a, b) => a - b);
}

/** The best value of one objective among candidates (meeting SLOs, not re-tests). */
export function bestOf(s: StudySnapshot, o: ObjectiveSpec): { trial: number; value: number } {
  let best: { trial: number; value: number } | undefined;
  for (const t of candidates(s, [o])) {
    const v = t.metrics?.[o.metric] as number;
    if (!best || (o.goal === 'min' ? v < best.value : v > best.value)) best = { trial: t.trial, value: v };
  }
  if (!best) throw new Error(`no candidate for ${o.metric}`);
  return best;
}

export function upTo(s: StudySnapshot, lastTrial: number, patch: Partial<StudySnapshot> = {}): StudySnapshot {
  return { ...s, trials: s.trials.filter((t) => t.trial <= lastTrial), ...patch };
}

/** A plain RFC 4180 reader (quoted fields, doubled quotes, CRLF records) to check the panel's CSV. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
