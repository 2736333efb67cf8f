// Drives the engine core with the wall clock. Each replica's iterations are scheduled on absolute
// target times: an iteration that should end at T is followed by one starting at T (not at the
// moment the timer actually fired), so timer lateness does not accumulate and tokens arrive when
// the model prescribes, give or take one timer's lateness. Only when the process fell far behind
// (a long GC pause, say) does the schedule restart from the present.

import type { Engine, Replica, RuntimeFailure } from './engine.js';
import type { Seq } from './sequence.js';
import type { TokenizedPrompt } from './tokenizer.js';

/** Behind schedule by more than this, restart from now instead of catching up in a burst. */
const RESYNC_SECONDS = 0.25;

export class RealtimeDriver {
  private readonly timers: (NodeJS.Timeout | undefined)[];
  private stopped = false;
  private readonly t0 = performance.now();

  constructor(private readonly engine: Engine, private readonly onFailure: (f: RuntimeFailure) => void) {
    this.timers = engine.replicas.map(() => undefined);
  }

  /** Engine time: seconds since the driver was created. */
  now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  /** Epoch milliseconds of an engine time (for clients comparing clocks on the same machine). */
  epochMs(engineSeconds: number): number {
    return performance.timeOrigin + this.t0 + engineSeconds * 1000;
  }

  submit(prompt: TokenizedPrompt, maxTokens: number, stopAt: number): Seq {
    const seq = this.engine.add(prompt, maxTokens, stopAt, this.now());
    this.kick(this.engine.replicas[seq.replica], this.now());
    return seq;
  }

  abort(seq: Seq): void {
    this.engine.abort(seq);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) if (t) clearTimeout(t);
  }

  private kick(r: Replica, at: number): void {
    if (this.stopped || r.busy || this.engine.failure) return;
    const end = this.engine.start(r, at);
    if (end === undefined) {
      if (this.engine.failure) this.fail(this.engine.failure);
      return;
    }
    const delayMs = Math.max(0, (end - this.now()) * 1000);
    this.timers[r.index] = setTimeout(() => this.complete(r), delayMs);
  }

  private complete(r: Replica): void {
    this.timers[r.index] = undefined;
    if (this.stopped) return;
    const target = r.iterationEnd;
    this.engine.finish(r);
    const now = this.now();
    this.kick(r, now - target > RESYNC_SECONDS ? now : target);
  }

  private fail(f: RuntimeFailure): void {
    this.stop();
    this.onFailure(f);
  }
}
