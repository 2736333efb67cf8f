// A small two-objective study (as the study loop would record it) for the extension tests: events to
// replay through a session, and the same study written as a study folder.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudySnapshot, StudySummary, TrialRecord } from '../../../src/protocol/study.js';
import type { StudyEvent } from '../../../src/study/events.js';
import { summarize } from '../../../src/study/summary.js';
import { mergeSpace } from '../../../src/study/resolve.js';
import { getPreset } from '../../../src/engines/registry.js';
import { parameterList } from '../../../src/protocol/params.js';
import type { ScootConfig } from '../../../src/study/config.js';

const OBJECTIVES = [
  { metric: 'ttft_mean', goal: 'min' as const },
  { metric: 'tpot_mean', goal: 'min' as const },
];

export function record(trial: number, params: TrialRecord['params'], metrics?: Record<string, number>): TrialRecord {
  return {
    trial,
    params,
    status: metrics ? 'ok' : 'infeasible',
    ...(metrics ? { metrics } : { reason: 'engine exited with code 1: CUDA out of memory', reasonCode: 'out-of-memory' }),
    source: trial === 0 ? 'default' : trial < 3 ? 'sobol' : 'bo',
    slot: 0,
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:01:00Z',
  };
}

export const RECORDS: TrialRecord[] = [
  record(0, { 'max-num-seqs': 256, 'enable-prefix-caching': true }, { ttft_mean: 100, tpot_mean: 20 }),
  record(1, { 'max-num-seqs': 512, 'enable-prefix-caching': false }, { ttft_mean: 60, tpot_mean: 18 }),
  record(2, { 'max-num-seqs': 2048, 'enable-prefix-caching': true }),
  record(3, { 'max-num-seqs': 128, 'enable-prefix-caching': true }, { ttft_mean: 90, tpot_mean: 12 }),
];

export function summaryOf(records: readonly TrialRecord[], budget = 4): StudySummary {
  return summarize({ study: 'bot', engine: 'vllm 0.11', objectives: OBJECTIVES, budget, records, wallSeconds: 240, suggestSeconds: 1 });
}

export function snapshot(studyDir: string, budget = 4): StudySnapshot {
  return {
    study: 'bot',
    studyDir,
    engine: 'vllm 0.11',
    status: 'running',
    objectives: OBJECTIVES,
    slo: {},
    parameters: [{ name: 'max-num-seqs', type: 'int', min: 16, max: 2048, log: true }, { name: 'enable-prefix-caching', type: 'bool' }],
    budget,
    parallel: 1,
    trials: [],
    running: [],
    elapsedSeconds: 0,
  };
}

/** The events of a whole run of RECORDS, ending with `status`. */
export function studyEvents(studyDir: string, status: 'finished' | 'stopped' = 'finished'): StudyEvent[] {
  const events: StudyEvent[] = [{ type: 'started', snapshot: snapshot(studyDir) }];
  RECORDS.forEach((r, i) => {
    events.push({ type: 'trial-started', running: { trial: r.trial, params: r.params, source: r.source, slot: 0, phase: 'launching', startedAt: r.startedAt } });
    events.push({ type: 'trial-phase', trial: r.trial, phase: 'load' });
    events.push({ type: 'engine-output', trial: r.trial, chunk: `INFO engine up for trial ${r.trial}\nINFO serving\n` });
    events.push({ type: 'trial-finished', record: r, summary: summaryOf(RECORDS.slice(0, i + 1)), etaSeconds: (RECORDS.length - i - 1) * 60 });
  });
  events.push({ type: 'finished', status, summary: summaryOf(RECORDS) });
  return events;
}

/** Writes the study folder of RECORDS for a config (name "bot"), parameters.json resolved as a study does. */
export async function writeStudyFolder(configDir: string, config: object): Promise<string> {
  const c = config as Pick<ScootConfig, 'engine' | 'parameters' | 'fixed'>;
  const dir = join(configDir, '.scoot', 'bot');
  await mkdir(join(dir, 'logs'), { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  const space = mergeSpace(getPreset(c.engine.type, c.engine.version).space({ gpusPerTrial: c.engine.gpusPerTrial ?? 1 }), c.parameters, c.fixed ?? {});
  await writeFile(join(dir, 'parameters.json'), JSON.stringify(parameterList(space)));
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summaryOf(RECORDS)));
  await writeFile(join(dir, 'observations.jsonl'), RECORDS.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return dir;
}

export const SERVE_SH = `#!/bin/bash
# production launch
vllm serve meta-llama/Llama-3.1-8B \\
  --max-num-seqs 256 \\
  --enable-prefix-caching \\
  --port 8000
`;

export function configFor(launchFile?: string) {
  return {
    name: 'bot',
    engine: { type: 'vllm', version: '0.11', ...(launchFile ? { launchFile } : {}) },
    objectives: OBJECTIVES,
    workload: { trace: 'traces/chat.jsonl' },
    budget: { evaluations: 4 },
  };
}
