// The real measurements the llama.cpp mode of the simulator is calibrated against: every single-GPU trial
// of the H200 run of 2026-12-04 (docs/results/llamacpp-h200/results.json: both tuning studies with their
// re-tests and the default under arrival seeds 1 and 2), with its configuration and arrival seed.

import { readFileSync } from 'node:fs';
import type { TrialRecord } from '../../../src/protocol/study.js';

export interface MeasuredTrial {
  study: string;
  trial: number;
  params: TrialRecord['params'];
  seed: number;
  ttft: number;
  tpot: number;
  throughput: number;
  errorRate: number;
}

export function h200Trials(resultsJson: string): MeasuredTrial[] {
  const results = JSON.parse(readFileSync(resultsJson, 'utf8')) as { observations: Record<string, TrialRecord[]> };
  const out: MeasuredTrial[] = [];
  for (const [study, records] of Object.entries(results.observations)) {
    const seed = /seed(\d+)$/.exec(study);
    for (const r of records) {
      const m = r.metrics;
      if (!m || !Number.isFinite(m.ttft_mean) || !Number.isFinite(m.tpot_mean)) continue;
      out.push({
        study, trial: r.trial, params: r.params, seed: r.arrivalSeed ?? (seed ? Number(seed[1]) : 0),
        ttft: m.ttft_mean, tpot: m.tpot_mean, throughput: m.request_throughput, errorRate: m.error_rate,
      });
    }
  }
  return out;
}
