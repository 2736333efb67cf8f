// Jobs for the slots. Tuning jobs come from a refill (the default, then the optimiser's suggestions),
// asked only when the queue is empty; robustness re-tests are queued once tuning has ended. Supply is
// serialised: one refill at a time, and it sees every configuration queued or running, so the budget
// and the optimiser's pending set never miss one.

import type { Job } from './job.js';

/** Queues tuning jobs for `waiting` slots; `inFlight` is every tuning job queued or running. */
export type Refill = (inFlight: readonly Job[], waiting: number) => Promise<Job[]>;

export class JobSupply {
  private readonly queue: Job[] = [];
  /** Jobs handed to a slot and not finished yet: from the moment they leave the queue. */
  private readonly claimed = new Set<Job>();
  private waitingSlots = 0;
  private lock: Promise<void> = Promise.resolve();
  private phase: 'tuning' | 'robustness' = 'tuning';

  constructor(private readonly refill: Refill, private readonly signal: AbortSignal) {}

  /** The next job for a slot, or undefined when there is none left (or the study is stopping). */
  async next(): Promise<Job | undefined> {
    this.waitingSlots++;
    const ticket = this.lock.then(async () => {
      if (this.signal.aborted) return undefined;
      if (this.queue.length === 0 && this.phase === 'tuning') this.queue.push(...(await this.refill(this.inFlightTuning(), this.waitingSlots)));
      const job = this.queue.shift();
      if (job) this.claimed.add(job);
      return job;
    });
    this.lock = ticket.then(() => undefined, () => undefined);
    try {
      return await ticket;
    } finally {
      this.waitingSlots--;
    }
  }

  /** A job a slot took has ended (recorded, cancelled or failed). */
  finished(job: Job): void {
    this.claimed.delete(job);
  }

  /** Tuning is over: from now on only these re-tests are handed out. */
  startRobustness(jobs: readonly Job[]): void {
    this.phase = 'robustness';
    this.queue.push(...jobs);
  }

  get inRobustness(): boolean {
    return this.phase === 'robustness';
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.queue.length;
  }

  private inFlightTuning(): Job[] {
    return [...this.claimed, ...this.queue].filter((j) => j.source !== 'robustness');
  }
}
