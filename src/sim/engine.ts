// The discrete-event core shared by both modes: data-parallel replicas, each a scheduler + KV-cache
// block manager + iteration-time model. The caller owns the clock: the virtual evaluator advances a
// virtual one from event to event, the server passes wall-clock seconds and sets timers. Either way
// an iteration starts at some time t, its tokens appear at t + duration, and the next one starts then.

import { Rng } from '../core/rng.js';
import { BlockManager } from './block-manager.js';
import type { EnginePlan } from './engine-plan.js';
import { PerfModel } from './perf-model.js';
import { checkIteration, type RuntimeFailureReason } from './runtime-hazards.js';
import { Scheduler, type ScheduledBatch } from './scheduler.js';
import { Seq } from './sequence.js';
import type { TokenizedPrompt } from './tokenizer.js';

export interface RuntimeFailure {
  reason: RuntimeFailureReason;
  message: string;
  /** Engine time of the failure, seconds. */
  at: number;
}

export interface EngineListener {
  /** A token of `seq` became available at time t (seq.generated already counts it); `previous` is the time of its previous token, −1 for the first. */
  onToken?(seq: Seq, t: number, previous: number): void;
  /** `seq` finished, failed (seq.error) or was dropped. */
  onDone?(seq: Seq, t: number): void;
}

/** Inter-token gaps, stored compactly: most sequences of an iteration share the same gap. */
export class GapRecorder {
  values = new Float64Array(1024);
  weights = new Float64Array(1024);
  size = 0;
  add(gap: number, weight: number): void {
    if (weight <= 0) return;
    if (this.size === this.values.length) {
      const v = new Float64Array(this.size * 2);
      v.set(this.values);
      this.values = v;
      const w = new Float64Array(this.size * 2);
      w.set(this.weights);
      this.weights = w;
    }
    this.values[this.size] = gap;
    this.weights[this.size] = weight;
    this.size++;
  }
}

/**
 * Counts the previous-token times of the sequences emitting in one iteration: they take only a few
 * distinct values (the ends of the last few iterations), so each becomes one weighted gap entry.
 */
class GapGroups {
  private readonly times = new Float64Array(8);
  private readonly counts = new Float64Array(8);
  private n = 0;
  private overflow: number[] = [];
  reset(): void {
    this.n = 0;
    this.overflow.length = 0;
  }
  add(prevTime: number): void {
    for (let i = 0; i < this.n; i++) {
      if (this.times[i] === prevTime) {
        this.counts[i]++;
        return;
      }
    }
    if (this.n < this.times.length) {
      this.times[this.n] = prevTime;
      this.counts[this.n++] = 1;
    } else this.overflow.push(prevTime);
  }
  flush(t: number, into: GapRecorder): void {
    for (let i = 0; i < this.n; i++) into.add(t - this.times[i], this.counts[i]);
    for (const p of this.overflow) into.add(t - p, 1);
  }
}

export interface ReplicaStats {
  iterations: number;
  prefillIterations: number;
  promptTokens: number;
  generationTokens: number;
  preemptions: number;
  busySeconds: number;
}

/** Multiplicative jitter of iteration times (kernel timing noise), ±2% standard deviation. */
const JITTER_SD = 0.02;

export class Replica {
  readonly bm: BlockManager;
  readonly scheduler: Scheduler;
  readonly perf: PerfModel;
  readonly stats: ReplicaStats = { iterations: 0, prefillIterations: 0, promptTokens: 0, generationTokens: 0, preemptions: 0, busySeconds: 0 };
  busy = false;
  iterationStart = 0;
  iterationEnd = 0;
  pendingAborts = 0;
  private readonly rng: Rng;

  constructor(readonly index: number, readonly plan: EnginePlan, seed: number) {
    this.bm = new BlockManager(plan.memory.numBlocks, plan.blockSize, plan.prefixCaching);
    this.scheduler = new Scheduler(plan, this.bm);
    this.perf = new PerfModel(plan);
    this.rng = new Rng(seed, index);
  }

  get batch(): ScheduledBatch {
    return this.scheduler.batch;
  }

  get running(): number {
    return this.scheduler.running.length;
  }

  get waiting(): number {
    return this.scheduler.waiting.length;
  }

  jitter(): number {
    const j = 1 + JITTER_SD * this.rng.normal();
    return Math.min(1.1, Math.max(0.92, j));
  }
}

export class Engine {
  readonly replicas: Replica[];
  failure: RuntimeFailure | undefined;
  private nextId = 0;

  constructor(readonly plan: EnginePlan, seed: number, private readonly listener: EngineListener = {}, readonly gaps?: GapRecorder) {
    this.replicas = Array.from({ length: plan.replicas }, (_, i) => new Replica(i, plan, seed));
  }

  /** Queue a request on the replica with the fewest outstanding requests. */
  add(prompt: TokenizedPrompt, maxTokens: number, stopAt: number, now: number): Seq {
    let best = this.replicas[0];
    for (let i = 1; i < this.replicas.length; i++) {
      if (this.replicas[i].scheduler.outstanding < best.scheduler.outstanding) best = this.replicas[i];
    }
    const seq = new Seq(this.nextId++, prompt, maxTokens, Math.min(stopAt, maxTokens), now, best.index);
    best.scheduler.add(seq);
    return seq;
  }

  abort(seq: Seq): void {
    if (seq.done) return;
    seq.state = 'aborted';
    this.replicas[seq.replica].pendingAborts++;
  }

  /**
   * Start an iteration on replica r at `now` if it is idle and has work. Returns the iteration's end
   * time, or undefined when there is nothing to do or the engine failed (see `failure`).
   */
  start(r: Replica, now: number): number | undefined {
    if (r.busy || this.failure) return undefined;
    if (r.pendingAborts > 0) {
      r.scheduler.purgeAborted();
      r.pendingAborts = 0;
    }
    const b = r.scheduler.schedule(now);
    for (const s of b.ignored) {
      s.finishedAt = now;
      this.listener.onDone?.(s, now);
    }
    r.stats.preemptions += b.preempted;
    if (b.prefills.length === 0 && b.decodes.length === 0) return undefined;
    const hazard = checkIteration(this.plan, b);
    if (hazard) {
      this.failure = { reason: hazard.reason, message: hazard.message, at: now };
      if (hazard.reason === 'hang') {
        // The stuck collective never returns: the replica stays busy forever.
        r.busy = true;
        r.iterationStart = now;
        r.iterationEnd = Number.POSITIVE_INFINITY;
      }
      return undefined;
    }
    const duration = r.perf.iterationSeconds(b.shape) * r.jitter();
    r.busy = true;
    r.iterationStart = now;
    r.iterationEnd = now + duration;
    return r.iterationEnd;
  }

  /** Complete replica r's iteration at its end time: emit tokens, finish sequences. */
  finish(r: Replica): void {
    if (!r.busy) return;
    const t = r.iterationEnd;
    const b = r.batch;
    r.busy = false;
    r.stats.iterations++;
    r.stats.busySeconds += t - r.iterationStart;
    r.stats.promptTokens += b.shape.prefillTokens;
    if (b.shape.prefillTokens > 0) r.stats.prefillIterations++;
    const groups = this.gaps ? this.gapGroups : undefined;
    if (groups) groups.reset();
    let finished = 0;
    for (let i = 0; i < b.prefills.length; i++) {
      const s = b.prefills[i];
      if (s.state !== 'running') continue;
      s.computed += b.chunks[i];
      if (s.computed < s.len) continue;
      s.inPrefill = false;
      if (this.plan.prefixCaching) r.bm.markComputed(s);
      if (groups && s.generated > 0) groups.add(s.lastTokenAt);
      if (this.emit(r, s, t)) finished++;
    }
    for (const s of b.decodes) {
      if (s.state !== 'running') continue;
      s.computed = s.len;
      if (groups && s.generated > 0) groups.add(s.lastTokenAt);
      if (this.emit(r, s, t)) finished++;
    }
    if (groups && this.gaps) groups.flush(t, this.gaps);
    if (finished > 0) r.scheduler.compactRunning();
  }

  private readonly gapGroups = new GapGroups();

  /** Record one token; returns true when the sequence finished. */
  private emit(r: Replica, s: Seq, t: number): boolean {
    const previous = s.lastTokenAt;
    s.generated++;
    r.stats.generationTokens++;
    if (s.firstTokenAt < 0) s.firstTokenAt = t;
    s.lastTokenAt = t;
    this.listener.onToken?.(s, t, previous);
    if (s.generated < s.stopAt) return false;
    s.state = 'finished';
    s.finishReason = s.generated >= s.maxTokens ? 'length' : 'stop';
    s.finishedAt = t;
    r.bm.free(s);
    this.listener.onDone?.(s, t);
    return true;
  }

  get idle(): boolean {
    return this.replicas.every((r) => !r.busy && r.scheduler.outstanding === 0);
  }
}
