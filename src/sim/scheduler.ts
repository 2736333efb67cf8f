// The continuous-batching scheduler of one replica, after vLLM 0.4's `Scheduler`:
//
// Default mode (no chunked prefill): an iteration is either all prefills or all decodes. Waiting
// prompts are admitted first-come-first-served while they fit max-num-batched-tokens (whole
// prompts), max-num-seqs and the KV cache; if any was admitted the iteration prefills them and every
// running sequence waits, which is why a long prompt stalls decoding. Otherwise every running
// sequence decodes one token; when a sequence needs a new KV block and none is free, the most
// recently admitted sequence is preempted (its blocks freed; it is recomputed later).
//
// Chunked prefill: one token budget of max-num-batched-tokens per iteration, spent on running
// sequences first (one token per decode, a chunk per unfinished prompt), then on new prompts, whose
// last admitted one may get only a chunk. Decodes are never stalled by a long prompt.
//
// scheduler-delay-factor: prompts wait until the oldest waiting request has waited that factor
// times the duration of the last prompt iteration (unless nothing is running), to batch them.

import type { BlockManager } from './block-manager.js';
import { Deque } from './deque.js';
import type { EnginePlan } from './engine-plan.js';
import type { BatchShape } from './perf-model.js';
import type { Seq } from './sequence.js';

export interface ScheduledBatch {
  prefills: Seq[];
  /** Prompt tokens computed for prefills[i] in this iteration. */
  chunks: number[];
  decodes: Seq[];
  shape: BatchShape;
  /** Requests rejected this step (prompt longer than allowed or larger than the whole KV cache). */
  ignored: Seq[];
  preempted: number;
  /** A prefill reused cached prefix blocks while chunked prefill is on. */
  prefixHitWhileChunking: boolean;
}

function emptyShape(): BatchShape {
  return { prefillTokens: 0, prefillPairs: 0, prefillContext: 0, decodeSeqs: 0, decodeContext: 0, sampledSeqs: 0, scheduledSeqs: 0 };
}

export class Scheduler {
  readonly waiting = new Deque<Seq>();
  running: Seq[] = [];
  readonly batch: ScheduledBatch = { prefills: [], chunks: [], decodes: [], shape: emptyShape(), ignored: [], preempted: 0, prefixHitWhileChunking: false };
  private prevPrompt = false;
  private prevTime = 0;
  private lastPromptLatency = 0;
  private readonly promptLimit: number;
  private np = 0;
  private nd = 0;

  constructor(private readonly plan: EnginePlan, private readonly bm: BlockManager) {
    this.promptLimit = plan.chunkedPrefill ? plan.maxModelLen : Math.min(plan.maxModelLen, plan.maxNumBatchedTokens);
  }

  get outstanding(): number {
    return this.waiting.length + this.running.length;
  }

  add(seq: Seq): void {
    this.waiting.pushBack(seq);
  }

  /** Drop aborted sequences and free their blocks. */
  purgeAborted(): void {
    this.waiting.filter((s) => s.state !== 'aborted');
    const kept: Seq[] = [];
    for (const s of this.running) {
      if (s.state === 'aborted') this.bm.free(s);
      else kept.push(s);
    }
    this.running = kept;
  }

  /** Remove finished (blocks already freed) and aborted sequences from the running list. */
  compactRunning(): void {
    let j = 0;
    for (let i = 0; i < this.running.length; i++) {
      const s = this.running[i];
      if (s.state === 'running') this.running[j++] = s;
      else if (s.state === 'aborted') this.bm.free(s);
    }
    this.running.length = j;
  }

  schedule(now: number): ScheduledBatch {
    const b = this.batch;
    // Arrays are refilled in place and trimmed at the end: resetting them to length 0 every
    // iteration would drop their backing stores and churn the allocator.
    this.np = 0;
    this.nd = 0;
    if (b.ignored.length > 0) b.ignored.length = 0;
    b.preempted = 0;
    b.prefixHitWhileChunking = false;
    const passed = this.passedDelay(now);
    if (this.plan.chunkedPrefill) this.scheduleChunked(passed);
    else this.scheduleDefault(passed);
    if (b.prefills.length !== this.np) {
      b.prefills.length = this.np;
      b.chunks.length = this.np;
    }
    if (b.decodes.length !== this.nd) b.decodes.length = this.nd;
    if (this.np > 0) this.prevPrompt = true;
    this.computeShape();
    return b;
  }

  private passedDelay(now: number): boolean {
    if (this.prevPrompt) this.lastPromptLatency = now - this.prevTime;
    this.prevTime = now;
    this.prevPrompt = false;
    const factor = this.plan.config.schedulerDelayFactor;
    const oldest = this.waiting.peekFront();
    if (factor > 0 && oldest) return now - oldest.arrival > factor * this.lastPromptLatency || this.running.length === 0;
    return true;
  }

  /**
   * Whether the waiting head's prompt can ever be served, as vLLM's scheduler decides it: a prompt over
   * the length limit or larger than the whole KV cache is dropped with vLLM's own warning ('ignored');
   * one that only lacks free blocks now waits ('later').
   */
  private promptFit(s: Seq): 'fits' | 'later' | 'ignored' {
    const n = s.len;
    if (n > this.promptLimit) {
      this.ignore(s, `Input prompt (${n} tokens) is too long and exceeds limit of ${this.promptLimit}`);
      return 'ignored';
    }
    const status = this.bm.canAllocate(n);
    if (status === 'never') {
      this.ignore(s, `Input prompt (${n} tokens) is too long and exceeds the capacity of block_manager`);
      return 'ignored';
    }
    return status === 'later' ? 'later' : 'fits';
  }

  private scheduleDefault(passed: boolean): void {
    if (passed) {
      let tokens = 0;
      let seqs = this.running.length;
      while (this.waiting.length > 0) {
        const s = this.waiting.peekFront() as Seq;
        const n = s.len;
        const fit = this.promptFit(s);
        if (fit === 'ignored') continue;
        if (fit === 'later') break;
        if (tokens + n > this.plan.maxNumBatchedTokens || seqs + 1 > this.plan.maxNumSeqs) break;
        this.waiting.popFront();
        this.admit(s, n);
        this.addPrefill(s, n - s.computed);
        tokens += n;
        seqs++;
      }
    }
    if (this.np > 0) return;
    this.scheduleRunning(Number.POSITIVE_INFINITY);
  }

  private scheduleChunked(passed: boolean): void {
    const b = this.batch;
    let budget = this.scheduleRunning(this.plan.maxNumBatchedTokens);
    if (!passed) return;
    const cap = this.plan.config.longPrefillTokenThreshold;
    const maxPartial = this.plan.config.maxNumPartialPrefills;
    let partial = this.np;
    while (this.waiting.length > 0 && budget > 0) {
      const s = this.waiting.peekFront() as Seq;
      const n = s.len;
      const fit = this.promptFit(s);
      if (fit === 'ignored') continue;
      if (fit === 'later') break;
      if (this.running.length + 1 > this.plan.maxNumSeqs) break;
      if (maxPartial !== undefined && partial >= maxPartial) break;
      this.waiting.popFront();
      this.admit(s, n);
      if (s.computed > 0 && this.plan.prefixCachingRequested) b.prefixHitWhileChunking = true;
      let chunk = Math.min(n - s.computed, budget);
      if (cap !== undefined && cap > 0) chunk = Math.min(chunk, cap);
      this.addPrefill(s, chunk);
      budget -= chunk;
      partial++;
    }
  }

  /**
   * Schedule running sequences in admission order within `budget` tokens, preempting the newest
   * ones when the KV cache is full; returns the budget left.
   */
  private scheduleRunning(budget: number): number {
    const b = this.batch;
    const cap = this.plan.config.longPrefillTokenThreshold;
    const bs = this.plan.blockSize;
    for (let i = 0; i < this.running.length && budget > 0; i++) {
      const s = this.running[i];
      if (s.inPrefill) {
        let chunk = Math.min(s.len - s.computed, budget);
        if (cap !== undefined && cap > 0) chunk = Math.min(chunk, cap);
        this.addPrefill(s, chunk);
        budget -= chunk;
        continue;
      }
      // A decode writes the KV of its last token: it needs a new block when the last one is full.
      if (s.promptLen + s.generated > s.numBlocks * bs) {
        let self = false;
        while (this.bm.numFree < 1) {
          if (this.running.length - 1 > i) this.preempt(this.running.pop() as Seq);
          else {
            this.running.pop();
            this.preempt(s);
            self = true;
            break;
          }
        }
        if (self) break;
        this.bm.appendBlock(s);
      }
      b.decodes[this.nd++] = s;
      budget -= 1;
    }
    return budget;
  }

  private addPrefill(s: Seq, chunk: number): void {
    this.batch.prefills[this.np] = s;
    this.batch.chunks[this.np++] = chunk;
  }

  private admit(s: Seq, tokens: number): void {
    const hashes = this.plan.prefixCaching ? s.prompt.blockHashes(this.plan.blockSize) : undefined;
    s.computed = this.bm.allocate(s, tokens, hashes);
    s.inPrefill = true;
    s.state = 'running';
    this.running.push(s);
  }

  private preempt(s: Seq): void {
    this.bm.free(s);
    s.computed = 0;
    s.inPrefill = false;
    s.state = 'waiting';
    s.preemptions++;
    this.batch.preempted++;
    this.waiting.pushFront(s);
  }

  private ignore(s: Seq, why: string): void {
    this.waiting.popFront();
    s.state = 'failed';
    s.error = why;
    this.batch.ignored.push(s);
  }

  private computeShape(): void {
    const b = this.batch;
    const sh = b.shape;
    sh.prefillTokens = 0;
    sh.prefillPairs = 0;
    sh.prefillContext = 0;
    sh.sampledSeqs = 0;
    for (let i = 0; i < b.prefills.length; i++) {
      const s = b.prefills[i];
      const c = b.chunks[i];
      const p = s.computed;
      sh.prefillTokens += c;
      sh.prefillPairs += c * (p + c / 2);
      sh.prefillContext += p;
      if (p + c >= s.len) sh.sampledSeqs++;
    }
    let ctx = 0;
    for (const s of b.decodes) ctx += s.promptLen + s.generated;
    sh.decodeSeqs = b.decodes.length;
    sh.decodeContext = ctx;
    sh.sampledSeqs += b.decodes.length;
    sh.scheduledSeqs = b.decodes.length + b.prefills.length;
  }
}
