// The outer hard limit of one evaluation: whatever the engine type and target, a trial that runs past
// its wall-clock limit is cancelled — which stops its whole process tree, as any cancellation does
// (local process group and strays, the ssh session's remote group, the Slurm job) — and recorded
// infeasible with reason code `timeout`; the study goes on. Readiness timeouts, request timeouts and the
// stress test's own drain rules act inside this limit; this one catches what they cannot (a `command`
// benchmark that hangs, an engine that answers health checks but never finishes the load).
//
// Time a Slurm job waits in the queue is not evaluation time: the clock starts again when it leaves it.

import type { EvaluationSetup, Evaluator, Slot, TrialHooks, TrialOutcome, TrialSpec, WorkloadSetup } from './types.js';

/** Added to the derived default for start-up work outside the readiness wait, port release and slack. */
const TEARDOWN_MARGIN_SEC = 30;

/** Seconds the load itself is scheduled to take. */
function loadSeconds(workload: WorkloadSetup): number {
  if (workload.durationSec !== undefined) return workload.durationSec;
  if (workload.count !== undefined && workload.rate > 0) return workload.count / workload.rate;
  return 0;
}

/**
 * The default limit, derived from the workload: the readiness timeout, the warm-up, the load's
 * duration, a drain margin (the last request may take its whole timeout), and the engine's stop.
 */
export function defaultTrialTimeoutSec(setup: Pick<EvaluationSetup, 'readyTimeoutSec' | 'workload' | 'stopGraceSec'>): number {
  const w = setup.workload;
  const warmup = w.warmupRequests > 0 ? w.requestTimeoutSec : 0;
  return Math.ceil(setup.readyTimeoutSec + warmup + loadSeconds(w) + w.requestTimeoutSec + setup.stopGraceSec + TEARDOWN_MARGIN_SEC);
}

export function timeoutOutcome(limitSec: number, inner: TrialOutcome): TrialOutcome {
  const { status: _status, reason: _reason, reasonCode: _code, metrics: _metrics, engineMetrics: _engine, ...timing } = inner;
  return {
    ...timing,
    status: 'infeasible',
    reason: `the evaluation ran past its wall-clock limit of ${limitSec} s and was stopped (engine.trialTimeoutSec)`,
    reasonCode: 'timeout',
  };
}

/** `inner` with every evaluation cut off after `limitSec` seconds (not counting time queued). */
export function withTrialDeadline(inner: Evaluator, limitSec: number): Evaluator {
  return {
    async evaluate(spec: TrialSpec, slot: Slot, logPath: string, signal: AbortSignal, hooks?: TrialHooks): Promise<TrialOutcome> {
      const deadline = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      let expired = false;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          expired = true;
          deadline.abort();
        }, limitSec * 1000);
      };
      let queued = false;
      const watched: TrialHooks = {
        ...hooks,
        onPhase: (phase) => {
          if (phase === 'queued') {
            queued = true;
            clearTimeout(timer);
          } else if (queued) {
            queued = false;
            arm();
          }
          hooks?.onPhase?.(phase);
        },
      };
      arm();
      try {
        const outcome = await inner.evaluate(spec, slot, logPath, AbortSignal.any([signal, deadline.signal]), watched);
        if (expired && !signal.aborted && outcome.reasonCode === 'cancelled') return timeoutOutcome(limitSec, outcome);
        return outcome;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => inner.close(),
  };
}
