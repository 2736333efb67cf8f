// The virtual-time evaluator: replay requests at given arrival times through the engine core on a
// virtual clock and return what a streaming benchmark client would have measured. Pure: the same
// configuration, requests, arrival times and seed give the same result.

import { Engine, GapRecorder } from './engine.js';
import { planEngine } from './engine-plan.js';
import { parseSimArgs, paramsToArgv, type SimConfig } from './flags.js';
import { computeServingMetrics, type CompletedRequest, type ServingMetrics } from './serving-metrics.js';
import type { Seq } from './sequence.js';
import { tokenizePrompt } from './tokenizer.js';

/** One trace line: the prompt text and how many tokens the reply has. */
export interface TraceRequest {
  prompt: string;
  output_tokens: number;
}

export type FailureReason = 'startup-failure' | 'crash-under-load' | 'hang';

export interface RequestTiming {
  /** Index into the requests given. */
  index: number;
  /** Seconds. */
  arrival: number;
  promptTokens: number;
  outputTokens: number;
  /** Seconds from arrival; undefined when the request produced no token. */
  ttft?: number;
  /** Seconds from arrival to the last token; undefined unless completed. */
  e2e?: number;
  ok: boolean;
  error?: string;
}

export interface EvaluationResult {
  ok: boolean;
  failure?: { reason: FailureReason; message: string; atSeconds?: number };
  /** The metrics of docs/ARCHITECTURE.md §5 (goodput omitted); present when ok. */
  metrics?: ServingMetrics;
  requests: RequestTiming[];
  /** Virtual seconds from the first arrival to the last completion (or to the failure). */
  durationSeconds: number;
  engine?: {
    replicas: number;
    kvCacheBlocksPerReplica: number;
    kvCacheTokensPerReplica: number;
    iterations: number;
    /** Iterations that computed prompt tokens. */
    prefillIterations: number;
    preemptions: number;
    /** Prompt tokens actually computed: less than the prompts with prefix-cache hits, more with recomputation. */
    promptTokensComputed: number;
  };
}

export interface EvaluateOptions {
  /** Seed of the iteration-time jitter; default the config's --seed. */
  seed?: number;
  /**
   * Requests still unfinished this many seconds after the last arrival count as failed (a client
   * timeout); default 3600.
   */
  timeoutAfterLastArrival?: number;
}

export type ConfigInput = SimConfig | readonly string[] | Readonly<Record<string, number | boolean | string>>;

function toConfig(c: ConfigInput): SimConfig {
  if (Array.isArray(c)) return parseSimArgs(c as readonly string[]);
  if ('ignoredFlags' in (c as object)) return c as SimConfig;
  return parseSimArgs(paramsToArgv(c as Readonly<Record<string, number | boolean | string>>));
}

export class EvaluationInputError extends Error {}

/**
 * Evaluate a configuration on requests arriving at `arrivalTimes[i]` seconds (one per request).
 * `config` is a parsed SimConfig, an argv array, or flag-name → value parameters.
 */
export function evaluateConfig(config: ConfigInput, requests: readonly TraceRequest[], arrivalTimes: readonly number[], options: EvaluateOptions = {}): EvaluationResult {
  if (arrivalTimes.length !== requests.length) {
    throw new EvaluationInputError(`evaluateConfig: ${requests.length} requests but ${arrivalTimes.length} arrival times; give one arrival time per request`);
  }
  for (let i = 0; i < arrivalTimes.length; i++) {
    if (!Number.isFinite(arrivalTimes[i])) throw new EvaluationInputError(`evaluateConfig: arrival time ${i} is ${arrivalTimes[i]}; give finite seconds`);
  }
  const cfg = toConfig(config);
  const planned = planEngine(cfg);
  if (!planned.ok) {
    return { ok: false, failure: { reason: 'startup-failure', message: planned.failure.message }, requests: [], durationSeconds: 0 };
  }
  const plan = planned.plan;
  const gaps = new GapRecorder();
  const engine = new Engine(plan, options.seed ?? cfg.seed, {}, gaps);
  const order = Array.from({ length: requests.length }, (_, i) => i).sort((a, b) => arrivalTimes[a] - arrivalTimes[b]);
  const seqs: (Seq | undefined)[] = new Array<Seq | undefined>(requests.length).fill(undefined);
  const prompts = requests.map((r) => tokenizePrompt(r.prompt));
  const start = order.length > 0 ? Math.min(0, arrivalTimes[order[0]]) : 0;
  const lastArrival = order.length > 0 ? arrivalTimes[order[order.length - 1]] : 0;
  const deadline = lastArrival + (options.timeoutAfterLastArrival ?? 3600);
  const replicas = engine.replicas;
  let next = 0;
  let now = start;

  for (;;) {
    const arrival = next < order.length ? arrivalTimes[order[next]] : Number.POSITIVE_INFINITY;
    let r = -1;
    let end = Number.POSITIVE_INFINITY;
    for (let i = 0; i < replicas.length; i++) {
      if (replicas[i].busy && replicas[i].iterationEnd < end) {
        end = replicas[i].iterationEnd;
        r = i;
      }
    }
    if (arrival === Number.POSITIVE_INFINITY && r < 0) break;
    if (Math.min(arrival, end) > deadline) break;
    if (arrival <= end) {
      now = arrival;
      const idx = order[next++];
      const prompt = prompts[idx];
      const maxTokens = Math.max(1, Math.floor(requests[idx].output_tokens));
      if (prompt.length === 0 || prompt.length + maxTokens > plan.maxModelLen) {
        // The OpenAI front end rejects it with HTTP 400 before it reaches the engine.
        continue;
      }
      const seq = engine.add(prompt, maxTokens, maxTokens, now);
      seqs[idx] = seq;
      engine.start(replicas[seq.replica], now);
    } else {
      now = end;
      engine.finish(replicas[r]);
      engine.start(replicas[r], now);
    }
    if (engine.failure) break;
  }

  const timings: RequestTiming[] = [];
  const completed: CompletedRequest[] = [];
  let failed = 0;
  let lastDone = start;
  for (let i = 0; i < requests.length; i++) {
    const s = seqs[i];
    const prompt = prompts[i];
    if (!s) {
      failed++;
      timings.push({
        index: i, arrival: arrivalTimes[i], promptTokens: prompt.length, outputTokens: 0, ok: false,
        error: prompt.length === 0 ? 'The prompt cannot be empty.'
          : `This model's maximum context length is ${plan.maxModelLen} tokens. However, you requested ${prompt.length + requests[i].output_tokens} tokens.`,
      });
      continue;
    }
    const ok = s.state === 'finished';
    const t: RequestTiming = { index: i, arrival: s.arrival, promptTokens: prompt.length, outputTokens: s.generated, ok };
    if (s.firstTokenAt >= 0) t.ttft = s.firstTokenAt - s.arrival;
    if (ok) {
      t.e2e = s.finishedAt - s.arrival;
      completed.push({ ttft: t.ttft as number, e2e: t.e2e, outputTokens: s.generated });
      if (s.finishedAt > lastDone) lastDone = s.finishedAt;
    } else {
      failed++;
      t.error = s.error ?? (engine.failure ? engine.failure.message : 'timed out');
    }
    timings.push(t);
  }
  const engineInfo = {
    replicas: plan.replicas, kvCacheBlocksPerReplica: plan.memory.numBlocks, kvCacheTokensPerReplica: plan.memory.numBlocks * plan.blockSize,
    iterations: 0, prefillIterations: 0, preemptions: 0, promptTokensComputed: 0,
  };
  for (const r of replicas) {
    engineInfo.iterations += r.stats.iterations;
    engineInfo.prefillIterations += r.stats.prefillIterations;
    engineInfo.preemptions += r.stats.preemptions;
    engineInfo.promptTokensComputed += r.stats.promptTokens;
  }
  if (engine.failure) {
    return {
      ok: false, failure: { reason: engine.failure.reason, message: engine.failure.message, atSeconds: engine.failure.at },
      requests: timings, durationSeconds: engine.failure.at - start, engine: engineInfo,
    };
  }
  const durationSeconds = lastDone - start;
  const metrics = computeServingMetrics({ completed, failed, durationSeconds, gaps });
  return { ok: true, metrics, requests: timings, durationSeconds, engine: engineInfo };
}
