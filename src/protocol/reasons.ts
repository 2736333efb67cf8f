// Why a trial failed, as a code a program can compare (TrialRecord.reasonCode); the one-line `reason`
// next to it is for people. Every code SCOOT writes is listed here with its meaning (docs/ARCHITECTURE.md
// lists the same codes). The panel names a failed trial's class with reasonCodeOf; report.md prints the
// recorded code as it is ('unknown' where an older store has none).

/** What an engine's log shows went wrong (each preset's failure patterns classify log lines into these). */
export const ENGINE_FAILURES = {
  'out-of-memory': 'the GPU (or host) ran out of memory',
  'address-in-use': 'the port was taken (not the configuration\'s fault: recorded as an error)',
  'unknown-flag': 'the engine does not know a flag: the preset or engine.command is wrong for this version',
  'invalid-config': 'the engine rejected a combination of values',
  'context-too-small': 'the context per sequence cannot hold a request',
  'model-not-found': 'the model could not be loaded: engine.command is wrong',
  crash: 'the engine crashed without a more specific pattern matching (recorded by when it happened: start-failed, crash-under-load)',
} as const;
export type EngineFailure = keyof typeof ENGINE_FAILURES;

/** Codes of how an evaluation ended without usable metrics, apart from the engine's own failures. */
export const EVALUATION_FAILURES = {
  'start-failed': 'the engine exited during start-up',
  'start-timeout': 'the engine did not answer its readiness check in time (engine.readyTimeoutSec)',
  'crash-under-load': 'the engine exited during the stress test',
  hang: 'the engine stopped answering during the stress test',
  'error-rate': 'more requests failed than the workload allows',
  timeout: 'the whole evaluation ran past engine.trialTimeoutSec',
  'command-failed': 'a `command` benchmark exited with an error',
  'no-metrics': 'a `command` benchmark printed no metrics',
  'bad-metrics': 'the metrics lack an objective or SLO metric, or hold an impossible value',
  'connection-lost': 'the SSH connection to the host was lost',
  'time-limit': 'Slurm ended the job at its time limit',
  'job-ended': 'Slurm ended the job while the engine ran',
  cancelled: 'the study was stopped; never recorded (a resumed study runs the trial again)',
} as const;

/** A failure class as recorded: the engine's (except the generic 'crash') or the evaluation's. */
export type ReasonCode = Exclude<EngineFailure, 'crash'> | keyof typeof EVALUATION_FAILURES;

/** Failure classes that no choice of tuned flags can cause: the set-up is wrong for every trial. */
export const SETUP_FAILURES: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['unknown-flag', 'model-not-found']);

/** A failed trial's code for display; older stores may hold only the free-text reason. */
export function reasonCodeOf(record: { status: string; reasonCode?: string }): string {
  if (record.reasonCode) return record.reasonCode;
  return record.status === 'error' ? 'error' : 'unspecified';
}
