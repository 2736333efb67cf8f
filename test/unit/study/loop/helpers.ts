// A small resolved study for the loop's parts: two tuned floats x and y, one fixed flag, a known
// constraint x + y <= 1.6 (the default 0.5/0.5 meets it), two latency objectives, no SLO.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset } from '../../../../src/engines/registry.js';
import type { TrialRecord, TrialSource } from '../../../../src/protocol/study.js';
import type { ResolvedStudy } from '../../../../src/study/resolve.js';

export function resolvedStudy(overrides: Partial<ResolvedStudy> = {}): ResolvedStudy {
  const preset = getPreset('command');
  return {
    name: 'loop',
    config: { engine: { type: 'command', evaluate: ['true'] }, objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }], workload: { trace: 't' }, budget: { evaluations: 6 } },
    configDir: '/tmp',
    preset,
    problem: { space: { x: { type: 'float', min: 0, max: 1, default: 0.5 }, y: { type: 'float', min: 0, max: 1, default: 0.5 } }, fixed: { mode: 'fast' }, constraints: ['x + y <= 1.6'], objectives: 2, outcomeConstraints: [], initialDesignSize: 3 },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
    slo: {},
    budget: 6,
    parallel: 1,
    gpusPerTrial: 1,
    target: { type: 'local' },
    algorithm: 'scoot',
    seed: 1,
    robustnessRepeats: 0,
    robustnessTop: 1,
    traceFacts: { count: 1, maxPromptTokens: 1, maxOutputTokens: 1, maxTotalTokens: 2, meanPromptTokens: 1, meanOutputTokens: 1 },
    setup: { preset, baseCommand: [], env: {}, host: '127.0.0.1', readyTimeoutSec: 1, cwd: '/tmp', workload: { requests: [], rate: 1, arrival: 'poisson', burstiness: 1, api: 'completions', warmupRequests: 0, requestTimeoutSec: 1, maxErrorRate: 0.05, seed: 7 }, stopGraceSec: 1 },
    ...overrides,
  };
}

/** An ok trial with both objectives measured. */
export function okRecord(trial: number, ttft: number, tpot: number, source: TrialSource = 'bo', extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    trial,
    params: { x: trial / 10, y: 0.5, mode: 'fast' },
    status: 'ok',
    metrics: { ttft_mean: ttft, tpot_mean: tpot },
    source,
    slot: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z',
    ...extra,
  };
}

export async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-loop-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
