// What the study loop asks of "where evaluations run": GPU slots, and an evaluator that takes one
// configuration through its whole lifecycle on one slot and reports the outcome.

import type { EarlyStopSettings, FrontView } from '../workload/early-stop.js';
import type { TraceRequest } from '../workload/trace.js';
import type { ApiKind, ArrivalProcess } from '../protocol/workload.js';
import type { ReasonCode } from '../protocol/reasons.js';
import type { EnginePreset } from '../engines/preset.js';
import type { EarlyStopInfo, LoadRates, Metrics, Params, SloSpec, TrialPhase, TrialPhases, TrialSource, TrialStatus } from '../protocol/study.js';
import { UserError } from '../protocol/user-error.js';

/** A set of GPUs that one trial owns while it runs; never shared by two trials. */
export interface Slot {
  id: number;
  kind: 'local' | 'ssh' | 'slurm';
  gpus: number[];
  /** SSH host alias / Slurm partition, for logs and the panel. */
  host?: string;
  label: string;
}

export interface WorkloadSetup {
  /** The requests the stress test draws from (longest-output selection already applied). */
  requests: TraceRequest[];
  rate: number;
  durationSec?: number;
  count?: number;
  arrival: ArrivalProcess;
  burstiness: number;
  api: ApiKind;
  warmupRequests: number;
  requestTimeoutSec: number;
  /** A trial whose failed-request fraction exceeds this is infeasible. */
  maxErrorRate: number;
  /** Seed of arrival times and request order; robustness re-tests use other seeds. */
  seed: number;
  /** Model name for requests; undefined = first model listed at /v1/models. */
  model?: string;
  slo?: SloSpec;
  /** When a stress test may stop before its end (config earlyStop); absent: it always runs to its end. */
  earlyStop?: EarlyStopSettings;
}

/** Everything fixed for a whole study. */
export interface EvaluationSetup {
  preset: EnginePreset;
  /** Base argv of the engine (config `command`, a launch file's command, or the preset default). */
  baseCommand: string[];
  /** Replaces a leading "scoot" in baseCommand (e.g. [node, /path/dist/cli.js]), so `scoot sim serve` works without a global install. */
  scootCommand: string[];
  env: Record<string, string>;
  host: string;
  /** Preferred port of the first slot; others (or this one if taken) get free ports. */
  basePort?: number;
  readyTimeoutSec: number;
  /** Directory relative paths resolve against (the config file's directory). */
  cwd: string;
  /** `command` engines: the benchmark argv template with {param} placeholders. */
  evaluateTemplate?: string[];
  workload: WorkloadSetup;
  /** Seconds between SIGTERM and SIGKILL when stopping an engine. */
  stopGraceSec: number;
  /** Wall-clock limit of one evaluation in seconds (trial-deadline.ts; engine.trialTimeoutSec); absent = none. */
  trialTimeoutSec?: number;
  /** Cap of each trial's log in bytes (engine.maxLogMB); absent = 64 MB. */
  logLimitBytes?: number;
}

export interface TrialSpec {
  trial: number;
  /** Tuned parameters merged with fixed ones: exactly what is rendered to flags. */
  params: Params;
  source: TrialSource;
  /** Overrides WorkloadSetup.seed (robustness re-tests). */
  arrivalSeed?: number;
  /** The study's Pareto set when the trial starts: a trial certainly dominated by it may stop early. */
  front?: FrontView;
}

export interface TrialOutcome {
  status: TrialStatus;
  metrics?: Metrics;
  /** One line: why it is infeasible or errored. */
  reason?: string;
  /** Machine-readable class (protocol/reasons.ts). */
  reasonCode?: ReasonCode;
  /** The engine's own /metrics over the load test (same names, ms), recorded next to the client's figures. */
  engineMetrics?: Metrics;
  /** Seconds from launch to ready, and of the load phase. */
  startupSeconds?: number;
  loadSeconds?: number;
  /** `command` engines: the line the metrics were read from (clipped), quoted when they are unusable. */
  printed?: string;
  /** Where the trial's time went, phase by phase (recorded in observations.jsonl). */
  phases?: TrialPhases;
  /** Batch targets (Slurm): seconds the job waited in the queue, apart from the seconds it ran. */
  queuedSeconds?: number;
  runningSeconds?: number;
  /** The stress test was stopped early: why, and which metrics are bounds. */
  earlyStop?: EarlyStopInfo;
  /** A stress test run to its end: its arrival and completion rates (what arms the saturation rule). */
  loadRates?: LoadRates;
}

export interface TrialHooks {
  onPhase?(phase: TrialPhase): void;
  /** The engine's own output, as it arrives (the extension's GPU terminal). */
  onOutput?(chunk: string): void;
  /**
   * A process group started on this machine for the trial (running), or gone (not running): the study
   * records the live ones in its folder, so that a later run can stop what a killed one left behind.
   */
  onProcess?(group: ProcessGroupInfo): void;
}

export interface ProcessGroupInfo {
  pgid: number;
  /** The leader's start in clock ticks after boot (Linux): tells it from a later process with the same id. */
  startTicks?: number;
  running: boolean;
}

/**
 * A problem with the set-up, not with the configuration (the engine binary does not exist, the
 * trace cannot be read, ssh cannot connect): the study stops with this one-line message, keeping
 * every observation gathered so far.
 */
export class EvaluationSetupError extends UserError {
  override name = 'EvaluationSetupError';
}

export interface Evaluator {
  /**
   * Runs one trial on one slot. Resolves with the outcome (infeasible included); rejects only with
   * EvaluationSetupError. When `signal` aborts, the engine is stopped and the outcome is
   * { status: 'error', reasonCode: 'cancelled' } (the loop does not record those: resume re-runs them).
   */
  evaluate(spec: TrialSpec, slot: Slot, logPath: string, signal: AbortSignal, hooks?: TrialHooks): Promise<TrialOutcome>;
  /** Stops everything still running (engines, jobs, tunnels). Idempotent. */
  close(): Promise<void>;
}
