// One squeue poll for all of an evaluator's jobs in flight: each job learns when Slurm first lists
// it as RUNNING and when Slurm stops listing it (finished, cancelled, failed: its GPUs are free).

import { jobListed, queuedJobs } from './slurm-commands.js';

export interface WatchedJob {
  readonly id: string;
  /** Last state squeue reported (PENDING, RUNNING, COMPLETING, ...). */
  readonly state: string | undefined;
  /** Resolves when Slurm no longer lists the job. */
  readonly gone: Promise<void>;
  readonly isGone: boolean;
}

interface WatchedEntry {
  id: string;
  state: string | undefined;
  isGone: boolean;
  resolveGone(): void;
  gone: Promise<void>;
}

export class JobWatch {
  private readonly jobs = new Map<string, WatchedEntry>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly intervalMs = 1000) {}

  watch(id: string): WatchedJob {
    let resolveGone: () => void = () => undefined;
    const gone = new Promise<void>((r) => (resolveGone = r));
    const entry: WatchedEntry = { id, state: undefined, isGone: false, resolveGone, gone };
    this.jobs.set(id, entry);
    this.schedule();
    return {
      id,
      get state() {
        return entry.state;
      },
      gone,
      get isGone() {
        return entry.isGone;
      },
    };
  }

  /** Stops watching `id` (its `gone` never resolves afterwards unless it already had). */
  forget(id: string): void {
    this.jobs.delete(id);
    if (this.jobs.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Polls now (the caller expects a change, e.g. right after scancel). */
  async pollNow(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const listed = await queuedJobs();
      if (!listed) return; // squeue failed (controller busy): keep what we knew and ask again
      for (const entry of this.jobs.values()) {
        if (entry.isGone) continue;
        const state = listed.get(entry.id);
        if (state !== undefined) {
          entry.state = state;
          continue;
        }
        // Missing from the user's list: ask about this job alone before calling it gone (a listing
        // taken while the controller recovers its state can be incomplete).
        if ((await jobListed(entry.id)) === false) {
          entry.isGone = true;
          entry.resolveGone();
        }
      }
    } finally {
      this.polling = false;
    }
  }

  private schedule(): void {
    if (this.timer || this.jobs.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollNow().finally(() => this.schedule());
    }, this.intervalMs);
  }
}
