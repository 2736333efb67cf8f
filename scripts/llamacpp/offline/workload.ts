// The workload of the H200 comparison, rebuilt exactly as a trial builds it (src/runner/server-trial.ts
// trialSchedule): the bundled chat trace, its longest-output half, Poisson arrivals at 10 req/s for 8 s
// normalised to 80 requests, one seeded order per arrival seed.

import { join } from 'node:path';
import { buildSchedule } from '../../../src/workload/arrivals.js';
import { loadTrace } from '../../../src/workload/trace-load.js';
import { selectLongestOutputs, type TraceRequest } from '../../../src/workload/trace.js';

export interface OfflineWorkload {
  rate: number;
  durationSec: number;
  longestOutputs: number;
  requestTimeoutSec: number;
  /** The trace after the longest-output selection. */
  requests: readonly TraceRequest[];
}

export interface Arrivals {
  requests: { promptTokens: number; outputTokens: number }[];
  times: number[];
}

export const H200_WORKLOAD = { rate: 10, durationSec: 8, longestOutputs: 0.5, requestTimeoutSec: 30 } as const;

export async function chatWorkload(repoRoot: string, w: Omit<OfflineWorkload, 'requests'> = H200_WORKLOAD): Promise<OfflineWorkload> {
  const trace = await loadTrace(join(repoRoot, 'traces', 'chat.jsonl'));
  return { ...w, requests: selectLongestOutputs(trace, w.longestOutputs) };
}

export function arrivalsFor(w: OfflineWorkload, seed: number): Arrivals {
  const schedule = buildSchedule({ requests: w.requests, rate: w.rate, durationSec: w.durationSec, arrival: 'poisson', seed });
  return { requests: schedule.map((s) => ({ promptTokens: s.request.promptTokens, outputTokens: s.request.outputTokens })), times: schedule.map((s) => s.time) };
}
