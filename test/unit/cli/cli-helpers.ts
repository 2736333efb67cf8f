// Runs the real `scoot` CLI bundle (dist/cli.js, built by the test runner) in a temp workspace.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(__dirname, '../../../dist/cli.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], cwd: string): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolveRun) => child.on('close', (code) => resolveRun({ code, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], cwd: string): Promise<Run> {
  return startCli(args, cwd).done;
}

export async function workspace(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A small trace with short outputs so a stress test takes seconds. */
export async function writeTrace(dir: string, name = 'trace.jsonl', lines = 40): Promise<string> {
  await mkdir(dir, { recursive: true });
  const text = Array.from({ length: lines }, (_, i) => JSON.stringify({ prompt: `question ${i}: ${'tell me about inference engines '.repeat(1 + (i % 5))}`, output_tokens: 6 + (i % 4) })).join('\n');
  await writeFile(join(dir, name), `${text}\n`);
  return name;
}

/** Processes whose command line contains marker (the engines started for this test). */
export function processesWith(marker: string): string[] {
  const out = execFileSync('ps', ['-eww', '-o', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eww'));
}

export function simConfig(marker: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'cli-test',
    engine: { type: 'sim', command: ['scoot', 'sim', 'serve', '--model-profile', 'llama2-7b', '--gpu', 'a100-80g', '--num-gpus', '1', '--max-model-len', '4096', '--startup-seconds', '0.3', '--served-model-name', marker], readyTimeoutSec: 30 },
    parameters: { 'enable-chunked-prefill': { type: 'bool', default: true } },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
    workload: { trace: 'trace.jsonl', rate: 6, durationSec: 2.5, warmupRequests: 1, requestTimeoutSec: 20, longestOutputs: 1 },
    budget: { evaluations: 4, parallel: 1 },
    optimizer: { seed: 3 },
    ...extra,
  };
}

/** The study-safety benchmark (test/fixtures/trial-bench.mjs). */
export const TRIAL_BENCH = resolve(__dirname, '../../fixtures/trial-bench.mjs');

/**
 * A `command`-engine config running trial-bench.mjs with one tuned int `x` (default `x`), plus `args`
 * after it; `extra` overrides top-level fields.
 */
export function benchConfig(args: string[], extra: Record<string, unknown> = {}, engine: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'safe',
    engine: { type: 'command', evaluate: [process.execPath, TRIAL_BENCH, '--x', '{x}', ...args], ...engine },
    parameters: { x: { type: 'int', min: 0, max: 20, default: 5 } },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }],
    workload: { trace: 'trace.jsonl' },
    budget: { evaluations: 4 },
    optimizer: { algorithm: 'random', seed: 1 },
    ...extra,
  };
}

export async function writeConfig(dir: string, config: Record<string, unknown>): Promise<void> {
  await writeTrace(dir);
  await writeFile(join(dir, 'scoot.config.json'), JSON.stringify(config));
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The records of a study's observations.jsonl (none when it does not exist yet). */
export async function studyRecords(studyDir: string): Promise<Array<{ trial: number; params: Record<string, unknown>; status: string; reason?: string; reasonCode?: string; source: string; metrics?: Record<string, number> }>> {
  let text: string;
  try {
    text = await readFile(join(studyDir, 'observations.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}
