// The outer wall-clock limit of an evaluation: any engine type and target; past it the whole process
// tree is stopped and the trial is infeasible with reason "timeout". Time queued (Slurm) does not count.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEvaluator } from '../../../src/runner/create-evaluator.js';
import { liveProcessGroups } from '../../../src/runner/local-process.js';
import { defaultTrialTimeoutSec, withTrialDeadline } from '../../../src/runner/trial-deadline.js';
import type { Evaluator, TrialHooks, TrialOutcome } from '../../../src/runner/types.js';
import { fakeSetup, isGone, readPids, slot0, tempDir, trial, workload } from './helpers.js';

/** An evaluator that reports `phases` one per `stepMs`, then waits to be cancelled. */
function stalling(phases: Parameters<NonNullable<TrialHooks['onPhase']>>[0][], stepMs: number): Evaluator & { cancelledAfterMs?: number } {
  const self: Evaluator & { cancelledAfterMs?: number } = {
    async evaluate(_spec, _slot, _log, signal, hooks): Promise<TrialOutcome> {
      const t0 = Date.now();
      for (const p of phases) {
        hooks?.onPhase?.(p);
        await new Promise((r) => setTimeout(r, stepMs));
      }
      await new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));
      self.cancelledAfterMs = Date.now() - t0;
      return { status: 'error', reason: 'cancelled', reasonCode: 'cancelled', queuedSeconds: 1 };
    },
    close: async () => undefined,
  };
  return self;
}

describe('trial deadline', () => {
  it('defaults to readiness + warm-up + load + drain + teardown', () => {
    assert.equal(defaultTrialTimeoutSec({ readyTimeoutSec: 900, stopGraceSec: 10, workload: workload({ durationSec: 60, count: undefined, warmupRequests: 2, requestTimeoutSec: 120 }) }), 900 + 120 + 60 + 120 + 10 + 30);
    assert.equal(defaultTrialTimeoutSec({ readyTimeoutSec: 60, stopGraceSec: 10, workload: workload({ rate: 4, count: 200, warmupRequests: 0, requestTimeoutSec: 20 }) }), 60 + 50 + 20 + 10 + 30);
  });

  it('cancels a hung evaluation at the limit and records it infeasible with reason "timeout"', async () => {
    const inner = stalling(['launching', 'load'], 10);
    const outcome = await withTrialDeadline(inner, 0.3).evaluate(trial(0), slot0, '/dev/null', new AbortController().signal);
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'timeout');
    assert.match(outcome.reason ?? '', /wall-clock limit of 0\.3 s/);
    assert.ok((inner.cancelledAfterMs ?? 0) >= 290 && (inner.cancelledAfterMs ?? 0) < 2000);
  });

  it('a study stop is a cancellation, not a timeout', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const outcome = await withTrialDeadline(stalling(['load'], 1), 0.2).evaluate(trial(0), slot0, '/dev/null', ac.signal);
    assert.equal(outcome.reasonCode, 'cancelled');
  });

  it('time waiting in the Slurm queue does not count: the clock starts when the job leaves it', async () => {
    const inner = stalling(['launching', 'queued', 'queued', 'queued', 'queued', 'waiting-ready'], 100);
    const outcome = await withTrialDeadline(inner, 0.3).evaluate(trial(0), slot0, '/dev/null', new AbortController().signal);
    assert.equal(outcome.reasonCode, 'timeout');
    assert.equal(outcome.queuedSeconds, 1, 'timing fields are kept');
    // 100 ms launching, 400 ms queued, then the full 300 ms after leaving the queue.
    assert.ok((inner.cancelledAfterMs ?? 0) >= 780, `cancelled after ${inner.cancelledAfterMs} ms`);
  });

  it('a server engine that never gets ready is stopped at the limit with its whole process group, long before its readiness timeout', async (t) => {
    const dir = tempDir(t);
    const pidFile = join(dir, 'pids.json');
    // The engine never opens its port within the 600 s readiness timeout, and ignores SIGTERM, as does its worker.
    const setup = fakeSetup(['--startup-ms', '600000', '--ignore-sigterm', '--spawn-child', '--pid-file', pidFile], { readyTimeoutSec: 600, stopGraceSec: 1, trialTimeoutSec: 2 });
    const evaluator = createEvaluator(setup, { type: 'local' });
    t.after(() => evaluator.close());
    const t0 = Date.now();
    const outcome = await evaluator.evaluate(trial(3), slot0, join(dir, 'logs', '3.log'), new AbortController().signal);
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'timeout');
    assert.ok(seconds >= 2 && seconds < 10, `${seconds} s`);
    const pids = readPids(pidFile);
    assert.ok(isGone(pids.engine) && pids.child !== undefined && isGone(pids.child), 'engine and worker are gone');
    assert.deepEqual(liveProcessGroups(), []);
  });
});
