// The study's data as every consumer sees it: the store's records (docs/ARCHITECTURE.md, "The study
// folder"), the live state the CLI, the extension and the panel render. Plain data only
// (JSON-serialisable), so the browser bundle can import it too.

import type { Metrics } from './metrics.js';
import type { ParameterInfo, Params } from './params.js';
import type { ReasonCode } from './reasons.js';
import type { SloSpec } from './slo.js';

export type { Metrics } from './metrics.js';
export type { ParameterInfo, ParamValue, Params } from './params.js';
export type { SloBound, SloSpec } from './slo.js';

/**
 * Where a trial's configuration came from: the engine's default, the optimiser's initial design
 * (sobol), its model (bo), a fill-in when the model had too few (fill), a baseline optimiser (random,
 * ga, grid), or a robustness re-test of an earlier trial.
 */
export type TrialSource = 'default' | 'sobol' | 'bo' | 'fill' | 'robustness' | 'random' | 'ga' | 'grid';
export type TrialStatus = 'ok' | 'infeasible' | 'error';

/** One line of observations.jsonl. */
export interface TrialRecord {
  trial: number;
  params: Params;
  status: TrialStatus;
  metrics?: Metrics;
  /** The engine's own /metrics histograms over the same load test (vLLM, SGLang, llama.cpp, the simulator). */
  engineMetrics?: Metrics;
  /** Why a trial is infeasible or errored: one line (e.g. "engine exited with code 1: CUDA out of memory"). */
  reason?: string;
  /** Machine-readable failure class (protocol/reasons.ts). */
  reasonCode?: ReasonCode;
  source: TrialSource;
  slot: number;
  startedAt: string;
  endedAt: string;
  pofThreshold?: number;
  /** Slurm: seconds the job waited in the queue, and ran; time queued is not time evaluating. */
  queuedSeconds?: number;
  runningSeconds?: number;
  /** Where the trial's time went (server engines); a phase that did not happen is absent. */
  phases?: TrialPhases;
  /** For robustness re-tests: the trial re-tested and the arrival-order seed used. */
  retestOf?: number;
  arrivalSeed?: number;
  /**
   * Known constraints this configuration violates. Only the default is ever evaluated so: it is measured
   * as the baseline (what the engine does today) but never chosen as the study's result.
   */
  violatesConstraints?: string[];
  /** Set when the stress test was stopped early because the trial could no longer matter (issue 15). */
  earlyStop?: EarlyStopInfo;
  /** A stress test run to its end: how fast requests arrived and completed (records from before it existed lack it). */
  loadRates?: LoadRates;
}

/**
 * Requests per second sent, and completed successfully, over the second half of the window in which the
 * load's requests were sent. An engine that keeps up completes about as fast as requests arrive; one
 * whose queue grows completes slower. The early stop's saturation rule is armed only by a trial that
 * kept up (src/workload/early-stop.ts).
 */
export interface LoadRates {
  arrivalPerSec: number;
  completionPerSec: number;
}

/** Seconds of one trial per phase. */
export interface TrialPhases {
  /** Launch until the engine answered its readiness check (model loading, compilation, CUDA graphs). */
  startup?: number;
  /** The warm-up requests before measuring. */
  warmup?: number;
  /** The stress test while requests were still being sent: the schedule's span. */
  load?: number;
  /** From the last request sent until the last answer ended: queued work draining (long when saturated). */
  drain?: number;
  /** Stopping the engine and waiting for its port to be free again. */
  teardown?: number;
}

export type EarlyStopRule = 'saturation' | 'slo' | 'dominated' | 'drain';

/**
 * Why and when a trial's stress test was stopped early. Its metrics are what was measured until then;
 * those named in `censored` are bounds on the side where the full run's value lies: latencies are
 * lower bounds, throughputs upper bounds — the truth is at least as bad.
 */
export interface EarlyStopInfo {
  rule: EarlyStopRule;
  /** One line with the measurements that decided it. */
  reason: string;
  /** Seconds into the load test. */
  atSeconds: number;
  /** Estimated seconds of load and drain not spent. */
  savedSeconds: number;
  censored: string[];
  /** The figures behind the decision (e.g. waiting, queueGrowthPerSec, completionRate, arrivalRate). */
  evidence: Record<string, number>;
}

/** budget.convergence's rules: no improvement for a while, or an upper bound of the regret below a tolerance. */
export type ConvergenceRule = 'patience' | 'regret-bound';

/** Why a study stopped before its budget was spent (budget.convergence). */
export interface ConvergenceInfo {
  rule: ConvergenceRule;
  reason: string;
  /** Tuning trials evaluated when it stopped. */
  atTrial: number;
}

export interface ObjectiveSpec {
  metric: string;
  goal: 'min' | 'max';
}

export interface ConfigPoint {
  trial: number;
  params: Params;
  metrics: Metrics;
}

export interface RobustnessResult {
  trial: number;
  /** Worst value over the re-tests, per metric: what the SLO report quotes. */
  worst: Metrics;
  repeats: number;
  /** Whether the worst case still meets every SLO. */
  meetsSlos: boolean;
}

/** One metric of the chosen configuration against the default's, measured alike. */
export interface ComparedMetric {
  metric: string;
  /** The default's figure: its worst case over the shared arrival orders (basis "worst-case"), or its one run. */
  default: number;
  chosen: number;
  /** Change of `chosen` against `default` in percent (negative: lower). */
  percent: number;
  /** Both tuning runs alone (one arrival order each): the figure the search saw. */
  singleRun: { default: number; chosen: number; percent: number };
}

/**
 * The headline: the chosen configuration against the default, like with like. "worst-case": both were
 * run under the same arrival orders (the tuning run's and the re-tests' seeds) and each figure is the
 * worst over them, as the SLO-robustness step means; "single-run": no shared re-tests, one run each.
 */
export interface DefaultComparison {
  chosenTrial: number;
  defaultTrial: number;
  basis: 'worst-case' | 'single-run';
  /** How many arrival orders each figure covers (1 for a single run). */
  arrivalOrders: number;
  /** Seeds of the re-tests counted (the tuning run's own order comes on top). */
  retestSeeds: number[];
  metrics: ComparedMetric[];
  /** Runs left out of the comparison and why (e.g. "the default failed under arrival-order seed 2"). */
  notes: string[];
}

/** summary.json */
export interface StudySummary {
  study: string;
  engine: string;
  objectives: ObjectiveSpec[];
  slo?: SloSpec;
  evaluated: number;
  infeasible: number;
  budget: number;
  default?: ConfigPoint;
  best?: ConfigPoint;
  pareto: ConfigPoint[];
  robustness: RobustnessResult[];
  /** The chosen configuration against the default, like with like (absent until both have run). */
  comparison?: DefaultComparison;
  wallSeconds: number;
  suggestSeconds: number;
  /** Tuning trials whose stress test was stopped early, and the seconds that saved (estimated). */
  stoppedEarly?: number;
  savedSeconds?: number;
  /** Set when the study stopped on convergence before spending its budget. */
  converged?: ConvergenceInfo;
}

export type StudyStatus = 'starting' | 'running' | 'stopping' | 'finished' | 'stopped' | 'failed';

/** `queued`: a Slurm job waiting for its resources. */
export type TrialPhase = 'queued' | 'launching' | 'waiting-ready' | 'warmup' | 'load' | 'stopping';

export interface RunningTrial {
  trial: number;
  params: Params;
  source: TrialSource;
  slot: number;
  phase: TrialPhase;
  startedAt: string;
}

/** Everything needed to draw the panel from scratch. */
export interface StudySnapshot {
  study: string;
  studyDir: string;
  engine: string;
  status: StudyStatus;
  objectives: ObjectiveSpec[];
  slo: SloSpec;
  parameters: ParameterInfo[];
  budget: number;
  parallel: number;
  trials: TrialRecord[];
  running: RunningTrial[];
  summary?: StudySummary;
  /** Epoch milliseconds. */
  startedAt?: number;
  elapsedSeconds: number;
  etaSeconds?: number;
  error?: string;
}
