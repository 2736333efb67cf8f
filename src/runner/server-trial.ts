// One trial of a server engine once it has been launched, wherever it runs: wait until it serves,
// find the model name, warm it up, stress it with the trial's schedule and turn what happened into a
// TrialOutcome. Launching and stopping belong to the caller (local process today; an SSH host or a
// Slurm job later), which is why the engine is only seen through this narrow interface.

import {
  buildSchedule,
  computeMetrics,
  EARLY_STOP_OFF,
  engineLatencyDelta,
  failureSummary,
  firstServedModel,
  loadRates,
  scrapeEngineMetrics,
  type EarlyStopContext,
  type EngineScrape,
  type MetricsEngine,
  type RequestRecord,
  type ScheduledRequest,
  type StopDecision,
  type TraceRequest,
} from '../workload/index.js';
import type { EarlyStopInfo, Metrics, TrialPhases } from '../protocol/study.js';
import type { BaselineKind } from '../engines/preset.js';
import { censoredMetrics } from '../protocol/metrics.js';
import type { ExitInfo } from './exit-info.js';
import { engineLines } from './output-tail.js';
import { cancelledOutcome, crashUnderLoad, errorRateOutcome, finiteMetrics, hangOutcome, startFailure, startTimeout } from './outcomes.js';
import { waitReady } from './readiness.js';
import { EvaluationSetupError, type EvaluationSetup, type TrialHooks, type TrialOutcome, type TrialSpec, type WorkloadSetup } from './types.js';
import { watchedLoad } from './watched-load.js';

/** What the trial needs to see of a running engine. */
export interface ServedEngine {
  /** Resolves when the engine process exits (on its own or because it was stopped). */
  readonly exited: Promise<ExitInfo>;
  /** The last lines of its output: the failure classifier's input. */
  tailLines(): string[];
}

/** Log lines handed to the failure classifier. */
export const TAIL_LINES = 40;
/** Output tokens of a warm-up request: enough to run every kernel once, short enough not to matter. */
const WARMUP_OUTPUT_TOKENS = 16;

/** The stress test's schedule for a trial; a bad workload is a set-up problem found before any launch. */
export function trialSchedule(workload: WorkloadSetup, spec: TrialSpec): ScheduledRequest[] {
  try {
    return buildSchedule({
      requests: workload.requests,
      rate: workload.rate,
      durationSec: workload.durationSec,
      count: workload.count,
      arrival: workload.arrival,
      burstiness: workload.burstiness,
      seed: spec.arrivalSeed ?? workload.seed,
    });
  } catch (e) {
    throw new EvaluationSetupError(`workload: ${(e as Error).message}`);
  }
}

/** Short requests sent all at once before measuring (cold caches, lazy compilation, first-request paths). */
export function warmupSchedule(workload: WorkloadSetup): ScheduledRequest[] {
  const out: ScheduledRequest[] = [];
  for (let i = 0; i < workload.warmupRequests && workload.requests.length > 0; i++) {
    const r: TraceRequest = workload.requests[i % workload.requests.length];
    out.push({ time: 0, request: { ...r, outputTokens: Math.max(1, Math.min(r.outputTokens, WARMUP_OUTPUT_TOKENS)) } });
  }
  return out;
}

export interface ServerTrialOptions {
  setup: EvaluationSetup;
  engine: ServedEngine;
  /** Where the load generator reaches the engine, e.g. http://127.0.0.1:8000. */
  baseUrl: string;
  schedule: readonly ScheduledRequest[];
  signal: AbortSignal;
  hooks?: TrialHooks;
  /** The trial being run: its source and the study's front decide which early-stop rules apply. */
  spec?: Pick<TrialSpec, 'source' | 'front'>;
}

/**
 * The early-stop policy's context for a trial. A robustness re-test exists to measure the full run,
 * so only the drain cap applies to it. A base-command baseline (llama.cpp's true default) is no point of
 * the space: its one use is the reference everything is measured against — SCOOT's EHVI reference, the
 * hypervolume reference of the results, the changes against the default — so it always runs to its end:
 * stopped, its latencies would be lower bounds and move the reference itself (on the H200 the default
 * saturates: stopped after ~4 s of load its mean TTFT would read a fraction of the 9 s it is).
 */
export function trialEarlyStop(workload: WorkloadSetup, spec: Pick<TrialSpec, 'source' | 'front'> | undefined, baseline: BaselineKind = 'space-defaults'): EarlyStopContext {
  const configured = workload.earlyStop ?? EARLY_STOP_OFF;
  const settings = spec?.source === 'default' && baseline === 'base-command' ? EARLY_STOP_OFF
    : spec?.source === 'robustness' ? { ...configured, saturation: false, slo: false, dominated: false } : configured;
  return {
    settings,
    ...(workload.slo ? { slo: workload.slo } : {}),
    maxErrorRate: workload.maxErrorRate,
    requestTimeoutSec: workload.requestTimeoutSec,
    ...(spec?.front ? { front: spec.front } : {}),
  };
}

/** The record of a stop: the metrics measured so far, of which the latencies and throughputs are bounds. */
export function earlyStopInfo(stop: StopDecision, metrics: Metrics): EarlyStopInfo {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const evidence: Record<string, number> = {};
  for (const [k, v] of Object.entries(stop.evidence)) if (Number.isFinite(v)) evidence[k] = round(v);
  return {
    rule: stop.rule,
    reason: stop.reason,
    atSeconds: round(stop.atSeconds),
    savedSeconds: round(stop.savedSeconds),
    censored: censoredMetrics(Object.keys(metrics)),
    evidence,
  };
}

export async function runServerTrial(opts: ServerTrialOptions): Promise<TrialOutcome> {
  const { setup, engine, baseUrl, signal, hooks } = opts;
  const { preset, workload } = setup;
  const classify = (): ReturnType<typeof preset.classifyFailure> => preset.classifyFailure(engineLines(engine.tailLines()).join('\n'));
  if (!preset.readiness) throw new EvaluationSetupError(`engine type "${preset.type}" has no server to wait for`);
  // Every outcome carries the phases that happened; the caller adds the teardown.
  const phases: TrialPhases = {};
  const timed = (o: TrialOutcome): TrialOutcome => (o.reasonCode === 'cancelled' ? o : { ...o, phases: { ...phases } });

  hooks?.onPhase?.('waiting-ready');
  const ready = await waitReady({ url: baseUrl + preset.readiness.path, timeoutSec: setup.readyTimeoutSec, exited: engine.exited, signal });
  if (ready.kind === 'aborted') return cancelledOutcome();
  phases.startup = ready.kind === 'timeout' ? setup.readyTimeoutSec : ready.seconds;
  if (ready.kind === 'exited') return timed(startFailure(ready.exit, classify(), engine.tailLines(), ready.seconds));
  if (ready.kind === 'timeout') return timed(startTimeout(setup.readyTimeoutSec, engine.tailLines()));
  const startupSeconds = ready.seconds;

  let model = workload.model;
  if (model === undefined) {
    try {
      model = await firstServedModel(baseUrl);
    } catch (e) {
      if (signal.aborted) return cancelledOutcome();
      const exit = await settledExit(engine);
      if (exit) return timed(crashUnderLoad(exit, 'warm-up', classify(), engine.tailLines(), { startupSeconds }));
      throw new EvaluationSetupError(`${(e as Error).message} (engine.model)`);
    }
  }
  const timeoutMs = workload.requestTimeoutSec * 1000;

  const warmup = warmupSchedule(workload);
  if (warmup.length > 0) {
    hooks?.onPhase?.('warmup');
    const w = await watchedLoad({ baseUrl, api: workload.api, model, schedule: warmup, timeoutMs, signal, exited: engine.exited });
    phases.warmup = w.seconds;
    if (w.kind === 'cancelled') return cancelledOutcome();
    if (w.kind === 'exited') return timed(crashUnderLoad(w.exit, 'warm-up', classify(), engine.tailLines(), { startupSeconds }));
    if (w.kind === 'hang') return timed(hangOutcome(w.silentSec, w.timedOut, { startupSeconds }));
  }

  hooks?.onPhase?.('load');
  const engineKind = metricsEngineOf(preset.type);
  const before = engineKind ? await scrape(baseUrl, engineKind, signal) : undefined;
  const load = await watchedLoad({
    baseUrl, api: workload.api, model, schedule: opts.schedule, timeoutMs, signal, exited: engine.exited,
    earlyStop: trialEarlyStop(workload, opts.spec, preset.baseline),
  });
  Object.assign(phases, loadAndDrain(load.records, load.seconds));
  const timing = { startupSeconds, loadSeconds: load.seconds };
  if (load.kind === 'cancelled') return cancelledOutcome();
  if (load.kind === 'exited') return timed(crashUnderLoad(load.exit, 'load test', classify(), engine.tailLines(), timing));
  if (load.kind === 'hang') return timed(hangOutcome(load.silentSec, load.timedOut, timing));

  const stopped = load.kind === 'stopped' ? load.stop : undefined;
  const metrics = computeMetrics(load.records, { slo: workload.slo, cutAsBounds: stopped !== undefined });
  const kept = finiteMetrics(metrics);
  const after = engineKind && before ? await scrape(baseUrl, engineKind, signal) : undefined;
  const engineView = before && after ? engineViewMetrics(before, after) : undefined;
  const rates = stopped ? undefined : loadRates(load.records);
  const extra = { ...timing, ...(engineView ? { engineMetrics: engineView } : {}), ...(stopped ? { earlyStop: earlyStopInfo(stopped, kept) } : {}), ...(rates ? { loadRates: rates } : {}) };
  if (metrics.error_rate > workload.maxErrorRate) {
    const failures = failureSummary(load.records);
    return timed(errorRateOutcome(metrics.error_rate, workload.maxErrorRate, load.records.length, failures, kept, extra, classifyRequestFailures(preset, failures)));
  }
  return timed({ status: 'ok', metrics: kept, ...extra });
}

/**
 * The stress test's seconds split at the last request sent: before it the schedule was still arriving
 * (load), after it the engine was working off its queue (drain).
 */
export function loadAndDrain(records: readonly RequestRecord[], seconds: number): { load: number; drain: number } {
  const lastSend = records.reduce((m, r) => Math.max(m, r.sendMs), 0) / 1000;
  const load = Math.min(seconds, lastSend);
  return { load, drain: Math.max(0, seconds - load) };
}

/** The engine's own failure patterns applied to the messages of failed requests (HTTP 400 "exceeds the available context size"). */
function classifyRequestFailures(preset: EvaluationSetup['preset'], failures: Readonly<Record<string, { count: number; example: string }>>) {
  const top = Object.entries(failures).sort((a, b) => b[1].count - a[1].count)[0];
  return top ? preset.classifyFailure(top[1].example) : undefined;
}

/** Engines whose /metrics the workload layer can read; the simulator speaks vLLM's names. */
function metricsEngineOf(type: string): MetricsEngine | undefined {
  if (type === 'vllm' || type === 'sim') return 'vllm';
  if (type === 'sglang' || type === 'llamacpp') return type;
  return undefined;
}

/** The engine's own view is a cross-check recorded next to the client's figures; failing to read it never fails a trial. */
async function scrape(baseUrl: string, engine: MetricsEngine, signal: AbortSignal): Promise<EngineScrape | undefined> {
  try {
    return await scrapeEngineMetrics(baseUrl, engine, { timeoutMs: 5000, signal });
  } catch {
    return undefined;
  }
}

function engineViewMetrics(before: EngineScrape, after: EngineScrape): Metrics | undefined {
  const v = engineLatencyDelta(before, after);
  const out: Metrics = {};
  const put = (name: string, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) out[name] = value;
  };
  put('requests', v.requests);
  put('ttft_mean', v.ttftMeanMs);
  put('ttft_p50', v.ttftP50Ms);
  put('ttft_p99', v.ttftP99Ms);
  put('tpot_mean', v.tpotMeanMs);
  put('itl_mean', v.itlMeanMs);
  put('e2e_mean', v.e2eMeanMs);
  put('e2e_p99', v.e2eP99Ms);
  put('prefill_ms_per_token', v.prefillMsPerToken);
  put('decode_ms_per_token', v.decodeMsPerToken);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The engine's exit if it has happened (or happens within a moment: a refused request often precedes the exit event). */
async function settledExit(engine: ServedEngine): Promise<ExitInfo | undefined> {
  return Promise.race([engine.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))]);
}
