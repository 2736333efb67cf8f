// LocalEvaluator end to end against the fake engine (test/fixtures/fake-engine.mjs): real processes,
// real ports, real HTTP; each fault the fake engine can be told to commit.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LocalEvaluator } from '../../../src/runner/evaluate-local.js';
import { liveProcessGroups } from '../../../src/runner/local-process.js';
import { portState } from '../../../src/runner/ports.js';
import { EvaluationSetupError, type Slot } from '../../../src/runner/types.js';
import { fakeSetup, isGone, phaseRecorder, readPids, slot0, tempDir, trial, workload } from './helpers.js';

async function listenAnywhere(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The port the engine was given, read back from the runner's note in the log. */
function portFromLog(log: string): number {
  const m = /port (\d+)/.exec(log);
  assert.ok(m, 'log names the port');
  return Number(m[1]);
}

describe('LocalEvaluator with the fake engine', () => {
  it('runs a trial to metrics on the slot GPUs, logs everything and leaves nothing behind', async (t) => {
    const dir = tempDir(t);
    const pidFile = join(dir, 'pids.json');
    const evaluator = new LocalEvaluator(fakeSetup(['--print-env', 'CUDA_VISIBLE_DEVICES', '--pid-file', pidFile, '--spawn-child'], { stopGraceSec: 0.5 }));
    t.after(() => evaluator.close());
    const slot: Slot = { id: 0, kind: 'local', gpus: [2, 3], label: 'slot 0 (GPU 2,3)' };
    const rec = phaseRecorder();
    let streamed = '';
    const logPath = join(dir, 'logs', '7.log');
    const outcome = await evaluator.evaluate(trial(7), slot, logPath, new AbortController().signal, { onPhase: rec.onPhase, onOutput: (c) => (streamed += c) });

    assert.equal(outcome.status, 'ok', outcome.reason);
    assert.equal(outcome.metrics?.error_rate, 0);
    assert.ok((outcome.metrics?.request_throughput ?? 0) > 0);
    assert.ok((outcome.metrics?.ttft_mean ?? 0) >= 5, 'the fake engine waits 5 ms before the first token');
    assert.ok(outcome.startupSeconds !== undefined && outcome.startupSeconds > 0);
    assert.ok(outcome.loadSeconds !== undefined && outcome.loadSeconds > 0);
    assert.deepEqual(rec.phases, ['launching', 'waiting-ready', 'warmup', 'load', 'stopping']);
    // Where the time went, phase by phase: the schedule's span is load, the rest of the stress test drain.
    const p = outcome.phases;
    assert.ok(p && [p.startup, p.warmup, p.load, p.drain, p.teardown].every((s) => s !== undefined && s >= 0), JSON.stringify(p));
    assert.ok(Math.abs((p.load ?? 0) + (p.drain ?? 0) - (outcome.loadSeconds ?? -1)) < 1e-9);
    assert.equal(p.startup, outcome.startupSeconds);

    const log = readFileSync(logPath, 'utf8');
    assert.match(log, /CUDA_VISIBLE_DEVICES=2,3/);
    assert.match(log, /Uvicorn running on/);
    assert.match(log, /\[scoot\] trial 7 on slot 0 \(GPU 2,3\), port \d+/);
    assert.match(streamed, /Uvicorn running on/, 'engine output is forwarded to onOutput');
    const pids = readPids(pidFile);
    assert.ok(isGone(pids.engine) && pids.child !== undefined && isGone(pids.child), 'engine and its worker are gone');
    assert.equal(await portState('127.0.0.1', portFromLog(log)), 'free');
    assert.deepEqual(liveProcessGroups(), []);
  });

  it('reports a start-up failure as infeasible with the classified log line', async (t) => {
    const dir = tempDir(t);
    const evaluator = new LocalEvaluator(fakeSetup(['--fail-at-start', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB']));
    const logPath = join(dir, 'logs', '1.log');
    const outcome = await evaluator.evaluate(trial(1), slot0, logPath, new AbortController().signal);
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'out-of-memory');
    assert.equal(outcome.reason, 'engine exited with code 1 during start-up: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB');
    assert.match(readFileSync(logPath, 'utf8'), /Traceback \(most recent call last\)/);
    assert.equal(await portState('127.0.0.1', portFromLog(readFileSync(logPath, 'utf8'))), 'free');
  });

  it('records a death under load as crash-under-load, and the next trial on the same slot still runs', async (t) => {
    const dir = tempDir(t);
    const crashing = new LocalEvaluator(fakeSetup(['--die-after', '6']));
    const logPath = join(dir, 'logs', '2.log');
    const outcome = await crashing.evaluate(trial(2), slot0, logPath, new AbortController().signal);
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'crash-under-load');
    assert.equal(outcome.reason, 'engine exited with code 1 during the load test: RuntimeError: CUDA error: an illegal memory access was encountered');
    const log = readFileSync(logPath, 'utf8');
    assert.ok(log.endsWith(`[scoot] outcome: infeasible (crash-under-load): ${outcome.reason}\n`), 'the log ends with the outcome');
    assert.equal(await portState('127.0.0.1', portFromLog(log)), 'free');

    const healthy = new LocalEvaluator(fakeSetup());
    const next = await healthy.evaluate(trial(3), slot0, join(dir, 'logs', '3.log'), new AbortController().signal);
    assert.equal(next.status, 'ok', next.reason);
  });

  it('declares a hang within about one request timeout, not after the whole schedule', async (t) => {
    const dir = tempDir(t);
    const setup = fakeSetup(['--hang'], { workload: workload({ requestTimeoutSec: 1, warmupRequests: 0, count: 200, rate: 20 }) });
    const evaluator = new LocalEvaluator(setup);
    const started = Date.now();
    const outcome = await evaluator.evaluate(trial(4), slot0, join(dir, 'logs', '4.log'), new AbortController().signal);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(await portState('127.0.0.1', portFromLog(readFileSync(join(dir, 'logs', '4.log'), 'utf8'))), 'free');
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'hang');
    assert.match(outcome.reason ?? '', /^engine stopped answering: no request completed for \d/);
    assert.ok(seconds < 5, `hang detected after ${seconds} s (schedule lasts 10 s)`);
  });

  it('kills an engine that ignores SIGTERM after the grace period, its worker included', async (t) => {
    const dir = tempDir(t);
    const pidFile = join(dir, 'pids.json');
    const evaluator = new LocalEvaluator(fakeSetup(['--ignore-sigterm', '--spawn-child', '--pid-file', pidFile], { stopGraceSec: 0.5 }));
    const logPath = join(dir, 'logs', '5.log');
    let stoppingAt = 0;
    const outcome = await evaluator.evaluate(trial(5), slot0, logPath, new AbortController().signal, {
      onPhase: (p) => {
        if (p === 'stopping') stoppingAt = Date.now();
      },
    });
    const stopSeconds = (Date.now() - stoppingAt) / 1000;
    assert.equal(outcome.status, 'ok', outcome.reason);
    const pids = readPids(pidFile);
    assert.ok(pids.child !== undefined);
    assert.ok(isGone(pids.engine), 'engine gone');
    assert.ok(isGone(pids.child), 'worker gone');
    assert.ok(stopSeconds >= 0.5 && stopSeconds < 3, `stop took ${stopSeconds} s`);
    const log = readFileSync(logPath, 'utf8');
    assert.match(log, /received SIGTERM, ignoring it/);
    assert.match(log, /sending SIGKILL to the process group/);
    assert.equal(await portState('127.0.0.1', portFromLog(log)), 'free');
  });

  it('stops promptly on cancellation mid-load and reports cancelled', async (t) => {
    const dir = tempDir(t);
    const pidFile = join(dir, 'pids.json');
    const grace = 0.5;
    const setup = fakeSetup(['--ignore-sigterm', '--spawn-child', '--pid-file', pidFile, '--itl-ms', '20'], {
      stopGraceSec: grace,
      workload: workload({ count: 400, rate: 40 }),
    });
    const evaluator = new LocalEvaluator(setup);
    const controller = new AbortController();
    let abortedAt = 0;
    const outcome = await evaluator.evaluate(trial(6), slot0, join(dir, 'logs', '6.log'), controller.signal, {
      onPhase: (p) => {
        if (p === 'load')
          setTimeout(() => {
            abortedAt = Date.now();
            controller.abort();
          }, 300);
      },
    });
    const seconds = (Date.now() - abortedAt) / 1000;
    assert.deepEqual(outcome, { status: 'error', reason: 'cancelled', reasonCode: 'cancelled' });
    assert.ok(seconds < grace + 1, `cancellation took ${seconds} s`);
    const pids = readPids(pidFile);
    assert.ok(isGone(pids.engine) && pids.child !== undefined && isGone(pids.child));
    assert.equal(await portState('127.0.0.1', portFromLog(readFileSync(join(dir, 'logs', '6.log'), 'utf8'))), 'free');
  });

  it('close() cancels the trials in flight and stops their engines', async (t) => {
    const dir = tempDir(t);
    const pidFile = join(dir, 'pids.json');
    const evaluator = new LocalEvaluator(fakeSetup(['--pid-file', pidFile], { workload: workload({ count: 400, rate: 40 }) }));
    const running = evaluator.evaluate(trial(16), slot0, join(dir, 'logs', '16.log'), new AbortController().signal, {
      onPhase: (p) => {
        if (p === 'load') setTimeout(() => void evaluator.close(), 100);
      },
    });
    assert.equal((await running).reasonCode, 'cancelled');
    assert.ok(isGone(readPids(pidFile).engine));
    await assert.rejects(evaluator.evaluate(trial(17), slot0, join(dir, 'logs', '17.log'), new AbortController().signal), EvaluationSetupError);
  });

  it('reports a configured port held by another process as a one-line set-up error naming it', async (t) => {
    const dir = tempDir(t);
    const busy = await listenAnywhere();
    t.after(() => busy.close());
    const evaluator = new LocalEvaluator(fakeSetup([], { basePort: busy.port }));
    await assert.rejects(
      evaluator.evaluate(trial(8), slot0, join(dir, 'logs', '8.log'), new AbortController().signal),
      (e: unknown) => e instanceof EvaluationSetupError && e.message === `port ${busy.port} is already in use by another process; free it or set engine.port`,
    );
    assert.ok(!existsSync(join(dir, 'logs', '8.log')), 'nothing was launched');
  });

  it('uses the configured port for slot 0 and a neighbour for slot 1', async (t) => {
    const dir = tempDir(t);
    const probe = await listenAnywhere();
    const base = probe.port;
    await probe.close();
    const evaluator = new LocalEvaluator(fakeSetup([], { basePort: base, workload: workload({ count: 4, warmupRequests: 0 }) }));
    const slot1: Slot = { id: 1, kind: 'local', gpus: [], label: 'slot 1' };
    const [a, b] = await Promise.all([
      evaluator.evaluate(trial(9), slot0, join(dir, 'logs', '9.log'), new AbortController().signal),
      evaluator.evaluate(trial(10), slot1, join(dir, 'logs', '10.log'), new AbortController().signal),
    ]);
    assert.equal(a.status, 'ok', a.reason);
    assert.equal(b.status, 'ok', b.reason);
    assert.equal(portFromLog(readFileSync(join(dir, 'logs', '9.log'), 'utf8')), base);
    assert.notEqual(portFromLog(readFileSync(join(dir, 'logs', '10.log'), 'utf8')), base);
  });

  it('names a missing engine binary in a one-line set-up error', async (t) => {
    const dir = tempDir(t);
    const evaluator = new LocalEvaluator(fakeSetup([], { baseCommand: ['no-such-engine-xyz', 'serve', 'model'] }));
    await assert.rejects(
      evaluator.evaluate(trial(11), slot0, join(dir, 'logs', '11.log'), new AbortController().signal),
      (e: unknown) => e instanceof EvaluationSetupError && e.message === 'engine command not found: "no-such-engine-xyz" (is it installed and on PATH?)',
    );
  });

  it('treats "address already in use" logged by the engine as an errored trial, not a set-up error', async (t) => {
    const dir = tempDir(t);
    const busy = await listenAnywhere();
    t.after(() => busy.close());
    const evaluator = new LocalEvaluator(fakeSetup(['--listen-port', String(busy.port)]));
    const outcome = await evaluator.evaluate(trial(12), slot0, join(dir, 'logs', '12.log'), new AbortController().signal);
    assert.equal(outcome.status, 'error');
    assert.equal(outcome.reasonCode, 'address-in-use');
    assert.match(outcome.reason ?? '', /^engine exited with code 1 during start-up: ERROR: \[Errno 98\] .*address already in use$/);
  });

  it('gives up waiting after readyTimeoutSec with the last output line', async (t) => {
    const dir = tempDir(t);
    // 1.5 s: long enough for node to start and print on a loaded machine, far from the 20 s start-up.
    const evaluator = new LocalEvaluator(fakeSetup(['--startup-ms', '20000'], { readyTimeoutSec: 1.5 }));
    const started = Date.now();
    const outcome = await evaluator.evaluate(trial(13), slot0, join(dir, 'logs', '13.log'), new AbortController().signal);
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'start-timeout');
    assert.match(outcome.reason ?? '', /^engine not ready within 1\.5 s \(last output: INFO .*fake engine starting/);
    assert.ok(Date.now() - started < 5000);
  });

  it('makes a trial whose error rate passes the limit infeasible, naming the dominant failure', async (t) => {
    const dir = tempDir(t);
    const evaluator = new LocalEvaluator(fakeSetup(['--http-error-every', '2'], { workload: workload({ warmupRequests: 0 }) }));
    const outcome = await evaluator.evaluate(trial(14), slot0, join(dir, 'logs', '14.log'), new AbortController().signal);
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'error-rate');
    assert.equal(outcome.metrics?.error_rate, 0.5);
    assert.match(outcome.reason ?? '', /^50% of requests failed \(limit 5%; 10 of 20\), mostly http \(10\): .*scripted internal error/);
  });

  it('returns cancelled without launching when the signal has already fired', async (t) => {
    const dir = tempDir(t);
    const evaluator = new LocalEvaluator(fakeSetup());
    const controller = new AbortController();
    controller.abort();
    const outcome = await evaluator.evaluate(trial(15), slot0, join(dir, 'logs', '15.log'), controller.signal);
    assert.equal(outcome.reasonCode, 'cancelled');
    assert.ok(!existsSync(join(dir, 'logs', '15.log')));
  });

  it('after the engine stops, kills an escaped worker still holding the port, but never a process that is not the engine\'s', async (t) => {
    for (const mode of ['worker', 'stranger'] as const) {
      const dir = tempDir(t);
      const pidFile = join(dir, 'pids.json');
      const evaluator = new LocalEvaluator(fakeSetup(['--hand-off-port', mode, '--pid-file', pidFile], { stopGraceSec: 2 }), { portReleaseTimeoutMs: 500 });
      const logPath = join(dir, 'logs', '3.log');
      const outcome = await evaluator.evaluate(trial(3), slot0, logPath, new AbortController().signal);
      await evaluator.close();
      const { holder } = JSON.parse(readFileSync(pidFile, 'utf8')) as { holder: number };
      t.after(() => {
        if (!isGone(holder)) process.kill(holder, 'SIGKILL');
      });
      assert.equal(outcome.status, 'ok', outcome.reason);
      const log = readFileSync(logPath, 'utf8');
      const port = portFromLog(log);
      if (mode === 'worker') {
        assert.match(log, new RegExp(`port ${port} was still held after the engine stopped; killed pid ${holder}`));
        assert.ok(isGone(holder), 'the escaped worker was killed');
        assert.equal(await portState('127.0.0.1', port), 'free');
      } else {
        assert.match(log, new RegExp(`port ${port} is still bound 1 s after the engine stopped\\n`));
        assert.ok(!isGone(holder), 'a process without the engine\'s mark is left alone');
        process.kill(holder, 'SIGKILL');
      }
    }
  });
});

