// SlurmEvaluator on the real single-node Slurm cluster (slurm-cluster.ts: partition "debug", 4 GPU
// GRES, 2 CPUs, hence --oversubscribe for four jobs at once): a 4-trial parallel study of the
// simulated engine through the real study loop, one job per trial with --gres=gpu:1, all in flight
// together; queued time apart from running time; and nothing left in squeue after a cancel, the
// synchronous exit-time cleanup, the death of the process that submitted the job, or Ctrl-C on the
// real `scoot tune` (once: graceful; twice: kill at once).

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { getPreset } from '../../../src/engines/index.js';
import { createSlurmSlots } from '../../../src/runner/remote-slots.js';
import { pendingSyncCleanups, runSyncCleanups } from '../../../src/runner/remote/sync-cleanup.js';
import { SlurmEvaluator } from '../../../src/runner/slurm/evaluate-slurm.js';
import { EvaluationSetupError, type EvaluationSetup, type Evaluator, type TrialOutcome } from '../../../src/runner/types.js';
import type { ScootConfig, SlurmTarget } from '../../../src/study/config.js';
import { runStudy } from '../../../src/study/run-study.js';
import { loadAndResolve } from '../../../src/study/start-study.js';
import { inProcessSuggestService } from '../../../src/study/suggest-service.js';
import { REPO, SIM_BIN, trial, workload } from './helpers.js';
import { processesWith, startCli, workspace, writeTrace } from '../cli/cli-helpers.js';
import { ensureCluster, jobsNamed, slurmUnavailable, type TestCluster } from './slurm-cluster.js';

const skip = slurmUnavailable();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** `scoot` as the jobs run it: the simulator's entry under tsx, by absolute paths (jobs start in the config folder). */
const SCOOT = [process.execPath, '--import', pathToFileURL(require.resolve('tsx')).href, SIM_BIN];
const SIM_FLAGS = ['--model-profile', 'llama2-7b', '--gpu', 'a100-80g', '--num-gpus', '1', '--max-model-len', '4096', '--startup-seconds', '0.2'];
/** The test cluster's node has 2 CPUs; four jobs at once need to share them. */
const TARGET: SlurmTarget = { type: 'slurm', partition: 'debug', timeLimit: '00:10:00', extraArgs: ['--oversubscribe'] };

function studyDir(t: { after(fn: () => void): void }, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-slurm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
}

function simSlurmSetup(over: Partial<EvaluationSetup> = {}): EvaluationSetup {
  return {
    preset: getPreset('sim'),
    baseCommand: ['scoot', ...SIM_FLAGS],
    scootCommand: SCOOT,
    env: {},
    host: '127.0.0.1',
    readyTimeoutSec: 60,
    cwd: REPO,
    workload: workload({ count: undefined, durationSec: 3, rate: 4 }),
    stopGraceSec: 3,
    ...over,
  };
}

describe('SlurmEvaluator on a real Slurm cluster', { skip }, () => {
  let cluster: TestCluster | undefined;
  before(() => {
    cluster = ensureCluster();
  });
  after(() => {
    cluster?.stop();
  });

  it('runs a 4-trial parallel study, one --gres=gpu:1 job per trial, all in flight at once', { timeout: 240_000 }, async (t) => {
    assert.ok(await until(() => jobsNamed('').length === 0, 60_000), `the cluster's queue is empty before the study: ${JSON.stringify(jobsNamed(''))}`);
    const name = `slurm-study-${randomBytes(3).toString('hex')}`;
    const dir = studyDir(t, name);
    writeFileSync(join(dir, '..', 'trace.jsonl'), Array.from({ length: 16 }, (_, i) => JSON.stringify({ prompt: `question ${i}: ${'about engines '.repeat(1 + (i % 4))}`, output_tokens: 8 + (i % 4) })).join('\n'));
    const config: ScootConfig = {
      name,
      engine: { type: 'sim', command: ['scoot', ...SIM_FLAGS], readyTimeoutSec: 90 },
      target: TARGET,
      objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
      workload: { trace: 'trace.jsonl', rate: 4, durationSec: 3, warmupRequests: 1, requestTimeoutSec: 30, longestOutputs: 1 },
      budget: { evaluations: 4, parallel: 4 },
      optimizer: { seed: 1 },
    };
    const resolved = await loadAndResolve(join(dir, '..', 'scoot.config.json'), config);
    const slurm = new SlurmEvaluator({ ...resolved.setup, scootCommand: SCOOT }, TARGET);
    const outcomes: TrialOutcome[] = [];
    const evaluator: Evaluator = {
      evaluate: async (...args) => {
        const o = await slurm.evaluate(...args);
        outcomes.push(o);
        return o;
      },
      close: () => slurm.close(),
    };
    const slots = createSlurmSlots({ partition: TARGET.partition, jobs: resolved.parallel, gpusPerTrial: resolved.gpusPerTrial });
    assert.equal(slots.length, 4);

    // Watch the queue while the study runs: how many of its jobs Slurm runs at the same time.
    let maxRunning = 0;
    const seen = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const jobs = jobsNamed(`scoot-${name}-`);
        for (const j of jobs) seen.add(j.name);
        maxRunning = Math.max(maxRunning, jobs.filter((j) => j.state === 'RUNNING').length);
        await sleep(250);
      }
    })();
    const started = Date.now();
    const outcome = await runStudy({ resolved, studyDir: dir, resume: false, evaluator, slots, suggest: inProcessSuggestService(), signal: new AbortController().signal }).finally(async () => {
      watching = false;
      await watcher;
      await evaluator.close();
    });
    const wall = (Date.now() - started) / 1000;
    t.diagnostic(`4 trials on Slurm in ${wall.toFixed(1)} s; queued ${outcomes.map((o) => o.queuedSeconds).join(', ')} s; ran ${outcomes.map((o) => o.runningSeconds).join(', ')} s`);

    assert.equal(outcome.status, 'finished', outcome.error);
    assert.equal(outcome.summary.evaluated, 4);
    assert.equal(outcomes.length, 4);
    for (const o of outcomes) {
      assert.equal(o.status, 'ok', o.reason);
      assert.ok((o.metrics?.request_throughput ?? 0) > 0);
      assert.ok(o.queuedSeconds !== undefined && o.queuedSeconds >= 0, 'queued time recorded');
      assert.ok(o.runningSeconds !== undefined && o.runningSeconds > 0, 'running time recorded');
    }
    assert.equal(maxRunning, 4, 'four jobs ran at the same time');
    assert.deepEqual([...seen].sort(), [0, 1, 2, 3].map((i) => `scoot-${name}-${i}`));
    const log = readFileSync(join(dir, 'logs', '0.log'), 'utf8');
    assert.match(log, /\[scoot\] trial 0: Slurm job \d+ \(scoot-slurm-study-\w+-0\) submitted to debug with --gres=gpu:1/);
    assert.match(log, /\[scoot\] job \d+ started on \S+ after [\d.]+ s in the queue; engine port \d+ \(SLURM_JOB_ID=\d+, SLURM_GPUS_ON_NODE=1, CUDA_VISIBLE_DEVICES=[^)]*\)/);
    assert.match(log, /Uvicorn running on http:\/\/0\.0\.0\.0:\d+/);
    assert.match(log, /\[scoot\] Slurm job \d+ left the queue: queued [\d.]+ s, ran [\d.]+ s; engine exited with code 0/);
    assert.deepEqual(jobsNamed(`scoot-${name}-`), [], 'nothing left in squeue');
    assert.equal(pendingSyncCleanups(), 0);
  });

  it('reports time in the queue apart from time running', { timeout: 120_000 }, async (t) => {
    const dir = studyDir(t, 'queued');
    // A job holding all four GPUs for a few seconds: the trial's job must wait for it.
    const blocker = spawnSync('sbatch', ['--parsable', '--job-name', 'scoot-test-blocker', '--gres=gpu:4', '--oversubscribe', '--output', '/dev/null', '--wrap', 'sleep 6'], { encoding: 'utf8' });
    assert.equal(blocker.status, 0, blocker.stderr);
    t.after(() => void spawnSync('scancel', [blocker.stdout.trim()]));
    await until(() => jobsNamed('scoot-test-blocker').some((j) => j.state === 'RUNNING'), 20_000);
    const evaluator = new SlurmEvaluator(simSlurmSetup(), TARGET);
    t.after(() => evaluator.close());
    const [slot] = createSlurmSlots({ partition: 'debug', jobs: 1, gpusPerTrial: 1 });
    const outcome = await evaluator.evaluate(trial(0), slot, join(dir, 'logs', '0.log'), new AbortController().signal);
    assert.equal(outcome.status, 'ok', outcome.reason);
    assert.ok((outcome.queuedSeconds ?? 0) >= 3, `queued ${outcome.queuedSeconds} s behind the blocker`);
    assert.ok((outcome.runningSeconds ?? 0) > (outcome.loadSeconds ?? 0), `ran ${outcome.runningSeconds} s`);
  });

  it('scancels the job when the trial is cancelled mid-test', { timeout: 120_000 }, async (t) => {
    const dir = studyDir(t, 'cancel');
    const evaluator = new SlurmEvaluator(simSlurmSetup({ workload: workload({ count: undefined, durationSec: 60, rate: 4 }) }), TARGET);
    t.after(() => evaluator.close());
    const [slot] = createSlurmSlots({ partition: 'debug', jobs: 1, gpusPerTrial: 1 });
    const controller = new AbortController();
    const outcome = await evaluator.evaluate(trial(1), slot, join(dir, 'logs', '1.log'), controller.signal, {
      onPhase: (p) => {
        if (p === 'load') setTimeout(() => controller.abort(), 500);
      },
    });
    assert.equal(outcome.reasonCode, 'cancelled');
    assert.deepEqual(jobsNamed('scoot-cancel-'), [], 'nothing left in squeue');
    assert.match(readFileSync(join(dir, 'logs', '1.log'), 'utf8'), /left the queue: queued [\d.]+ s, ran [\d.]+ s; engine exited with code 0/);
  });

  it('a job cancelled by someone else is an error of the set-up, not an infeasible configuration', { timeout: 120_000 }, async (t) => {
    const dir = studyDir(t, 'foreign');
    const evaluator = new SlurmEvaluator(simSlurmSetup({ workload: workload({ count: undefined, durationSec: 60, rate: 4 }) }), TARGET);
    t.after(() => evaluator.close());
    const [slot] = createSlurmSlots({ partition: 'debug', jobs: 1, gpusPerTrial: 1 });
    const outcome = await evaluator.evaluate(trial(4), slot, join(dir, 'logs', '4.log'), new AbortController().signal, {
      onPhase: (p) => {
        if (p === 'load') setTimeout(() => jobsNamed('scoot-foreign-').forEach((j) => spawnSync('scancel', [j.id])), 500);
      },
    });
    assert.equal(outcome.status, 'error');
    assert.equal(outcome.reasonCode, 'job-ended');
    assert.match(outcome.reason ?? '', /^Slurm ended job \d+ while the engine ran \(CANCELLED/);
    assert.deepEqual(jobsNamed('scoot-foreign-'), []);
  });

  it('the synchronous exit-time cleanup scancels jobs in flight', { timeout: 120_000 }, async (t) => {
    const dir = studyDir(t, 'synckill');
    const evaluator = new SlurmEvaluator(simSlurmSetup({ workload: workload({ count: undefined, durationSec: 60, rate: 4 }) }), TARGET);
    t.after(() => evaluator.close());
    const [slot] = createSlurmSlots({ partition: 'debug', jobs: 1, gpusPerTrial: 1 });
    const outcome = await evaluator.evaluate(trial(2), slot, join(dir, 'logs', '2.log'), new AbortController().signal, {
      onPhase: (p) => {
        if (p === 'load') setTimeout(() => assert.equal(runSyncCleanups(), 1), 500);
      },
    });
    assert.notEqual(outcome.status, 'ok');
    assert.ok(await until(() => jobsNamed('scoot-synckill-').length === 0, 15_000), 'nothing left in squeue');
  });

  it('a job whose submitting process was SIGKILLed stops itself once its heartbeat goes stale', { timeout: 120_000 }, async (t) => {
    const dir = studyDir(t, 'orphan');
    const driver = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test/fixtures/slurm-trial.ts'), dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    t.after(() => void driver.kill('SIGKILL'));
    let out = '';
    driver.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    assert.ok(await until(() => out.includes('phase load'), 90_000), `the trial reached its load test: ${out}`);
    assert.equal(jobsNamed('scoot-orphan-').filter((j) => j.state === 'RUNNING').length, 1);
    driver.kill('SIGKILL');
    const killedAt = Date.now();
    assert.ok(await until(() => jobsNamed('scoot-orphan-').length === 0, 30_000), 'the orphaned job ended');
    t.diagnostic(`orphaned job gone ${((Date.now() - killedAt) / 1000).toFixed(1)} s after its submitter died (heartbeat stale after 4 s)`);
  });

  it('turns an sbatch refusal into a one-line set-up error', async (t) => {
    const dir = studyDir(t, 'refused');
    const evaluator = new SlurmEvaluator(simSlurmSetup(), { ...TARGET, partition: 'no-such-partition' });
    t.after(() => evaluator.close());
    const [slot] = createSlurmSlots({ partition: 'no-such-partition', jobs: 1, gpusPerTrial: 1 });
    await assert.rejects(
      evaluator.evaluate(trial(3), slot, join(dir, 'logs', '3.log'), new AbortController().signal),
      (e: Error) => e instanceof EvaluationSetupError && /^sbatch refused the job: sbatch: error: Batch job submission failed: Invalid partition name specified \(check target.partition/.test(e.message) && !e.message.includes('\n'),
    );
  });
  /** `scoot tune` (dist/cli.js) on a Slurm target, interrupted once two trials are under load. */
  async function interruptedCli(t: { after(fn: () => Promise<void>): void }, interrupt: (child: ChildProcess) => void): Promise<{ code: number | null; stdout: string; stderr: string; prefix: string; marker: string }> {
    const dir = await workspace(t);
    await writeTrace(dir);
    const name = `slurm-cli-${randomBytes(3).toString('hex')}`;
    const marker = `scoot-slurm-cli-${randomBytes(4).toString('hex')}`;
    const config = {
      name,
      engine: { type: 'sim', command: ['scoot', 'sim', 'serve', ...SIM_FLAGS, '--served-model-name', marker], readyTimeoutSec: 90 },
      target: TARGET,
      objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
      workload: { trace: 'trace.jsonl', rate: 4, durationSec: 60, warmupRequests: 1, requestTimeoutSec: 20, longestOutputs: 1 },
      budget: { evaluations: 4, parallel: 2 },
      optimizer: { seed: 3 },
    };
    writeFileSync(join(dir, 'scoot.config.json'), JSON.stringify(config));
    const prefix = `scoot-${name}-`;
    const { child, done } = startCli(['tune'], dir);
    const log = (n: number): string => {
      const p = join(dir, '.scoot', name, 'logs', `${n}.log`);
      return existsSync(p) ? readFileSync(p, 'utf8') : '';
    };
    const underLoad = await until(() => [0, 1].every((n) => (log(n).match(/POST \/v1\/completions/g)?.length ?? 0) >= 2), 120_000);
    assert.ok(underLoad, `two trials under load: ${log(0).slice(-300)} | ${log(1).slice(-300)}`);
    assert.equal(jobsNamed(prefix).filter((j) => j.state === 'RUNNING').length, 2, 'two jobs running');
    interrupt(child);
    const run = await done;
    return { ...run, prefix, marker };
  }

  it('Ctrl-C on `scoot tune` mid-trial leaves no job in squeue and no engine', { timeout: 240_000 }, async (t) => {
    const run = await interruptedCli(t, (child) => child.kill('SIGINT'));
    assert.equal(run.code, 130, run.stderr);
    assert.deepEqual(jobsNamed(run.prefix), [], 'no job left once the CLI has exited');
    assert.deepEqual(processesWith(run.marker), [], 'no engine left');
  });

  it('a second Ctrl-C (kill at once) still leaves no job in squeue', { timeout: 240_000 }, async (t) => {
    const run = await interruptedCli(t, (child) => {
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGINT'), 200);
    });
    assert.equal(run.code, 130, run.stderr);
    assert.ok(await until(() => jobsNamed(run.prefix).length === 0, 20_000), 'scancel took every job out of the queue');
    assert.ok(await until(() => processesWith(run.marker).length === 0, 20_000), 'no engine left');
  });
});
