// SLO bounds as the panel draws them: one line per bound. Whether a trial meets them is the study's
// rule (protocol/slo.ts), never decided here.
import type { BoundSide, SloSpec } from '../../src/protocol/slo.js';

export interface SloLine {
  metric: string;
  bound: BoundSide;
  value: number;
}

/** The bounds that apply to one metric (0, 1 or 2 lines). */
export function sloLinesFor(metric: string, slo: SloSpec): SloLine[] {
  const b = slo[metric];
  if (!b) return [];
  const out: SloLine[] = [];
  if (b.max !== undefined) out.push({ metric, bound: 'max', value: b.max });
  if (b.min !== undefined) out.push({ metric, bound: 'min', value: b.min });
  return out;
}
