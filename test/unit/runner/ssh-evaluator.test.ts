// SshEvaluator against a real sshd on 127.0.0.1 (test/unit/runner/sshd.ts) running the simulated
// engine "remotely": a trial measured through the port forward, and no remote process left behind
// after a stop, a cancel, a killed local ssh client or the synchronous exit-time cleanup.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getPreset } from '../../../src/engines/index.js';
import { createSshSlots } from '../../../src/runner/remote-slots.js';
import { pendingSyncCleanups, runSyncCleanups } from '../../../src/runner/remote/sync-cleanup.js';
import { SshEvaluator, type SshTargetSpec } from '../../../src/runner/ssh/evaluate-ssh.js';
import { EvaluationSetupError, type EvaluationSetup, type TrialOutcome } from '../../../src/runner/types.js';
import { REPO, SIM_BIN, tempDir, trial, workload } from './helpers.js';
import { sshdUnavailable, startSshd, type TestSshd } from './sshd.js';

const skip = sshdUnavailable();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Processes whose command line contains `marker` (the engine's served model name: unique per test). */
function processesWith(marker: string): Array<{ pid: number; comm: string }> {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-a', '-f', marker], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [pid, comm] = l.split(' ', 2);
      return { pid: Number(pid), comm: comm ?? '' };
    })
    .filter((p) => p.pid !== process.pid);
}

async function noneLeft(marker: string, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (processesWith(marker).length === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

function simSshSetup(marker: string, over: Partial<EvaluationSetup> = {}): EvaluationSetup {
  return {
    preset: getPreset('sim'),
    baseCommand: [process.execPath, '--import', 'tsx', SIM_BIN, '--model-profile', 'llama2-7b', '--gpu', 'a100-80g', '--num-gpus', '1', '--startup-seconds', '0.2', '--served-model-name', marker],
    scootCommand: [],
    env: { SCOOT_TEST_MARKER: marker },
    host: '127.0.0.1',
    readyTimeoutSec: 30,
    cwd: REPO,
    workload: workload({ count: undefined, durationSec: 2, rate: 8 }),
    stopGraceSec: 3,
    ...over,
  };
}

describe('SshEvaluator on a real sshd', { skip }, () => {
  let sshd: TestSshd;
  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
  });

  const target = (over: Partial<SshTargetSpec> = {}): SshTargetSpec => ({
    type: 'ssh',
    hosts: [{ host: sshd.alias, gpus: [0, 1], workDir: REPO }],
    sshConfig: sshd.configFile,
    ...over,
  });

  it('runs the simulator remotely and measures it through the port forward', async (t) => {
    const marker = `scoot-ssh-${randomBytes(4).toString('hex')}`;
    const dir = tempDir(t);
    const evaluator = new SshEvaluator(simSshSetup(marker), target());
    t.after(() => evaluator.close());
    const [slot] = createSshSlots(target().hosts, 1, 1);
    const logPath = join(dir, 'study', 'logs', '4.log');
    let streamed = '';
    const phases: string[] = [];
    const outcome = await evaluator.evaluate(trial(4, { 'max-num-seqs': 32 }), slot, logPath, new AbortController().signal, {
      onOutput: (c) => (streamed += c),
      onPhase: (p) => phases.push(p),
    });
    assert.equal(outcome.status, 'ok', outcome.reason);
    assert.equal(outcome.metrics?.error_rate, 0);
    assert.ok((outcome.metrics?.request_throughput ?? 0) > 0);
    assert.ok((outcome.metrics?.ttft_mean ?? 0) > 0);
    assert.deepEqual(phases, ['launching', 'waiting-ready', 'warmup', 'load', 'stopping']);
    const log = readFileSync(logPath, 'utf8');
    assert.match(log, /\[scoot\] trial 4 on slot 0 \(scoot-test-sshd GPU 0\) via ssh scoot-test-sshd: engine port \d+ there, forwarded from 127\.0\.0\.1:\d+/);
    assert.match(log, /\[scoot\] engine started on \S+ \(CUDA_VISIBLE_DEVICES=0\)/);
    assert.match(log, /Uvicorn running on/, 'the engine output streamed back');
    assert.match(log, /\[scoot\] engine exited with code 0/);
    assert.doesNotMatch(log, /##scoot-/, 'marker lines are not part of the log');
    assert.doesNotMatch(log, /channel \d+: open failed/);
    assert.match(streamed, /Uvicorn running on/);
    assert.ok(await noneLeft(marker, 5000), 'no remote process left');
    assert.equal(pendingSyncCleanups(), 0);
  });

  /** Runs a long trial and calls `interrupt` once the load test is under way. */
  async function interrupted(t: { after(fn: () => unknown): void }, interrupt: (ctx: { marker: string; controller: AbortController }) => void): Promise<{ outcome: TrialOutcome; marker: string; log: string; ms: number }> {
    const marker = `scoot-ssh-${randomBytes(4).toString('hex')}`;
    const dir = tempDir(t);
    const evaluator = new SshEvaluator(simSshSetup(marker, { workload: workload({ count: undefined, durationSec: 60, rate: 4 }) }), target());
    t.after(() => evaluator.close());
    const [slot] = createSshSlots(target().hosts, 1, 1);
    const controller = new AbortController();
    const logPath = join(dir, 'study', 'logs', '5.log');
    let interruptedAt = 0;
    const outcome = await evaluator.evaluate(trial(5), slot, logPath, controller.signal, {
      onPhase: (p) => {
        if (p === 'load')
          setTimeout(() => {
            assert.ok(processesWith(marker).length > 0, 'the engine runs before the interruption');
            interruptedAt = Date.now();
            interrupt({ marker, controller });
          }, 500);
      },
    });
    return { outcome, marker, log: readFileSync(logPath, 'utf8'), ms: Date.now() - interruptedAt };
  }

  it('stops the remote engine when the trial is cancelled mid-test', async (t) => {
    const { outcome, marker, log, ms } = await interrupted(t, ({ controller }) => controller.abort());
    assert.equal(outcome.reasonCode, 'cancelled');
    assert.ok(await noneLeft(marker, 3000), 'no remote process left');
    assert.match(log, /\[scoot\] engine exited with code 0/, 'SIGTERM let the engine shut down cleanly');
    assert.ok(ms < 10_000, `stopped in ${ms} ms`);
    assert.equal(pendingSyncCleanups(), 0);
  });

  it('stops the remote engine when the local ssh client is killed', async (t) => {
    const { outcome, marker } = await interrupted(t, ({ marker }) => {
      const clients = processesWith(marker).filter((p) => p.comm === 'ssh');
      assert.equal(clients.length, 1, 'one ssh session carries the engine');
      process.kill(clients[0].pid, 'SIGKILL');
    });
    assert.equal(outcome.status, 'error');
    assert.equal(outcome.reasonCode, 'connection-lost');
    assert.match(outcome.reason ?? '', /^lost the ssh connection to scoot-test-sshd/);
    assert.ok(await noneLeft(marker, 8000), 'the remote script stopped the engine when its session closed');
  });

  it('the synchronous exit-time cleanup leaves no remote process', async (t) => {
    const { outcome, marker } = await interrupted(t, () => {
      assert.equal(pendingSyncCleanups(), 1);
      assert.equal(runSyncCleanups(), 1);
    });
    assert.notEqual(outcome.status, 'ok');
    assert.ok(await noneLeft(marker, 3000), 'no remote process left');
  });

  it('refuses a host whose key is not known, with a hint, and never turns checking off', async (t) => {
    const marker = `scoot-ssh-${randomBytes(4).toString('hex')}`;
    const dir = tempDir(t);
    const evaluator = new SshEvaluator(simSshSetup(marker), target({ sshConfig: sshd.unknownHostConfigFile }));
    t.after(() => evaluator.close());
    const [slot] = createSshSlots(target().hosts, 1, 1);
    await assert.rejects(
      evaluator.evaluate(trial(6), slot, join(dir, 'study', 'logs', '6.log'), new AbortController().signal),
      (e: Error) => e instanceof EvaluationSetupError && /^ssh scoot-test-sshd \(looking for a free port\): Host key verification failed\.; connect once with `ssh scoot-test-sshd`/.test(e.message),
    );
    assert.equal(processesWith(marker).length, 0);
  });

  it('reports a working directory that does not exist on the host as a set-up error', async (t) => {
    const marker = `scoot-ssh-${randomBytes(4).toString('hex')}`;
    const dir = tempDir(t);
    const hosts = [{ host: sshd.alias, gpus: [0], workDir: '/nonexistent/scoot' }];
    const evaluator = new SshEvaluator(simSshSetup(marker), target({ hosts }));
    t.after(() => evaluator.close());
    const [slot] = createSshSlots(hosts, 1, 1);
    await assert.rejects(
      evaluator.evaluate(trial(7), slot, join(dir, 'study', 'logs', '7.log'), new AbortController().signal),
      (e: Error) => e instanceof EvaluationSetupError && /^scoot-test-sshd: cannot cd to \/nonexistent\/scoot/.test(e.message),
    );
  });
});

describe('SshEvaluator configuration', () => {
  const setup = (): EvaluationSetup => simSshSetup('unused');
  it('rejects loadFrom "remote" with a one-line error', () => {
    assert.throws(
      () => new SshEvaluator(setup(), { type: 'ssh', hosts: [{ host: 'gpu1', gpus: [0] }], loadFrom: 'remote' }),
      /^EvaluationSetupError: target.loadFrom "remote" is not supported: the load runs from this machine through an ssh port forward; remove loadFrom or set it to "local"$/,
    );
  });
  it('rejects a host name that ssh would read as an option', () => {
    assert.throws(() => new SshEvaluator(setup(), { type: 'ssh', hosts: [{ host: '-oProxyCommand=x', gpus: [0] }] }), /target.hosts\[0\].host "-oProxyCommand=x" is not a host name/);
  });
  it('rejects a slot that is not one of its hosts', async () => {
    const evaluator = new SshEvaluator(setup(), { type: 'ssh', hosts: [{ host: 'gpu1', gpus: [0] }] });
    const slot = { id: 0, kind: 'ssh' as const, gpus: [0], host: 'gpu2', label: 'slot 0 (gpu2 GPU 0)' };
    await assert.rejects(evaluator.evaluate(trial(0), slot, '/tmp/x/logs/0.log', new AbortController().signal), /slot 0 \(gpu2 GPU 0\) is not a slot of this study's SSH hosts/);
  });
});
