// Slurm's own client commands (sbatch, squeue, scancel, scontrol), run with argv arrays. Their
// messages are short and to the point ("sbatch: error: invalid partition specified: gpu"), so a
// failure becomes a one-line set-up error quoting them.

import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { loadExeca, type CommandResult } from '../execa.js';
import { EvaluationSetupError } from '../types.js';

export interface SbatchSpec {
  jobName: string;
  /** GPUs per job (--gres=gpu:N). */
  gpus: number;
  partition?: string;
  account?: string;
  /** --time, e.g. "00:30:00". */
  timeLimit?: string;
  extraArgs?: readonly string[];
  /** The job's stdout and stderr. */
  outputPath: string;
  /** Where the job runs. */
  chdir: string;
  scriptPath: string;
}

export function sbatchArgs(s: SbatchSpec): string[] {
  const args = ['--parsable', '--job-name', s.jobName, `--gres=gpu:${s.gpus}`, '--ntasks=1', '--output', s.outputPath, '--chdir', s.chdir];
  if (s.partition !== undefined) args.push('--partition', s.partition);
  if (s.account !== undefined) args.push('--account', s.account);
  if (s.timeLimit !== undefined) args.push('--time', s.timeLimit);
  // Last, so a user's extra argument can override ours (sbatch takes the last occurrence).
  args.push(...(s.extraArgs ?? []), s.scriptPath);
  return args;
}

async function run(program: string, args: readonly string[], timeoutMs: number): Promise<CommandResult> {
  const { execa } = await loadExeca();
  const r = await execa(program, args, { reject: false, timeout: timeoutMs, stdin: 'ignore', windowsHide: true });
  if (r.exitCode === undefined) {
    const code = (r as { code?: string }).code;
    if (code === 'ENOENT') throw new EvaluationSetupError(`${program} not found: is the Slurm client installed and on PATH? (target.type "slurm")`);
    return { exitCode: -1, stdout: r.stdout ?? '', stderr: r.timedOut ? `${program} did not answer within ${Math.round(timeoutMs / 1000)} s` : (r.shortMessage ?? `${program} failed`) };
  }
  return { exitCode: r.exitCode, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .at(-1);
}

/** Submits a batch job; resolves with its id. */
export async function submitJob(spec: SbatchSpec): Promise<string> {
  const r = await run('sbatch', sbatchArgs(spec), 60_000);
  // --parsable prints "id" or "id;cluster".
  const id = r.stdout.trim().split('\n').at(-1)?.split(';')[0] ?? '';
  if (r.exitCode !== 0 || !/^\d+(_\d+)?$/.test(id)) {
    throw new EvaluationSetupError(`sbatch refused the job: ${lastLine(r.stderr) ?? lastLine(r.stdout) ?? `exit status ${r.exitCode}`} (check target.partition, account, timeLimit and extraArgs)`);
  }
  return id;
}

/** States of this user's jobs that Slurm still lists (pending, running, completing, ...); undefined when squeue failed. */
export async function queuedJobs(): Promise<Map<string, string> | undefined> {
  const r = await run('squeue', ['-h', '-u', userInfo().username, '-o', '%i %T'], 30_000);
  if (r.exitCode !== 0) return undefined;
  const out = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const [id, state] = line.trim().split(/\s+/);
    if (id && state) out.set(id, state);
  }
  return out;
}

/**
 * Whether Slurm still lists job `id` (pending, running, completing, ...), asked about that job alone;
 * undefined when squeue could not answer. A finished job is not listed; a forgotten one is an
 * "Invalid job id".
 */
export async function jobListed(id: string): Promise<boolean | undefined> {
  const r = await run('squeue', ['-h', '-j', id, '-o', '%T'], 30_000);
  if (r.exitCode === 0) return r.stdout.trim() !== '';
  if (/Invalid job id/i.test(r.stderr)) return false;
  return undefined;
}

/**
 * How to end a job: `cancel` = scancel (every process of the job gets SIGTERM, SIGKILL after the
 * cluster's KillWait); `term-script` = SIGTERM to the job script only, which stops the engine's group
 * itself (one SIGTERM, then SIGKILL after our grace period) and exits; `kill` = SIGKILL to everything.
 */
export type CancelMode = 'cancel' | 'term-script' | 'kill';

export async function cancelJob(id: string, mode: CancelMode = 'cancel'): Promise<void> {
  const args = mode === 'term-script' ? ['--batch', '--signal=TERM', id] : mode === 'kill' ? ['--full', '--signal=KILL', id] : [id];
  await run('scancel', args, 30_000);
}

/** For exit handlers: scancel, synchronously (best effort). */
export function cancelJobsSync(ids: readonly string[]): void {
  if (ids.length === 0) return;
  spawnSync('scancel', [...ids], { stdio: 'ignore', timeout: 10_000 });
}

export interface JobInfo {
  state?: string;
  reason?: string;
  exitCode?: string;
}

/** What Slurm says about a job (while it still remembers it, MinJobAge after its end). */
export async function jobInfo(id: string): Promise<JobInfo> {
  const r = await run('scontrol', ['show', 'job', '-o', id], 15_000);
  if (r.exitCode !== 0) return {};
  const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(r.stdout)?.[1];
  const info: JobInfo = {};
  const state = field('JobState');
  const reason = field('Reason');
  const exitCode = field('ExitCode');
  if (state !== undefined) info.state = state;
  if (reason !== undefined && reason !== 'None') info.reason = reason;
  if (exitCode !== undefined) info.exitCode = exitCode;
  return info;
}
