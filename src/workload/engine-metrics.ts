// What the engine itself reports on /metrics, read before and after a test so that only the test's
// requests count. Names checked against the engines' sources:
//  - vLLM (V1, vllm/v1/metrics/loggers.py): vllm:time_to_first_token_seconds,
//    vllm:request_time_per_output_token_seconds (one observation per request, like the client's TPOT;
//    newer releases), vllm:inter_token_latency_seconds (one per token; older releases called it
//    vllm:time_per_output_token_seconds), vllm:e2e_request_latency_seconds. The simulator uses these names.
//  - SGLang (python/sglang/srt/metrics/collector.py): sglang:time_to_first_token_seconds,
//    sglang:inter_token_latency_seconds (older: sglang:time_per_output_token_seconds, per token),
//    sglang:e2e_request_latency_seconds.
//  - llama.cpp llama-server (--metrics, which the llamacpp preset adds): no latency histograms at all,
//    only counters and gauges (tools/server/server-context.cpp at d32676d7, 2026-08; a real scrape pair is
//    in test/fixtures/llamacpp/) — llamacpp:prompt_tokens_total, llamacpp:prompt_seconds_total,
//    llamacpp:tokens_predicted_total, llamacpp:tokens_predicted_seconds_total (summed per-slot time, so
//    per token it is a TPOT), llamacpp:n_decode_total, llamacpp:n_tokens_max, llamacpp:requests_processing,
//    llamacpp:requests_deferred, llamacpp:n_busy_slots_per_decode; kv_cache_usage_ratio and
//    kv_cache_tokens only in older builds. From their deltas we derive prefill and decode time per token.

import { ScrapeError } from './errors.js';
import type { Histogram } from './histogram.js';
import { histogramDelta, histogramMean, histogramQuantile, readHistogram } from './histogram.js';
import { serverRoot } from './openai-body.js';
import { parseExposition, sumSeries } from './prometheus.js';
import type { Exposition } from './prometheus.js';

export type MetricsEngine = 'vllm' | 'sglang' | 'llamacpp';
type Role = 'ttft' | 'tpot' | 'itl' | 'e2e';

/** Histogram names per role, most preferred first; `perRequest` marks TPOT observed once per request. */
const HISTOGRAMS: Record<'vllm' | 'sglang', Record<Role, string[]>> = {
  vllm: {
    ttft: ['vllm:time_to_first_token_seconds'],
    tpot: ['vllm:request_time_per_output_token_seconds'],
    itl: ['vllm:inter_token_latency_seconds', 'vllm:time_per_output_token_seconds'],
    e2e: ['vllm:e2e_request_latency_seconds'],
  },
  sglang: {
    ttft: ['sglang:time_to_first_token_seconds'],
    tpot: [],
    itl: ['sglang:inter_token_latency_seconds', 'sglang:time_per_output_token_seconds'],
    e2e: ['sglang:e2e_request_latency_seconds'],
  },
};

const LLAMACPP_COUNTERS = [
  'llamacpp:prompt_tokens_total', 'llamacpp:prompt_seconds_total',
  'llamacpp:tokens_predicted_total', 'llamacpp:tokens_predicted_seconds_total',
  'llamacpp:n_decode_total', 'llamacpp:n_busy_slots_per_decode',
  'llamacpp:requests_processing', 'llamacpp:requests_deferred',
  'llamacpp:kv_cache_usage_ratio', 'llamacpp:kv_cache_tokens', 'llamacpp:n_tokens_max',
];

export interface EngineScrape {
  engine: MetricsEngine;
  /** Histograms found, by their full metric name. */
  histograms: Record<string, Histogram>;
  /** Counters and gauges found (llama.cpp), by full metric name. */
  values: Record<string, number>;
}

export interface EngineLatencyView {
  engine: MetricsEngine;
  /** Requests observed by the TTFT (or E2E) histogram between the two scrapes. */
  requests?: number;
  ttftMeanMs?: number;
  ttftP50Ms?: number;
  ttftP99Ms?: number;
  /** Per-request TPOT mean when the engine has such a histogram, else the per-token ITL mean. */
  tpotMeanMs?: number;
  /** Which histogram tpotMeanMs came from. */
  tpotSource?: string;
  itlMeanMs?: number;
  e2eMeanMs?: number;
  e2eP99Ms?: number;
  /** llama.cpp: prompt processing time per prompt token, and decode time per generated token. */
  prefillMsPerToken?: number;
  decodeMsPerToken?: number;
  /** Raw deltas of the counters/gauges read (gauges: the value after). */
  values: Record<string, number>;
}

/** Extracts what we track for `engine` from an exposition (exported for tests and offline files). */
export function engineScrapeFrom(expo: Exposition, engine: MetricsEngine): EngineScrape {
  const histograms: Record<string, Histogram> = {};
  const values: Record<string, number> = {};
  if (engine === 'llamacpp') {
    for (const name of LLAMACPP_COUNTERS) {
      const v = sumSeries(expo, name);
      if (v !== undefined) values[name] = v;
    }
  } else {
    for (const names of Object.values(HISTOGRAMS[engine])) {
      for (const name of names) {
        const h = readHistogram(expo, name);
        if (h) histograms[name] = h;
      }
    }
  }
  return { engine, histograms, values };
}

export async function scrapeEngineMetrics(
  baseUrl: string,
  engine: MetricsEngine,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<EngineScrape> {
  const url = `${serverRoot(baseUrl)}/metrics`;
  const signals = [AbortSignal.timeout(opts.timeoutMs ?? 10_000), ...(opts.signal ? [opts.signal] : [])];
  let text: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.any(signals) });
    if (!res.ok) throw new ScrapeError(`${url} answered HTTP ${res.status}${engine === 'llamacpp' ? ' (start llama-server with --metrics)' : ''}`);
    text = await res.text();
  } catch (e) {
    if (e instanceof ScrapeError) throw e;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new ScrapeError(`cannot read ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  return engineScrapeFrom(parseExposition(text), engine);
}

const ms = (seconds: number): number | undefined => (Number.isFinite(seconds) ? seconds * 1000 : undefined);

function firstDelta(before: EngineScrape, after: EngineScrape, names: readonly string[]): { name: string; h: Histogram } | undefined {
  for (const name of names) {
    const h = after.histograms[name];
    if (h) return { name, h: histogramDelta(before.histograms[name], h) };
  }
  return undefined;
}

const GAUGES = new Set(['llamacpp:n_busy_slots_per_decode', 'llamacpp:requests_processing', 'llamacpp:requests_deferred',
  'llamacpp:kv_cache_usage_ratio', 'llamacpp:kv_cache_tokens', 'llamacpp:n_tokens_max']);

/** The engine's view of the requests made between two scrapes, times in milliseconds. */
export function engineLatencyDelta(before: EngineScrape, after: EngineScrape): EngineLatencyView {
  const view: EngineLatencyView = { engine: after.engine, values: {} };
  for (const [name, v] of Object.entries(after.values)) {
    view.values[name] = GAUGES.has(name) ? v : v - (before.values[name] ?? 0);
  }
  if (after.engine === 'llamacpp') {
    const v = view.values;
    const rate = (secs: string, toks: string): number | undefined =>
      v[secs] !== undefined && v[toks] ? (v[secs] / v[toks]) * 1000 : undefined;
    const prefill = rate('llamacpp:prompt_seconds_total', 'llamacpp:prompt_tokens_total');
    const decode = rate('llamacpp:tokens_predicted_seconds_total', 'llamacpp:tokens_predicted_total');
    if (prefill !== undefined) view.prefillMsPerToken = prefill;
    if (decode !== undefined) view.decodeMsPerToken = decode;
    return view;
  }
  const names = HISTOGRAMS[after.engine];
  const ttft = firstDelta(before, after, names.ttft);
  const tpot = firstDelta(before, after, names.tpot);
  const itl = firstDelta(before, after, names.itl);
  const e2e = firstDelta(before, after, names.e2e);
  const set = <K extends keyof EngineLatencyView>(k: K, v: EngineLatencyView[K] | undefined): void => {
    if (v !== undefined) view[k] = v;
  };
  set('requests', ttft?.h.count ?? e2e?.h.count);
  if (ttft) {
    set('ttftMeanMs', ms(histogramMean(ttft.h)));
    set('ttftP50Ms', ms(histogramQuantile(ttft.h, 0.5)));
    set('ttftP99Ms', ms(histogramQuantile(ttft.h, 0.99)));
  }
  if (itl) set('itlMeanMs', ms(histogramMean(itl.h)));
  const tpotFrom = tpot && tpot.h.count > 0 ? tpot : itl;
  if (tpotFrom) {
    set('tpotMeanMs', ms(histogramMean(tpotFrom.h)));
    set('tpotSource', tpotFrom.name);
  }
  if (e2e) {
    set('e2eMeanMs', ms(histogramMean(e2e.h)));
    set('e2eP99Ms', ms(histogramQuantile(e2e.h, 0.99)));
  }
  return view;
}
