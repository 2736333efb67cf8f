// A finished trial as observations.jsonl keeps it: the job's configuration and provenance, the
// outcome's measurements, and when and where it ran. Optional fields are left out rather than written
// as undefined or null.

import type { TrialRecord } from '../../protocol/study.js';
import type { TrialOutcome } from '../../runner/types.js';
import type { Job } from './job.js';

export interface TrialPlace {
  trial: number;
  slot: number;
  startedAt: Date;
  endedAt: Date;
}

export function buildRecord(job: Job, outcome: TrialOutcome, place: TrialPlace): TrialRecord {
  return {
    trial: place.trial,
    params: job.params,
    status: outcome.status,
    ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
    ...(outcome.engineMetrics ? { engineMetrics: outcome.engineMetrics } : {}),
    ...(outcome.queuedSeconds !== undefined ? { queuedSeconds: outcome.queuedSeconds } : {}),
    ...(outcome.runningSeconds !== undefined ? { runningSeconds: outcome.runningSeconds } : {}),
    ...(outcome.phases ? { phases: outcome.phases } : {}),
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(outcome.reasonCode ? { reasonCode: outcome.reasonCode } : {}),
    source: job.source,
    slot: place.slot,
    startedAt: place.startedAt.toISOString(),
    endedAt: place.endedAt.toISOString(),
    ...(job.pofThreshold !== undefined ? { pofThreshold: job.pofThreshold } : {}),
    ...(job.retestOf !== undefined ? { retestOf: job.retestOf } : {}),
    ...(job.arrivalSeed !== undefined ? { arrivalSeed: job.arrivalSeed } : {}),
    ...(job.violates ? { violatesConstraints: job.violates } : {}),
    ...(outcome.earlyStop ? { earlyStop: outcome.earlyStop } : {}),
    ...(outcome.loadRates ? { loadRates: outcome.loadRates } : {}),
  };
}
