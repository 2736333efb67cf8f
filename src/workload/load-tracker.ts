// The live state of a load in progress, as early stopping needs it: which requests have been sent,
// which have their first token, which have ended and how. Fed by runLoad's observer and onRecord, on
// the run's own clock, so its times compare with the records' times.

import type { ScheduledRequest } from './arrivals.js';
import type { LoadObserver } from './load.js';
import type { RequestRecord } from './record.js';

/** A request sent and not ended yet. */
export interface OpenRequestView {
  sendMs: number;
  /** Its first token, when one arrived. */
  firstMs?: number;
}

export class LoadTracker implements LoadObserver {
  private clock: () => number = () => 0;
  private readonly sendMs: (number | undefined)[];
  private readonly firstMs: (number | undefined)[];
  private readonly ended: boolean[];
  /** Requests that ended successfully, in completion order. */
  readonly completed: RequestRecord[] = [];
  sentCount = 0;
  endedCount = 0;
  /** Requests that ended with a failure (aborted ones excluded: cutting them was our decision). */
  failedCount = 0;
  /** Sent, no token yet, not ended: the requests waiting in the engine's queue, as the client sees it. */
  waitingCount = 0;
  lastSendMs = 0;
  firstSendMs: number | undefined;

  constructor(readonly schedule: readonly ScheduledRequest[]) {
    const n = schedule.length;
    this.sendMs = new Array<number | undefined>(n);
    this.firstMs = new Array<number | undefined>(n);
    this.ended = new Array<boolean>(n).fill(false);
  }

  get total(): number {
    return this.schedule.length;
  }

  /** Milliseconds since the load started (0 before it starts). */
  now(): number {
    return this.clock();
  }

  get openCount(): number {
    return this.sentCount - this.endedCount;
  }

  get unsentCount(): number {
    return this.total - this.sentCount;
  }

  /** When the last request is due, on the run's clock. */
  get lastScheduledMs(): number {
    return this.total > 0 ? this.schedule[this.total - 1].time * 1000 : 0;
  }

  started(now: () => number): void {
    this.clock = now;
  }

  sent(index: number, ms: number): void {
    this.sendMs[index] = ms;
    this.sentCount++;
    this.waitingCount++;
    this.lastSendMs = Math.max(this.lastSendMs, ms);
    this.firstSendMs = this.firstSendMs === undefined ? ms : Math.min(this.firstSendMs, ms);
  }

  firstToken(index: number, ms: number): void {
    if (this.firstMs[index] !== undefined || this.ended[index]) return;
    this.firstMs[index] = ms;
    this.waitingCount--;
  }

  record(r: RequestRecord): void {
    const i = r.index;
    if (this.ended[i]) return;
    this.ended[i] = true;
    this.endedCount++;
    if (this.firstMs[i] === undefined) this.waitingCount--;
    if (r.ok) this.completed.push(r);
    else if (r.failure?.kind !== 'aborted') this.failedCount++;
  }

  /** Requests sent and not ended. */
  open(): OpenRequestView[] {
    const out: OpenRequestView[] = [];
    for (let i = 0; i < this.total; i++) {
      const s = this.sendMs[i];
      if (s === undefined || this.ended[i]) continue;
      const f = this.firstMs[i];
      out.push(f === undefined ? { sendMs: s } : { sendMs: s, firstMs: f });
    }
    return out;
  }

  /** Output tokens asked for by the requests not ended yet (open and unsent). */
  outstandingOutputTokens(): number {
    let sum = 0;
    for (let i = 0; i < this.total; i++) if (!this.ended[i]) sum += this.schedule[i].request.outputTokens;
    return sum;
  }
}
