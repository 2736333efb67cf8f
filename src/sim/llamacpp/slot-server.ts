// llama-server's request handling as a discrete-event model (tools/server/server.cpp, update_slots, at
// llama.cpp d32676d7): a FIFO queue of tasks, N slots, and one llama_decode call per iteration.
//
// - A task goes to an idle slot (least recently used first); none idle: it waits in the queue.
// - A prompt longer than the slot's context is refused at once (HTTP 400 "exceeds the available context
//   size"); generation stops when the slot's context is full.
// - Each iteration first adds one token for every generating slot, then — only with continuous batching,
//   or when no slot is generating — prompt tokens of the slots still reading their prompt, in slot order,
//   until the batch holds n_batch tokens. So without continuous batching the server runs in waves: the
//   prompts that fit one batch start together, and a prompt cut off by n_batch (or a new task) waits until
//   every generating slot has finished.
// - A slot that finishes its prompt samples its first token at the end of that iteration.
// - With one unified KV cache (automatic slot count) the slots share its cells: a prompt chunk waits
//   when the cache is full ("failed to find free space in the KV cache"), and attention reads every used
//   cell; with a split cache each slot reads only its own.

import type { SlotLayout } from './config.js';
import type { LlamaCppProfile } from './profile.js';

export interface SlotRequest {
  id: number;
  /** Prompt tokens as llama.cpp counts them. */
  prompt: number;
  /** max_tokens (the trace's output length, sent with ignore_eos). */
  maxTokens: number;
  arrival: number;
}

export type TaskState = 'queued' | 'prompt' | 'generating' | 'done' | 'failed';

export interface Task {
  req: SlotRequest;
  state: TaskState;
  slot: number;
  /** Prompt tokens in the cache so far. */
  past: number;
  generated: number;
  /** KV cells the task holds. */
  cells: number;
  firstTokenAt: number;
  lastTokenAt: number;
  finishedAt: number;
  error?: string;
}

export interface IterationPlan {
  decode: Task[];
  /** Prompt chunks: task and tokens. */
  prompt: { task: Task; tokens: number }[];
  tokens: number;
  seconds: number;
}

export interface TokenListener {
  (task: Task, t: number, previous: number): void;
}

export class SlotServer {
  private readonly slots: (Task | undefined)[];
  private readonly lastUsed: number[];
  private readonly queue: Task[] = [];
  private queueHead = 0;
  private usedCells = 0;
  private useCounter = 0;

  constructor(readonly layout: SlotLayout, private readonly profile: LlamaCppProfile) {
    this.slots = new Array<Task | undefined>(layout.slots).fill(undefined);
    this.lastUsed = new Array<number>(layout.slots).fill(-1);
  }

  /** A request arrives: refused at once when its prompt cannot fit a slot, else queued. */
  submit(req: SlotRequest): Task {
    const task: Task = { req, state: 'queued', slot: -1, past: 0, generated: 0, cells: 0, firstTokenAt: -1, lastTokenAt: -1, finishedAt: -1 };
    if (req.prompt >= this.layout.slotContext) {
      task.state = 'failed';
      task.finishedAt = req.arrival;
      task.error = `request (${req.prompt} tokens) exceeds the available context size (${this.layout.slotContext} tokens), try increasing it`;
      return task;
    }
    this.queue.push(task);
    return task;
  }

  /** The client gave up on a task: the server cancels it and frees its slot and cells. */
  cancel(task: Task, now: number, reason: string): void {
    if (task.state === 'done' || task.state === 'failed') return;
    if (task.slot >= 0) this.release(task);
    task.state = 'failed';
    task.finishedAt = now;
    task.error = reason;
  }

  /** Queued tasks take idle slots, least recently used first. */
  assign(): void {
    while (this.queueHead < this.queue.length) {
      const task = this.queue[this.queueHead];
      if (task.state !== 'queued') {
        this.queueHead++;
        continue;
      }
      let best = -1;
      for (let s = 0; s < this.slots.length; s++) if (!this.slots[s] && (best < 0 || this.lastUsed[s] < this.lastUsed[best])) best = s;
      if (best < 0) return;
      this.queueHead++;
      this.slots[best] = task;
      this.lastUsed[best] = this.useCounter++;
      task.slot = best;
      task.state = 'prompt';
    }
  }

  get busy(): boolean {
    return this.slots.some((t) => t !== undefined);
  }

  /** The next llama_decode call and how long it takes (before run-to-run and jitter factors). */
  plan(): IterationPlan | undefined {
    const decode: Task[] = [];
    for (const t of this.slots) if (t && t.state === 'generating') decode.push(t);
    let tokens = decode.length;
    let free = this.layout.unified ? this.layout.cacheTokens - this.usedCells - decode.length : Infinity;
    const prompt: IterationPlan['prompt'] = [];
    if (this.layout.batch > tokens && (decode.length === 0 || this.layout.contBatching)) {
      for (const t of this.slots) {
        if (!t || t.state !== 'prompt') continue;
        const room = Math.min(this.layout.batch - tokens, t.req.prompt - t.past, free);
        if (room <= 0) {
          if (tokens >= this.layout.batch) break;
          continue;
        }
        prompt.push({ task: t, tokens: room });
        tokens += room;
        free -= room;
        if (tokens >= this.layout.batch) break;
      }
    }
    if (tokens === 0) return undefined;
    return { decode, prompt, tokens, seconds: this.iterationSeconds(decode, prompt) };
  }

  /**
   * Seconds of one llama_decode call: the batch is computed in ubatches of n_ubatch tokens, each a graph
   * launch (fixed cost) plus its tokens' weight pass, a per-sequence cost, and attention over the cells
   * each token reads (every used cell of a unified cache; the sequence's own cells of a split one).
   */
  private iterationSeconds(decode: readonly Task[], prompt: IterationPlan['prompt']): number {
    const p = this.profile;
    const L = this.layout;
    const attention = (L.flash ? p.attentionPerCell : p.attentionPerCellNoFlash) * (L.unified ? p.unifiedAttentionFactor : 1);
    const cellsOf = (t: Task) => (L.unified ? this.usedCells : t.cells);
    // Fill ubatches in order: decode tokens first, then prompt chunks.
    let seconds = p.iterationOverhead;
    let inUbatch = 0;
    let seqs = 0;
    let ubTokens = 0;
    let ubAttention = 0;
    const close = () => {
      if (ubTokens === 0) return;
      seconds += p.ubatchOverhead + p.perToken * ubTokens + p.perSequence * seqs + attention * ubAttention;
      ubTokens = 0;
      ubAttention = 0;
      seqs = 0;
      inUbatch = 0;
    };
    for (const t of decode) {
      if (inUbatch >= L.ubatch) close();
      ubTokens++;
      inUbatch++;
      seqs++;
      ubAttention += cellsOf(t);
    }
    for (const { task, tokens } of prompt) {
      let left = tokens;
      let pos = task.past;
      while (left > 0) {
        if (inUbatch >= L.ubatch) close();
        const n = Math.min(left, L.ubatch - inUbatch);
        ubTokens += n;
        inUbatch += n;
        seqs++;
        // Causal attention of n new tokens over the sequence so far (or the whole unified cache).
        ubAttention += L.unified ? n * (this.usedCells + n / 2) : n * (pos + n / 2);
        pos += n;
        left -= n;
      }
    }
    close();
    return seconds;
  }

  /** The iteration ends at time t: prompts advance, tokens are emitted, finished tasks leave their slots. */
  complete(plan: IterationPlan, t: number, onToken?: TokenListener): void {
    for (const task of plan.decode) {
      if (task.state !== 'generating') continue; // cancelled meanwhile
      this.hold(task, 1);
      this.emit(task, t, onToken);
    }
    for (const { task, tokens } of plan.prompt) {
      if (task.state !== 'prompt') continue;
      task.past += tokens;
      this.hold(task, tokens);
      if (task.past >= task.req.prompt) {
        task.state = 'generating';
        this.emit(task, t, onToken);
      }
    }
  }

  private emit(task: Task, t: number, onToken?: TokenListener): void {
    const previous = task.lastTokenAt;
    task.generated++;
    if (task.firstTokenAt < 0) task.firstTokenAt = t;
    task.lastTokenAt = t;
    onToken?.(task, t, previous);
    const full = task.req.prompt + task.generated >= this.layout.slotContext;
    if (task.generated >= task.req.maxTokens || full) {
      task.state = 'done';
      task.finishedAt = t;
      this.release(task);
    }
  }

  private hold(task: Task, cells: number): void {
    task.cells += cells;
    this.usedCells += cells;
  }

  private release(task: Task): void {
    if (task.slot < 0) return;
    this.usedCells -= task.cells;
    task.cells = 0;
    this.slots[task.slot] = undefined;
    task.slot = -1;
  }
}
