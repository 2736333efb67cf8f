// The H200 comparison with the GPU replaced by the llama.cpp mode of the simulator: the same resolved
// study (the llamacpp preset's space and known constraints, the chat workload), the same study logic
// (the default as the base command first, kept out of the optimiser's history and handed over as the
// reference; a trial infeasible above 5% failed requests; suggestions from the same suggesters with the
// same seeds), and the same figure of merit (hypervolume of (TTFT, TPOT) against the default).
//
// Noise like the real machine's: every trial runs at a speed factor drawn per (seed, trial index), the
// same for every algorithm at that index, so the default (trial 0) and the design points are measured
// alike across algorithms; the noise-free figures re-run each configuration at the nominal speed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hypervolume } from '../../../src/core/hypervolume.js';
import type { Suggestion } from '../../../src/core/types.js';
import type { TrialRecord } from '../../../src/protocol/study.js';
import { evaluateLlamaCpp } from '../../../src/sim/llamacpp/evaluate.js';
import type { LlamaCppProfile } from '../../../src/sim/llamacpp/profile.js';
import { optimizerHistory, withBaselineReference } from '../../../src/study/history.js';
import { toMinimization } from '../../../src/study/objectives.js';
import { resolveStudy, type ResolvedStudy } from '../../../src/study/resolve.js';
import { suggestNow } from '../../../src/study/suggest-service.js';
import type { ScootConfig } from '../../../src/study/config.js';
import type { SuggesterName } from '../../../src/core/suggesters/index.js';
import { arrivalsFor, type Arrivals, type OfflineWorkload } from './workload.js';

/** The comparison's scoot config (scripts/llamacpp/study.config.json) made resolvable here: no binary is run. */
export async function resolveOfflineStudy(root: string, budget: number): Promise<ResolvedStudy> {
  const config = JSON.parse(readFileSync(join(root, 'scripts/llamacpp/study.config.json'), 'utf8')) as ScootConfig;
  const command = (config.engine.command ?? []).map((a) => (a === '@LLAMA_SERVER@' ? 'llama-server' : a === '@MODEL@' ? 'model.gguf' : a));
  return resolveStudy({ ...config, engine: { ...config.engine, command }, workload: { ...config.workload, trace: join(root, 'traces/chat.jsonl') }, budget: { ...config.budget, evaluations: budget } }, join(root, 'scoot.config.json'));
}

export interface OfflineStudyOptions {
  resolved: ResolvedStudy;
  workload: OfflineWorkload;
  profile: LlamaCppProfile;
  algorithm: SuggesterName;
  seed: number;
  budget: number;
}

export interface OfflineTrial {
  record: TrialRecord;
  /** Objectives at the nominal speed (no run-to-run noise), when feasible there. */
  trueObjectives?: number[];
}

export interface OfflineStudy {
  algorithm: SuggesterName;
  seed: number;
  trials: OfflineTrial[];
  /** Hypervolume of the measured feasible points against the measured default (what results.ts reports). */
  hypervolume: number;
  /** The same, every configuration and the default at the nominal speed: what was found, not how lucky its measurement was. */
  trueHypervolume: number;
  infeasibleAfterDesign: number;
  /** Tuning trials after the initial design (d + 1 unless the config sets optimizer.initialDesign). */
  afterDesign: number;
  suggestSeconds: number;
}

const NOISE_STREAM = 0x5eed;

function measure(params: TrialRecord['params'], arrivals: Arrivals, o: OfflineStudyOptions, trial: number, speed?: number) {
  return evaluateLlamaCpp(params as Readonly<Record<string, string | number | boolean>>, arrivals.requests, arrivals.times, o.profile, {
    requestTimeoutSec: o.workload.requestTimeoutSec,
    noiseSeed: o.seed * 1000 + trial + NOISE_STREAM,
    ...(speed !== undefined ? { speed } : {}),
  });
}

export function runOfflineStudy(o: OfflineStudyOptions): OfflineStudy {
  const { resolved } = o;
  const definition = resolved.problem;
  const objectives = resolved.objectives;
  const arrivals = arrivalsFor(o.workload, o.seed);
  const records: TrialRecord[] = [];
  const trials: OfflineTrial[] = [];
  let suggestSeconds = 0;
  // The suggesters' default design is d + 1 points (initialDesignSize in core/suggesters/design-picker.ts).
  const designSize = definition.initialDesignSize ?? Object.keys(definition.space).length + 1;
  for (let trial = 0; trial < o.budget; trial++) {
    let params: TrialRecord['params'];
    let source: TrialRecord['source'];
    let pofThreshold: number | undefined;
    if (trial === 0) {
      params = {};
      source = 'default';
    } else {
      const t0 = performance.now();
      const suggestions: Suggestion[] = suggestNow({
        definition: withBaselineReference(definition, objectives, records),
        algorithm: o.algorithm,
        seed: o.seed,
        request: { history: optimizerHistory(definition, objectives, records), pending: [], q: 1 },
      });
      suggestSeconds += (performance.now() - t0) / 1000;
      if (suggestions.length === 0) break;
      params = suggestions[0].params;
      source = suggestions[0].source;
      pofThreshold = suggestions[0].pofThreshold;
    }
    const r = measure(params, arrivals, o, trial);
    const m = { ...r.metrics, goodput: r.metrics.request_throughput } as Record<string, number>;
    const feasible = m.error_rate <= resolved.setup.workload.maxErrorRate && toMinimization(objectives, m) !== undefined;
    const record: TrialRecord = {
      trial, params, source, slot: 0, status: feasible ? 'ok' : 'infeasible',
      metrics: m,
      ...(feasible ? {} : { reasonCode: 'error-rate', reason: `${(100 * m.error_rate).toFixed(1)}% of requests failed` }),
      ...(pofThreshold !== undefined ? { pofThreshold } : {}),
      startedAt: new Date(0).toISOString(), endedAt: new Date(0).toISOString(),
    };
    records.push(record);
    const nominal = measure(params, arrivals, o, trial, 1).metrics as unknown as Record<string, number>;
    const trueY = nominal.error_rate <= resolved.setup.workload.maxErrorRate ? toMinimization(objectives, nominal) : undefined;
    trials.push({ record, ...(trueY ? { trueObjectives: trueY } : {}) });
  }
  const measuredY = (t: OfflineTrial) => (t.record.status === 'ok' ? toMinimization(objectives, t.record.metrics) : undefined);
  const volume = (points: (number[] | undefined)[], ref: number[] | undefined) =>
    ref ? hypervolume(points.filter((p): p is number[] => p !== undefined), ref) : 0;
  const tuning = trials.slice(1);
  return {
    algorithm: o.algorithm,
    seed: o.seed,
    trials,
    hypervolume: volume(tuning.map(measuredY), trials[0] ? measuredY(trials[0]) : undefined),
    trueHypervolume: volume(tuning.map((t) => t.trueObjectives), trials[0]?.trueObjectives),
    infeasibleAfterDesign: tuning.slice(designSize).filter((t) => t.record.status !== 'ok').length,
    afterDesign: tuning.slice(designSize).length,
    suggestSeconds,
  };
}
