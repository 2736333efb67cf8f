// Arrival schedules: when each request is sent, and which trace request it is.
//
// Inter-arrival gaps follow a gamma distribution with shape = burstiness and mean 1/rate, as
// `vllm bench serve --burstiness` does: burstiness 1 is a Poisson process, < 1 is burstier (CV² of the
// gaps = 1/burstiness), > 1 is more regular, Infinity is a constant rate. Request order is a seeded
// shuffle of the trace (cycled when more requests than trace entries are needed), so another seed gives
// another arrival pattern AND another request order, which the SLO robustness re-tests rely on.

import { Rng } from '../core/rng.js';
import { LoadOptionsError } from './errors.js';
import type { TraceRequest } from './trace.js';
import type { ArrivalProcess } from '../protocol/workload.js';


export interface ScheduleOptions {
  requests: readonly TraceRequest[];
  /** Mean arrival rate, requests per second. */
  rate: number;
  /** Load duration in seconds; give this or `count`. */
  durationSec?: number;
  /** Number of requests to send; give this or `durationSec`. */
  count?: number;
  arrival: ArrivalProcess;
  /** Gamma shape; must be 1 (or absent) for 'poisson'. Default 1. */
  burstiness?: number;
  seed: number;
  /**
   * Rescale the arrival times so the last one lands exactly at count / rate, as `vllm bench serve` does
   * to keep throughput comparable across seeds (the shape of the gaps, hence their CV, is unchanged).
   * With `durationSec`, true sends round(rate × durationSec) requests; false keeps drawing gaps until
   * the duration runs out (a Poisson-distributed count). Default true.
   */
  normalize?: boolean;
}

export interface ScheduledRequest {
  /** Seconds after the start of the run. */
  time: number;
  request: TraceRequest;
}

export function buildSchedule(opts: ScheduleOptions): ScheduledRequest[] {
  const { requests, rate, durationSec, count, arrival, seed } = opts;
  const burstiness = opts.burstiness ?? 1;
  const normalize = opts.normalize ?? true;
  if (requests.length === 0) throw new LoadOptionsError('the trace has no requests to schedule');
  if (!(rate > 0) || !Number.isFinite(rate)) throw new LoadOptionsError(`rate must be a positive number of requests per second, got ${rate}`);
  if ((durationSec === undefined) === (count === undefined)) throw new LoadOptionsError('give exactly one of durationSec or count');
  if (durationSec !== undefined && !(durationSec > 0 && Number.isFinite(durationSec))) throw new LoadOptionsError(`durationSec must be a positive number, got ${durationSec}`);
  if (count !== undefined && !(Number.isInteger(count) && count > 0)) throw new LoadOptionsError(`count must be a positive integer, got ${count}`);
  if (!(burstiness > 0)) throw new LoadOptionsError(`burstiness must be > 0, got ${burstiness}`);
  if (arrival === 'poisson' && burstiness !== 1) throw new LoadOptionsError(`a poisson arrival process has burstiness 1; use arrival "gamma" for burstiness ${burstiness}`);
  if (arrival !== 'poisson' && arrival !== 'gamma') throw new LoadOptionsError(`arrival must be "poisson" or "gamma", got "${String(arrival)}"`);

  const root = new Rng(seed);
  const gapRng = root.fork();
  const orderRng = root.fork();
  const gap = (): number => (burstiness === Infinity ? 1 / rate
    : burstiness === 1 ? gapRng.exponential(rate)
      : gapRng.gamma(burstiness, 1 / (rate * burstiness)));

  const times: number[] = [];
  if (count !== undefined || normalize) {
    const n = count ?? Math.max(1, Math.round(rate * (durationSec ?? 0)));
    let t = 0;
    for (let i = 0; i < n; i++) times.push((t += gap()));
    if (normalize && t > 0) {
      const scale = n / rate / t;
      for (let i = 0; i < n; i++) times[i] *= scale;
    }
  } else {
    for (let t = gap(); t <= (durationSec ?? 0); t += gap()) times.push(t);
  }

  const order = new RequestOrder(requests, orderRng);
  return times.map((time) => ({ time, request: order.next() }));
}

/** Successive seeded shuffles of the trace: every request is used once before any is reused. */
class RequestOrder {
  private pass: TraceRequest[] = [];
  constructor(private readonly requests: readonly TraceRequest[], private readonly rng: Rng) {}
  next(): TraceRequest {
    if (this.pass.length === 0) this.pass = this.rng.shuffle([...this.requests]);
    const r = this.pass.pop();
    if (r === undefined) throw new Error('unreachable: empty trace');
    return r;
  }
}
