// Replays a schedule against an OpenAI-compatible server: every request leaves at its scheduled time,
// whether or not earlier ones have finished (an open-loop load, free of coordinated omission).

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ScheduledRequest } from './arrivals.js';
import { LoadAbortedError, LoadOptionsError } from './errors.js';
import { endpointPath, requestBody, serverRoot } from './openai-body.js';
import type { ApiKind } from '../protocol/workload.js';
import type { RequestRecord } from './record.js';
import { startStreamRequest } from './stream-request.js';
import type { OpenRequest } from './stream-request.js';

// Timers resolve whole milliseconds and may wake up to 1 ms early; spinning until the exact instant
// would burn a core at high rates. A request due within this margin is sent now (its actual send time
// is what the metrics use, so nothing is misreported).
const EARLY_MS = 0.5;

export interface LoadOptions {
  /** e.g. http://127.0.0.1:8000 (a trailing /v1 is accepted). */
  baseUrl: string;
  api: ApiKind;
  model: string;
  schedule: readonly ScheduledRequest[];
  /** Per-request deadline from its send time. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called as each request ends, in completion order. */
  onRecord?: (record: RequestRecord) => void;
  /** Ask for exactly max_tokens tokens (default true). */
  ignoreEos?: boolean;
  /** Extra fields merged into every request body (e.g. temperature). */
  extraBody?: Readonly<Record<string, unknown>>;
  /** Sent as `Authorization: Bearer ...` when given. */
  apiKey?: string;
  /** Sees each request leave and get its first token, on the run's clock (live measurements). */
  observer?: LoadObserver;
}

/** Live view of a load in progress; completions arrive through onRecord. */
export interface LoadObserver {
  /** Hands over the run's clock (milliseconds since its start) before the first request leaves. */
  started?(now: () => number): void;
  sent?(index: number, sendMs: number): void;
  firstToken?(index: number, ms: number): void;
}

/**
 * Runs the load and resolves with one record per scheduled request, in schedule order. Failed requests
 * are records with `ok: false`, never rejections. If `signal` fires, open requests are cut, their
 * sockets destroyed, and the promise rejects with LoadAbortedError carrying the records so far.
 */
export function runLoad(opts: LoadOptions): Promise<RequestRecord[]> {
  const url = new URL(serverRoot(opts.baseUrl) + endpointPath(opts.api));
  if (url.protocol !== 'http:') throw new LoadOptionsError(`only http:// base URLs are supported, got ${opts.baseUrl}`);
  if (!(opts.timeoutMs > 0)) throw new LoadOptionsError(`timeoutMs must be positive, got ${opts.timeoutMs}`);
  const ignoreEos = opts.ignoreEos ?? true;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  // No socket limit: a cap would queue requests inside the client and delay their send times.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 4096, scheduling: 'lifo' });
  const schedule = opts.schedule;
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const observer = opts.observer;

  return new Promise<RequestRecord[]>((resolve, reject) => {
    const records: RequestRecord[] = new Array<RequestRecord>(schedule.length);
    const open = new Map<number, OpenRequest>();
    let next = 0;
    let finished = 0;
    let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
    let stopped = false;

    const stopTimer = (): void => {
      if (timer === undefined) return;
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      timer = undefined;
    };

    const finish = (): void => {
      stopped = true;
      stopTimer();
      opts.signal?.removeEventListener('abort', onAbort);
      agent.destroy();
    };

    const onAbort = (): void => {
      if (stopped) return;
      stopped = true;
      stopTimer();
      for (const r of open.values()) r.abort();
      // abort() settles synchronously, but its record arrives through a promise: collect after a tick.
      void Promise.all([...open.values()].map((r) => r.done)).then(() => {
        finish();
        reject(new LoadAbortedError(records.filter((r) => r !== undefined)));
      });
    };

    const fire = (i: number): void => {
      const s = schedule[i];
      const body = JSON.stringify(requestBody(opts.api, opts.model, s.request, ignoreEos, opts.extraBody));
      const req = startStreamRequest({
        index: i,
        url,
        agent,
        body,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        scheduledMs: s.time * 1000,
        promptTokens: s.request.promptTokens,
        requestedOutputTokens: s.request.outputTokens,
        ignoreEos,
        timeoutMs: opts.timeoutMs,
        now,
        ...(observer?.firstToken ? { onFirstToken: (ms: number) => observer.firstToken?.(i, ms) } : {}),
      });
      open.set(i, req);
      observer?.sent?.(i, req.sendMs);
      void req.done.then((rec) => {
        open.delete(i);
        records[i] = rec;
        finished++;
        opts.onRecord?.(rec);
        if (!stopped && finished === schedule.length) {
          finish();
          resolve(records);
        }
      });
    };

    const tick = (): void => {
      timer = undefined;
      if (stopped) return;
      const t = now();
      while (next < schedule.length && schedule[next].time * 1000 <= t + EARLY_MS) fire(next++);
      if (next < schedule.length && !stopped) {
        const wait = schedule[next].time * 1000 - now();
        timer = wait <= EARLY_MS ? setImmediate(tick) : setTimeout(tick, Math.max(1, Math.floor(wait)));
      }
    };

    if (opts.signal?.aborted) {
      agent.destroy();
      reject(new LoadAbortedError([]));
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    observer?.started?.(now);
    if (schedule.length === 0) {
      finish();
      resolve([]);
      return;
    }
    tick();
  });
}
