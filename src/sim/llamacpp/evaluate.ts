// The llama.cpp mode of the simulator on a virtual clock: requests arrive at given times, the client
// gives up on a request `requestTimeoutSec` after sending it (llama-server then cancels the task), and
// the result is what scoot's load client would have measured (src/workload/metrics.ts definitions: TTFT,
// TPOT = (E2E − TTFT) / (tokens − 1), throughput over first send to last response or timeout).

import { Rng } from '../../core/rng.js';
import { GapRecorder } from '../engine.js';
import { computeServingMetrics, type CompletedRequest, type ServingMetrics } from '../serving-metrics.js';
import { llamaCppConfig, slotLayout, type LlamaCppConfig, type SlotLayout } from './config.js';
import type { LlamaCppProfile } from './profile.js';
import { SlotServer, type Task } from './slot-server.js';

export interface LlamaCppRequest {
  /** Prompt tokens as the project's tokenizer counts them (TraceRequest.promptTokens). */
  promptTokens: number;
  outputTokens: number;
}

export interface LlamaCppRunOptions {
  /** Seconds after its send at which the client abandons a request (workload.requestTimeoutSec). */
  requestTimeoutSec: number;
  /** Seed of this trial's noise (run speed and per-iteration jitter). */
  noiseSeed: number;
  /** Speed factor of this run instead of a random one (1 = the profile's nominal speed). */
  speed?: number;
}

export interface LlamaCppResult {
  metrics: ServingMetrics;
  layout: SlotLayout;
  /** The run's speed factor (iteration times are divided by nothing; multiplied by this). */
  slowdown: number;
  completed: number;
  failed: { timeout: number; tooLong: number };
  /** Seconds from the last arrival until the last response or timeout: the load test's drain. */
  drainSeconds: number;
  iterations: number;
}

export function evaluateLlamaCpp(
  config: LlamaCppConfig | Readonly<Record<string, string | number | boolean>>,
  requests: readonly LlamaCppRequest[],
  arrivals: readonly number[],
  profile: LlamaCppProfile,
  options: LlamaCppRunOptions,
): LlamaCppResult {
  if (requests.length !== arrivals.length) throw new Error(`evaluateLlamaCpp: ${requests.length} requests but ${arrivals.length} arrival times`);
  const cfg: LlamaCppConfig = 'ctxSize' in config ? (config as LlamaCppConfig) : llamaCppConfig(config as Readonly<Record<string, string | number | boolean>>);
  const layout = slotLayout(cfg, profile.trainingContext);
  const server = new SlotServer(layout, profile);
  const rng = new Rng(options.noiseSeed, 0x11a4a);
  const slowdown = options.speed ?? Math.exp(profile.runSpeedSd * rng.normal());
  const jitter = () => Math.min(1.1, Math.max(0.92, 1 + profile.jitterSd * rng.normal()));
  const gaps = new GapRecorder();
  const order = arrivals.map((_, i) => i).sort((a, b) => arrivals[a] - arrivals[b]);
  const tasks: (Task | undefined)[] = new Array<Task | undefined>(requests.length).fill(undefined);
  const timeout = options.requestTimeoutSec;
  // Pending client timeouts in send order (sends are sorted, so deadlines are too).
  let nextArrival = 0;
  let nextDeadline = 0;
  let now = order.length ? arrivals[order[0]] : 0;
  let iterationEnd = Infinity;
  let current: ReturnType<SlotServer['plan']>;
  let iterations = 0;
  const onToken = (_t: Task, t: number, previous: number) => {
    if (previous >= 0) gaps.add(t - previous, 1);
  };
  const startIteration = () => {
    server.assign();
    current = server.plan();
    iterationEnd = current ? now + current.seconds * slowdown * jitter() : Infinity;
  };
  for (;;) {
    const arrival = nextArrival < order.length ? arrivals[order[nextArrival]] : Infinity;
    while (nextDeadline < nextArrival) {
      const t = tasks[order[nextDeadline]];
      if (t && (t.state === 'done' || t.state === 'failed')) nextDeadline++;
      else break;
    }
    const deadline = nextDeadline < nextArrival ? arrivals[order[nextDeadline]] + timeout : Infinity;
    const next = Math.min(arrival, deadline, iterationEnd);
    if (next === Infinity) break;
    now = next;
    if (next === iterationEnd && current) {
      server.complete(current, now, onToken);
      iterations++;
      current = undefined;
      iterationEnd = Infinity;
      startIteration();
    } else if (next === deadline) {
      const t = tasks[order[nextDeadline]] as Task;
      server.cancel(t, now, `no complete response within ${timeout * 1000} ms`);
      nextDeadline++;
      // The cancel takes effect between iterations; an idle server starts on what is queued.
      if (!current) startIteration();
    } else {
      const i = order[nextArrival++];
      const r = requests[i];
      tasks[i] = server.submit({ id: i, prompt: Math.max(1, Math.round(r.promptTokens * profile.tokenRatio)), maxTokens: Math.max(1, r.outputTokens), arrival: now });
      if (!current) startIteration();
    }
  }
  const completed: CompletedRequest[] = [];
  let tooLong = 0;
  let timedOut = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < requests.length; i++) {
    const t = tasks[i] as Task;
    first = Math.min(first, arrivals[i]);
    if (t.state === 'done') {
      completed.push({ ttft: t.firstTokenAt - arrivals[i], e2e: t.finishedAt - arrivals[i], outputTokens: t.generated });
      last = Math.max(last, t.finishedAt);
    } else {
      if (t.error?.startsWith('request (')) tooLong++;
      else timedOut++;
      last = Math.max(last, t.finishedAt >= 0 ? t.finishedAt : arrivals[i] + timeout);
    }
  }
  const metrics = computeServingMetrics({ completed, failed: tooLong + timedOut, durationSeconds: last - first, gaps });
  const lastArrival = order.length ? arrivals[order[order.length - 1]] : 0;
  return { metrics, layout, slowdown, completed: completed.length, failed: { timeout: timedOut, tooLong }, drainSeconds: Math.max(0, last - lastArrival), iterations };
}
