// Loading the bundled traces and building Poisson arrival schedules, for the simulator's own tests
// and scripts/bench-sim.ts (the product's workload layer is src/workload; the simulator does not
// depend on it, so it is checked on its own).

import { readFileSync } from 'node:fs';
import { Rng } from '../../../src/core/rng.js';
import type { TraceRequest } from '../../../src/sim/evaluate.js';

export class TraceFormatError extends Error {}

/** Parse a JSONL trace of {"prompt": string, "output_tokens": int} lines. */
export function parseTrace(text: string, source = 'trace'): TraceRequest[] {
  const out: TraceRequest[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new TraceFormatError(`${source}:${i + 1}: not valid JSON`);
    }
    const r = v as { prompt?: unknown; output_tokens?: unknown };
    if (typeof r.prompt !== 'string' || typeof r.output_tokens !== 'number' || !Number.isInteger(r.output_tokens) || r.output_tokens < 1) {
      throw new TraceFormatError(`${source}:${i + 1}: expected {"prompt": string, "output_tokens": positive integer}`);
    }
    out.push({ prompt: r.prompt, output_tokens: r.output_tokens });
  }
  return out;
}

export function loadTrace(path: string): TraceRequest[] {
  return parseTrace(readFileSync(path, 'utf8'), path);
}

/** The requests with the longest outputs (SCOOT stress-tests with the longest 50%). */
export function longestOutputs(trace: readonly TraceRequest[], fraction: number): TraceRequest[] {
  return [...trace].sort((a, b) => b.output_tokens - a.output_tokens).slice(0, Math.max(1, Math.ceil(trace.length * fraction)));
}

export interface Schedule {
  requests: TraceRequest[];
  arrivals: number[];
}

/** Poisson arrivals at `rate` per second for `durationSeconds`, requests drawn uniformly from `pool`. */
export function poissonSchedule(pool: readonly TraceRequest[], rate: number, durationSeconds: number, seed: number): Schedule {
  const rng = new Rng(seed);
  const requests: TraceRequest[] = [];
  const arrivals: number[] = [];
  for (let t = 0; t < durationSeconds; t += rng.exponential(rate)) {
    arrivals.push(t);
    requests.push(pool[rng.int(pool.length)]);
  }
  return { requests, arrivals };
}
