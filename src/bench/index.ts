// The workload layer's public API (DESIGN.md §2: src/bench imports nothing of ours but src/core/rng).

export { BenchError, TraceError, LoadOptionsError, ScrapeError, LoadAbortedError } from './errors.js';
export { estimateTokens } from './tokens.js';
export type { ChatMessage, TraceRequest, TraceFacts } from './trace.js';
export { traceFacts, selectLongestOutputs, promptText, chatMessages } from './trace.js';
export { loadTrace, parseTrace } from './trace-load.js';
export type { ArrivalProcess, ScheduleOptions, ScheduledRequest } from './arrivals.js';
export { buildSchedule } from './arrivals.js';
export type { OpenAiApi } from './openai-body.js';
export type { FailureKind, RequestFailure, RequestRecord } from './record.js';
export { ttftMs, e2eMs } from './record.js';
export type { LoadOptions } from './load.js';
export { runLoad } from './load.js';
export { firstServedModel } from './models.js';
export type { Metrics, MetricName, MetricsOptions, SloBound } from './metrics.js';
export { METRIC_NAMES, computeMetrics, benchmarkDurationSec, failureSummary } from './metrics.js';
export { mean, percentile } from './stats.js';
export type { Sample, Exposition } from './prometheus.js';
export { parseExposition, sumSeries } from './prometheus.js';
export type { Histogram } from './histogram.js';
export { readHistogram, histogramDelta, histogramMean, histogramQuantile } from './histogram.js';
export type { MetricsEngine, EngineScrape, EngineLatencyView } from './engine-metrics.js';
export { scrapeEngineMetrics, engineScrapeFrom, engineLatencyDelta } from './engine-metrics.js';
export type { StressTestOptions, StressTestResult } from './stress-test.js';
export { runStressTest } from './stress-test.js';
