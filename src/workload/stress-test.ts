// One stress test as an evaluation runs it: keep the longest-output fraction of the trace, build the
// seeded arrival schedule, replay it, compute the metrics, and (optionally) read the engine's own
// /metrics before and after so its view of exactly these requests is recorded next to the client's.

import { buildSchedule } from './arrivals.js';
import type { ScheduleOptions } from './arrivals.js';
import { engineLatencyDelta, scrapeEngineMetrics } from './engine-metrics.js';
import type { EngineLatencyView, EngineScrape, MetricsEngine } from './engine-metrics.js';
import { runLoad } from './load.js';
import { benchmarkDurationSec, computeMetrics, failureSummary } from './metrics.js';
import type { MeasuredMetrics } from '../protocol/metrics.js';
import type { SloBound } from '../protocol/slo.js';
import type { ApiKind } from '../protocol/workload.js';
import type { RequestRecord } from './record.js';
import { selectLongestOutputs } from './trace.js';

/** The arrival schedule's options (always normalised, as `vllm bench serve` does) plus the load's. */
export interface StressTestOptions extends Omit<ScheduleOptions, 'normalize'> {
  baseUrl: string;
  api: ApiKind;
  model: string;
  /** Keep this fraction of requests with the longest outputs (the paper uses 0.5); default 1. */
  longestOutputs?: number;
  timeoutMs: number;
  slo?: Readonly<Record<string, SloBound>>;
  /** Scrape the engine's /metrics under these names before and after (the simulator uses 'vllm'). */
  metricsEngine?: MetricsEngine;
  signal?: AbortSignal;
  onRecord?: (record: RequestRecord) => void;
}

export interface StressTestResult {
  metrics: MeasuredMetrics;
  records: RequestRecord[];
  durationSec: number;
  failures: Record<string, { count: number; example: string }>;
  /** The engine's view of the same requests, when metricsEngine was given and both scrapes worked. */
  engine?: EngineLatencyView;
  /** Why the engine view is missing, when a scrape failed (the test itself still counts). */
  engineError?: string;
}

export async function runStressTest(opts: StressTestOptions): Promise<StressTestResult> {
  const requests = opts.longestOutputs === undefined ? opts.requests : selectLongestOutputs(opts.requests, opts.longestOutputs);
  const schedule = buildSchedule({
    requests, rate: opts.rate, durationSec: opts.durationSec, count: opts.count,
    arrival: opts.arrival, burstiness: opts.burstiness, seed: opts.seed,
  });
  let engineError: string | undefined;
  const scrape = async (): Promise<EngineScrape | undefined> => {
    if (!opts.metricsEngine || engineError) return undefined;
    try {
      return await scrapeEngineMetrics(opts.baseUrl, opts.metricsEngine, { signal: opts.signal });
    } catch (e) {
      engineError = (e as Error).message;
      return undefined;
    }
  };
  const before = await scrape();
  const records = await runLoad({
    baseUrl: opts.baseUrl, api: opts.api, model: opts.model, schedule, timeoutMs: opts.timeoutMs,
    signal: opts.signal, onRecord: opts.onRecord,
  });
  const after = await scrape();
  const durationSec = benchmarkDurationSec(records);
  return {
    metrics: computeMetrics(records, { durationSec, slo: opts.slo }),
    records,
    durationSec,
    failures: failureSummary(records),
    ...(before && after ? { engine: engineLatencyDelta(before, after) } : {}),
    ...(engineError ? { engineError } : {}),
  };
}
