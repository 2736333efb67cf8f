// scoot.config.json (docs/ARCHITECTURE.md §3, config). These types are the single source: the JSON schema in
// config-schema.ts is type-checked against them, and the extension ships that schema for IntelliSense.

import type { ParamSpec, ParamValue } from '../protocol/params.js';
import type { EngineType } from '../engines/preset.js';
import type { SshHostConfig, SshTargetSpec } from '../runner/ssh/evaluate-ssh.js';
import type { SlurmTargetSpec } from '../runner/slurm/evaluate-slurm.js';
import type { ConvergenceSettings } from '../core/convergence.js';
import type { ObjectiveSpec, SloSpec } from '../protocol/study.js';

/** The optimisers a study can use: core/suggesters' names. */
export type { SuggesterName as OptimizerName } from '../core/suggesters/index.js';
export type { ApiKind, ArrivalProcess } from '../protocol/workload.js';
import type { SuggesterName as OptimizerName } from '../core/suggesters/index.js';
import type { ApiKind, ArrivalProcess } from '../protocol/workload.js';

export interface EngineConfig {
  type: EngineType;
  /** Preset flag-set version, e.g. "0.11" for vLLM V1 or "0.5" for vLLM 0.4/0.5. */
  version?: string;
  /** Base argv; tuned flags are appended (or replace the same flags already present). */
  command?: string[];
  /** A launch script whose engine command is the base argv (instead of `command`). */
  launchFile?: string;
  /** `command` engines: the benchmark to run per trial; `{param}` placeholders are replaced. */
  evaluate?: string[];
  /** Model name sent in requests; default: the first model the server lists at /v1/models. */
  model?: string;
  env?: Record<string, string>;
  host?: string;
  /** Port of the first slot; each slot gets its own free port when this one is taken. */
  port?: number;
  readyTimeoutSec?: number;
  /**
   * Wall-clock limit of one evaluation (launch, load test, stop), any engine and target; past it the
   * trial is stopped and recorded infeasible ("timeout"). Default: readyTimeoutSec + the load's
   * duration + a drain margin + teardown.
   */
  trialTimeoutSec?: number;
  /** Cap of each trial's log in MB (default 64); past it the output is left out and the log says so. */
  maxLogMB?: number;
  gpusPerTrial?: number;
}

export interface LocalTarget {
  type: 'local';
  gpus?: number[];
  /**
   * Trials that may share each group of GPUs (default 1: never). More than 1 checks parallel mechanics on
   * one GPU, or fits engines too small to fill one; their timings then interfere.
   */
  slotsPerGpu?: number;
}
/** The targets' own settings are the runner's (runner/ssh, runner/slurm). */
export type SshHost = SshHostConfig;
export type SshTarget = SshTargetSpec;
export type SlurmTarget = SlurmTargetSpec;
export type TargetConfig = LocalTarget | SshTarget | SlurmTarget;

export interface WorkloadConfig {
  /** JSONL of {prompt | messages, output_tokens} or ShareGPT JSON; relative to the config file. */
  trace: string;
  /** Mean arrival rate, requests per second. */
  rate?: number;
  durationSec?: number;
  /** Fixed number of requests instead of a duration. */
  count?: number;
  arrival?: ArrivalProcess;
  /** Gamma shape: 1 = Poisson, < 1 burstier. */
  burstiness?: number;
  /** Fraction of requests with the longest outputs kept for the stress test (the paper uses 0.5). */
  longestOutputs?: number;
  api?: ApiKind;
  warmupRequests?: number;
  requestTimeoutSec?: number;
  /** A trial whose error rate passes this is infeasible. */
  maxErrorRate?: number;
  seed?: number;
}

export interface BudgetConfig {
  evaluations: number;
  parallel?: number;
  /** Stop the study before its budget once it has converged (off unless given). */
  convergence?: ConvergenceConfig;
}

/** Study-level stop (issue 15): the optimiser's convergence settings (core/convergence.ts). */
export type ConvergenceConfig = ConvergenceSettings;

/**
 * Trial-level early stop (issue 15): a stress test stops as soon as the trial can no longer matter;
 * the trial is kept, its metrics marked as bounds. On by default.
 */
export interface EarlyStopConfig {
  /** false turns every rule off, the drain cap included (default true). */
  enabled?: boolean;
  /**
   * Stop when requests queue up without bound: waiting requests grow steadily and fewer complete than
   * arrive, once a trial of the Pareto set kept up with the load and beats the saturated one on every
   * objective (default true).
   */
  saturation?: boolean;
  /** Stop when an SLO is certainly missed, whatever the requests still to come do (default true). */
  slo?: boolean;
  /** Stop when the study's Pareto set certainly beats the trial on every objective (default true). */
  dominated?: boolean;
  /** Seconds after the last request is sent before requests still open are cut (default 60). */
  maxDrainSec?: number;
  /** Safety margin of the saturation and dominance rules, relative (default 0.1). */
  margin?: number;
  /** Seconds of load before saturation is judged (default 4). */
  minLoadSec?: number;
}

export interface RobustnessConfig {
  /** Re-tests of the best configuration(s) with shuffled arrival orders. 0 disables. */
  repeats: number;
  /** How many of the best configurations (Pareto points) are re-tested. */
  top?: number;
}

export interface OptimizerConfig {
  algorithm?: OptimizerName;
  seed?: number;
  /** Size of the Sobol initial design (default: number of parameters plus one). */
  initialDesign?: number;
}

export interface ScootConfig {
  $schema?: string;
  name?: string;
  engine: EngineConfig;
  target?: TargetConfig;
  /** Overrides or extends the preset's space; `false` removes a preset parameter. */
  parameters?: Record<string, ParamSpec | false>;
  /** Parameters held at a value (not tuned). */
  fixed?: Record<string, ParamValue>;
  constraints?: string[];
  objectives: ObjectiveSpec[];
  slo?: SloSpec;
  /** The trace and load of the stress test; not used by `command` engines (their benchmark makes the load). */
  workload?: WorkloadConfig;
  budget: BudgetConfig;
  robustness?: RobustnessConfig;
  optimizer?: OptimizerConfig;
  earlyStop?: EarlyStopConfig;
}

export const CONFIG_FILE_NAME = 'scoot.config.json';
