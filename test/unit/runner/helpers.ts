// Shared set-up for the runner tests: evaluation set-ups around the fake engine and the simulator,
// and an independent check that a process is gone.

import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TraceRequest } from '../../../src/workload/index.js';
import { getPreset } from '../../../src/engines/index.js';
import type { TrialPhase } from '../../../src/protocol/study.js';
import type { EvaluationSetup, Slot, TrialSpec, WorkloadSetup } from '../../../src/runner/types.js';

export const REPO = resolve(__dirname, '../../..');
export const FAKE_ENGINE = join(REPO, 'test/fixtures/fake-engine.mjs');
export const SIM_BIN = join(REPO, 'src/sim/bin.ts');

export function requests(n = 8, outputTokens = 12): TraceRequest[] {
  return Array.from({ length: n }, (_, i) => ({ prompt: `request ${i}: tell me about topic ${i}`, promptTokens: 10, outputTokens }));
}

export function workload(over: Partial<WorkloadSetup> = {}): WorkloadSetup {
  return {
    requests: requests(),
    rate: 40,
    count: 20,
    arrival: 'poisson',
    burstiness: 1,
    api: 'completions',
    warmupRequests: 2,
    requestTimeoutSec: 5,
    maxErrorRate: 0.05,
    seed: 1,
    ...over,
  };
}

/** A set-up whose engine is the fake engine with `engineFlags` (rendered through the sim preset). */
export function fakeSetup(engineFlags: string[] = [], over: Partial<EvaluationSetup> = {}): EvaluationSetup {
  return {
    preset: getPreset('sim'),
    baseCommand: [process.execPath, FAKE_ENGINE, ...engineFlags],
    scootCommand: [],
    env: {},
    host: '127.0.0.1',
    readyTimeoutSec: 10,
    cwd: REPO,
    workload: workload(),
    stopGraceSec: 2,
    ...over,
  };
}

/** Base argv of the simulator: "scoot" stands for src/sim/bin.ts, which takes `scoot sim serve`'s flags. */
export function simCommand(flags: string[] = ['--model-profile', 'llama2-7b', '--gpu', 'a100-80g', '--num-gpus', '1']): string[] {
  return ['scoot', ...flags, '--startup-seconds', '0.2'];
}

/** A set-up that runs the real simulator; the leading "scoot" is replaced by node + tsx + src/sim/bin.ts. */
export function simSetup(over: Partial<EvaluationSetup> = {}): EvaluationSetup {
  return {
    preset: getPreset('sim'),
    baseCommand: simCommand(),
    scootCommand: [process.execPath, '--import', 'tsx', SIM_BIN],
    env: {},
    host: '127.0.0.1',
    readyTimeoutSec: 20,
    cwd: REPO,
    workload: workload(),
    stopGraceSec: 3,
    ...over,
  };
}

export const slot0: Slot = { id: 0, kind: 'local', gpus: [], label: 'slot 0' };

export function trial(n: number, params: TrialSpec['params'] = {}): TrialSpec {
  return { trial: n, params, source: 'default' };
}

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-runner-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Gone = kill(pid, 0) fails with ESRCH, or the process is a zombie: an orphan that exited but whose
 * new parent (PID 1 of a container without an init) never reaps it holds no resources any more.
 */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export function readPids(file: string): { engine: number; child?: number } {
  return JSON.parse(readFileSync(file, 'utf8')) as { engine: number; child?: number };
}

export function phaseRecorder(): { phases: TrialPhase[]; onPhase(p: TrialPhase): void } {
  const phases: TrialPhase[] = [];
  return { phases, onPhase: (p) => phases.push(p) };
}
