// Evaluating a configuration as a Slurm job: a job script (engine-script.ts) submitted with sbatch
// and --gres=gpu:N, which finds a free port on its node and reports host and port in its output; the
// server trial driven from here against that node; scancel when the trial ends, is cancelled or the
// evaluator closes. The time the job waited in the queue is reported apart from the time it ran.
//
// Like every Slurm workflow, this assumes the study folder is on a file system the compute nodes
// share (the job's output file is how its engine talks back), and that the engine command works on
// the nodes. The engine binds 0.0.0.0 there (unless engine.host names another address) so that this
// machine can reach it.

import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeExit } from '../exit-info.js';
import { cancelledOutcome } from '../outcomes.js';
import { baseUrl } from '../ports.js';
import { engineScript } from '../remote/engine-script.js';
import { renderPortTemplated, withScootCommand, type ShellWord } from '../remote/port-template.js';
import { RemoteOutput } from '../remote/remote-output.js';
import { shellQuote } from '../remote/shell.js';
import { studyLabelFromLog } from '../remote/study-name.js';
import { registerSyncCleanup } from '../remote/sync-cleanup.js';
import { runServerTrial, TAIL_LINES, trialSchedule } from '../server-trial.js';
import { EvaluationSetupError, type EvaluationSetup, type Evaluator, type Slot, type TrialHooks, type TrialOutcome, type TrialSpec } from '../types.js';
import { FileTail } from './file-tail.js';
import { JobWatch, type WatchedJob } from './job-watch.js';
import { cancelJob, cancelJobsSync, jobInfo, submitJob } from './slurm-commands.js';
import { raceWithAbort } from '../remote/race-abort.js';

/** The config's `target` for Slurm (scoot.config.json's SlurmTarget). */
export interface SlurmTargetSpec {
  type: 'slurm';
  partition?: string;
  account?: string;
  /** Slurm time limit per trial, e.g. "00:30:00". */
  timeLimit?: string;
  /** How many jobs may be in flight at once (default: budget.parallel). */
  maxJobs?: number;
  extraArgs?: readonly string[];
}

export interface SlurmEvaluatorOptions {
  /** Job scripts, job output and generated files go to <workRoot>/<trial>/; default: `work/` next to the log folder. */
  workRoot?: string;
  /** How often squeue is asked about jobs in flight. */
  pollMs?: number;
  /** How often this process touches each job's heartbeat file. */
  heartbeatSec?: number;
  /** A job whose heartbeat has not changed for this long stops its engine and ends (the study process died). */
  heartbeatStaleSec?: number;
  /** How long a cancelled job may take to leave the queue before it is sent SIGKILL. */
  cancelWaitSec?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const within = <T>(p: Promise<T>, ms: number): Promise<boolean> => Promise.race([p.then(() => true), sleep(ms).then(() => false)]);

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function describeEnv(env: Record<string, string>): string {
  const parts = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** Job states in which Slurm, not the engine, ended the job. */
/** Job states that may still turn into CANCELLED, TIMEOUT or NODE_FAIL a moment later. */
const SETTLING = new Set(['RUNNING', 'COMPLETING']);
const SETTLE_MS = 3000;
const SETTLE_POLL_MS = 200;
const SLURM_ENDED = new Set(['CANCELLED', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'REVOKED']);

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

type FirstJobEvent = { kind: 'launched' } | { kind: 'fatal'; reason: string } | { kind: 'gone' } | { kind: 'aborted' };

interface LiveJob {
  id: string;
  watched: WatchedJob;
  stop(): Promise<void>;
}

export class SlurmEvaluator implements Evaluator {
  private readonly watch: JobWatch;
  private readonly live = new Map<string, LiveJob>();
  private closed = false;

  constructor(
    private readonly setup: EvaluationSetup,
    private readonly target: SlurmTargetSpec,
    private readonly options: SlurmEvaluatorOptions = {},
  ) {
    if (!setup.preset.readiness) throw new EvaluationSetupError(`engine type "${setup.preset.type}" does not run a server; target.type "slurm" runs server engines only`);
    if (target.timeLimit !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(target.timeLimit))
      throw new EvaluationSetupError(`target.timeLimit "${target.timeLimit}" is not a Slurm time (minutes, MM:SS, HH:MM:SS or D-HH:MM:SS)`);
    this.watch = new JobWatch(options.pollMs ?? 1000);
  }

  async evaluate(spec: TrialSpec, slot: Slot, logPath: string, signal: AbortSignal, hooks?: TrialHooks): Promise<TrialOutcome> {
    if (this.closed) throw new EvaluationSetupError('the evaluator was closed');
    if (slot.kind !== 'slurm') throw new EvaluationSetupError(`${slot.label} is not a Slurm job slot`);
    const { setup, target, options } = this;
    const schedule = trialSchedule(setup.workload, spec);
    if (signal.aborted) return cancelledOutcome();
    hooks?.onPhase?.('launching');

    const study = studyLabelFromLog(logPath);
    const trialDir = resolve(options.workRoot ?? join(dirname(resolve(logPath)), '..', 'work'), String(spec.trial));
    try {
      // A trial number is re-used when its first attempt was cancelled: start from a clean folder.
      rmSync(trialDir, { recursive: true, force: true });
      mkdirSync(trialDir, { recursive: true });
    } catch (e) {
      throw new EvaluationSetupError(`cannot create the job folder ${trialDir}: ${(e as Error).message}`);
    }
    const bindHost = isLoopback(setup.host) ? '0.0.0.0' : setup.host;
    const launch = renderPortTemplated(setup.preset, spec.params, setup.baseCommand, { host: bindHost, gpus: slot.gpus, workDir: trialDir });
    const env: Array<[string, ShellWord]> = [...Object.entries(setup.env).map(([k, v]): [string, ShellWord] => [k, shellQuote(v)]), ...launch.env];
    const marker = `##scoot-${randomBytes(6).toString('hex')}`;
    const heartbeatPath = join(trialDir, 'heartbeat');
    const heartbeatSec = options.heartbeatSec ?? 10;
    let beats = 0;
    writeFileSync(heartbeatPath, `${beats}\n`);
    const script = engineScript({
      marker,
      files: launch.files,
      env,
      argv: withScootCommand(launch.argv, setup.scootCommand),
      probeHost: bindHost,
      graceSec: setup.stopGraceSec,
      stopOnTerm: true,
      heartbeat: { path: heartbeatPath, checkSec: heartbeatSec, staleSec: Math.max(options.heartbeatStaleSec ?? 120, 2 * heartbeatSec) },
      reportEnv: ['SLURM_JOB_ID', 'SLURM_GPUS_ON_NODE', 'CUDA_VISIBLE_DEVICES'],
    });
    const scriptPath = join(trialDir, 'job.sh');
    writeFileSync(scriptPath, `#!/bin/bash\n${script}`, { mode: 0o755 });
    const outputPath = join(trialDir, 'job.out');

    const output = await RemoteOutput.open({ marker, logPath, ...(setup.logLimitBytes !== undefined ? { logLimitBytes: setup.logLimitBytes } : {}), ...(hooks?.onOutput ? { onOutput: (c: string) => hooks.onOutput?.(c) } : {}) });
    const jobName = `scoot-${study}-${spec.trial}`;
    let id: string;
    try {
      id = await submitJob({
        jobName,
        gpus: Math.max(1, slot.gpus.length),
        ...(target.partition !== undefined ? { partition: target.partition } : {}),
        ...(target.account !== undefined ? { account: target.account } : {}),
        ...(target.timeLimit !== undefined ? { timeLimit: target.timeLimit } : {}),
        ...(target.extraArgs !== undefined ? { extraArgs: target.extraArgs } : {}),
        outputPath,
        chdir: setup.cwd,
        scriptPath,
      });
    } catch (e) {
      await output.close();
      throw e;
    }
    const submittedAt = Date.now();
    let startedAt: number | undefined;
    void output.started.then(() => (startedAt ??= Date.now()));
    const unregister = registerSyncCleanup(() => cancelJobsSync([id]));
    const watched = this.watch.watch(id);
    const heartbeat = setInterval(() => {
      try {
        writeFileSync(heartbeatPath, `${++beats}\n`);
      } catch {
        // the study folder went away: the job will stop itself, which is what should happen
      }
    }, heartbeatSec * 1000);
    const tail = new FileTail(outputPath, (text) => output.push(text));
    tail.start();
    output.note(`trial ${spec.trial}: Slurm job ${id} (${jobName}) submitted to ${target.partition ?? 'the default partition'} with --gres=gpu:${Math.max(1, slot.gpus.length)}`);

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => (stopping ??= this.stopJob(id, watched, output));
    this.live.set(id, { id, watched, stop });
    const ranFor = (): number | undefined => (startedAt !== undefined ? seconds(Date.now() - startedAt) : undefined);
    const queuedFor = (): number => seconds((startedAt ?? Date.now()) - submittedAt);
    try {
      hooks?.onPhase?.('queued');
      const first = await this.firstEvent(output, watched, signal);
      if (first.kind === 'aborted') return { ...cancelledOutcome(), queuedSeconds: queuedFor() };
      if (first.kind === 'fatal') throw new EvaluationSetupError(`Slurm job ${id}: ${first.reason}`);
      if (first.kind === 'gone') {
        await tail.stop();
        const info = await jobInfo(id);
        const last = output.tail.lastLine();
        throw new EvaluationSetupError(
          `Slurm job ${id} ended before the engine started${info.state ? ` (${info.state}${info.reason ? `, ${info.reason}` : ''})` : ''}${last ? `: ${last}` : ''}; see ${outputPath}`,
        );
      }
      const host = output.startedInfo?.host ?? '';
      const port = output.portNumber;
      if (host === '' || port === undefined) throw new EvaluationSetupError(`Slurm job ${id} did not report its host and port`);
      const queuedSeconds = queuedFor();
      output.note(`job ${id} started on ${host} after ${queuedSeconds} s in the queue; engine port ${port}${describeEnv(output.launchedInfo?.env ?? {})}`);

      // A job that leaves the queue without the script's exit report was killed (time limit, node failure, scancel by someone).
      const exited = Promise.race([output.exited, watched.gone.then(() => sleep(500)).then(() => output.exit ?? { code: null, signal: 'SIGKILL' as NodeJS.Signals })]);
      const outcome = await runServerTrial({
        setup,
        engine: { exited, tailLines: () => output.tail.lines(TAIL_LINES) },
        baseUrl: baseUrl(host, port),
        schedule,
        signal,
        hooks,
        spec,
      });
      const timing = { queuedSeconds, ...(ranFor() !== undefined ? { runningSeconds: ranFor() } : {}) };
      if (outcome.status !== 'ok' && outcome.reasonCode !== 'cancelled') {
        // The engine may have died because Slurm ended the job (time limit, someone's scancel, a node
        // failure, preemption): that is not the configuration's fault.
        const ended = await this.endedBySlurm(id, watched, output);
        if (ended) return { ...ended, ...timing };
      }
      return { ...outcome, ...timing };
    } finally {
      hooks?.onPhase?.('stopping');
      const running = ranFor();
      await stop();
      clearInterval(heartbeat);
      await tail.stop();
      this.live.delete(id);
      this.watch.forget(id);
      unregister();
      const exit = output.exit;
      output.note(
        `Slurm job ${id} left the queue: ${startedAt !== undefined ? `queued ${queuedFor()} s, ran ${running ?? '?'} s` : `cancelled after ${queuedFor()} s in the queue`}${exit ? `; engine ${describeExit(exit)}` : ''}`,
      );
      await output.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live.values()].map((j) => j.stop()));
  }

  /** Why Slurm ended job `id`, as an error outcome, when it did (rather than the engine failing on its own). */
  private async endedBySlurm(id: string, watched: WatchedJob, output: RemoteOutput): Promise<TrialOutcome | undefined> {
    // An outside scancel kills the engine before Slurm records the job as CANCELLED: while the job
    // still reads RUNNING or COMPLETING, give it a moment to settle before blaming the configuration.
    let info = await jobInfo(id);
    for (let waited = 0; waited < SETTLE_MS && SETTLING.has(info.state?.replace(/\+$/, '') ?? ''); waited += SETTLE_POLL_MS) {
      await sleep(SETTLE_POLL_MS);
      info = await jobInfo(id);
    }
    const state = info.state?.replace(/\+$/, '');
    if (state === 'TIMEOUT') {
      return {
        status: 'error',
        reason: `Slurm job ${id} reached its time limit (target.timeLimit ${this.target.timeLimit ?? 'not set: the partition default'}) before the trial ended`,
        reasonCode: 'time-limit',
      };
    }
    if (state !== undefined && SLURM_ENDED.has(state)) {
      return { status: 'error', reason: `Slurm ended job ${id} while the engine ran (${state}${info.reason ? `, ${info.reason}` : ''})`, reasonCode: 'job-ended' };
    }
    if (watched.isGone && output.exit === undefined) {
      return { status: 'error', reason: `Slurm job ${id} ended while the engine ran${state ? ` (${state})` : ''}`, reasonCode: 'job-ended' };
    }
    return undefined;
  }

  private async firstEvent(output: RemoteOutput, watched: WatchedJob, signal: AbortSignal): Promise<FirstJobEvent> {
    return raceWithAbort<FirstJobEvent>(
      [
        output.launched.then(() => ({ kind: 'launched' })),
        output.fatal.then((reason) => ({ kind: 'fatal', reason })),
        // The job may print its last lines just before it leaves the queue: let the tail catch up.
        watched.gone.then(() => sleep(500)).then(() => (output.launchedInfo ? { kind: 'launched' } : output.fatalReason ? { kind: 'fatal', reason: output.fatalReason } : { kind: 'gone' })),
      ],
      signal,
      { kind: 'aborted' },
    );
  }

  /**
   * Ends the job and waits until Slurm no longer lists it. A job whose script runs gets SIGTERM in
   * the script alone, which stops the engine exactly once (SIGTERM, SIGKILL after the grace period;
   * a plain scancel would signal the engine as well, twice). A pending job, or one that does not
   * end, is scancelled; SIGKILL if even that lingers.
   */
  private async stopJob(id: string, watched: WatchedJob, output: RemoteOutput): Promise<void> {
    if (watched.isGone) return;
    const grace = this.setup.stopGraceSec;
    if (output.startedInfo !== undefined) {
      await cancelJob(id, 'term-script');
      if (await within(watched.gone, (grace + 10) * 1000)) return;
      output.note(`Slurm job ${id} still running ${grace + 10} s after SIGTERM to its script: scancel`);
    }
    await cancelJob(id, 'cancel');
    await this.watch.pollNow();
    const waitMs = (grace + (this.options.cancelWaitSec ?? 30)) * 1000;
    if (await within(watched.gone, waitMs)) return;
    output.note(`Slurm job ${id} still listed ${Math.round(waitMs / 1000)} s after scancel: sending SIGKILL`);
    await cancelJob(id, 'kill');
    if (!(await within(watched.gone, 30_000))) output.note(`Slurm job ${id} is still listed by squeue; check it with \`squeue -j ${id}\``);
  }
}
