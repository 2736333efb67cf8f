// Waiting for an engine to serve: poll its health path until it answers 200, and give up early when
// the process exits (nothing will ever answer) or the trial is cancelled.

import http from 'node:http';
import type { ExitInfo } from './exit-info.js';

export type ReadyResult =
  | { kind: 'ready'; seconds: number }
  | { kind: 'exited'; exit: ExitInfo; seconds: number }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'aborted'; seconds: number };

export interface ReadyOptions {
  /** Full URL of the health endpoint, e.g. http://127.0.0.1:8000/health. */
  url: string;
  timeoutSec: number;
  /** Resolves when the engine process exits. */
  exited: Promise<ExitInfo>;
  signal?: AbortSignal;
  /** Poll interval during the first `fastForSec` seconds (default 100 ms over 5 s): quick engines are caught at once. */
  intervalMs?: number;
  fastForSec?: number;
  /** Poll interval after that (default 500 ms): real engines take minutes, the lag does not matter then. */
  slowIntervalMs?: number;
}

/** One GET; resolves with the status code, or 0 when nothing answered within `timeoutMs`. */
export function probeStatus(url: string, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, signal, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export async function waitReady(opts: ReadyOptions): Promise<ReadyResult> {
  const started = Date.now();
  const elapsed = (): number => (Date.now() - started) / 1000;
  const deadline = started + opts.timeoutSec * 1000;
  let exit: ExitInfo | undefined;
  void opts.exited.then((e) => (exit = e));
  // Sleeps between polls end early when the engine exits or the trial is cancelled.
  let wakeUp = (): void => undefined;
  const wake = new Promise<void>((resolve) => (wakeUp = resolve));
  void opts.exited.then(() => wakeUp());
  opts.signal?.addEventListener('abort', wakeUp, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const fastUntil = started + (opts.fastForSec ?? 5) * 1000;
  try {
    for (;;) {
      if (opts.signal?.aborted) return { kind: 'aborted', seconds: elapsed() };
      if (exit) return { kind: 'exited', exit, seconds: elapsed() };
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'timeout', seconds: elapsed() };
      const status = await probeStatus(opts.url, Math.min(5000, Math.max(left, 1)), opts.signal);
      // An engine can answer its last health check and die right after: trust the exit over the 200.
      if (status === 200 && !exit && !opts.signal?.aborted) return { kind: 'ready', seconds: elapsed() };
      const interval = Date.now() < fastUntil ? (opts.intervalMs ?? 100) : (opts.slowIntervalMs ?? 500);
      await Promise.race([wake, new Promise((r) => (timer = setTimeout(r, Math.min(interval, Math.max(0, deadline - Date.now())))))]);
      clearTimeout(timer);
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', wakeUp);
  }
}
