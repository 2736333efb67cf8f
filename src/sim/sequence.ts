// One request inside the engine (vLLM's sequence group with a single sequence).

import type { BlockOwner } from './block-manager.js';
import type { TokenizedPrompt } from './tokenizer.js';

export type SeqState = 'waiting' | 'running' | 'finished' | 'failed' | 'aborted';
export type FinishReason = 'length' | 'stop';

export class Seq implements BlockOwner {
  numBlocks = 0;
  sharedHashes: number[] = [];
  /** Output tokens produced so far. */
  generated = 0;
  /** Tokens whose KV is in the cache. */
  computed = 0;
  /** Admitted and still computing its prompt (possibly in chunks). */
  inPrefill = false;
  state: SeqState = 'waiting';
  firstTokenAt = -1;
  lastTokenAt = -1;
  finishedAt = -1;
  finishReason: FinishReason | undefined;
  preemptions = 0;
  error: string | undefined;
  /** Opaque slot for the caller (the server keeps its stream here). */
  tag: unknown;
  readonly promptLen: number;

  /**
   * @param maxTokens the request's max_tokens
   * @param stopAt where generation ends (≤ maxTokens); below maxTokens it models an end-of-sequence token
   */
  constructor(
    readonly id: number,
    readonly prompt: TokenizedPrompt,
    readonly maxTokens: number,
    readonly stopAt: number,
    readonly arrival: number,
    readonly replica: number,
  ) {
    this.promptLen = prompt.ids.length;
  }

  /** Prompt plus generated tokens. */
  get len(): number {
    return this.promptLen + this.generated;
  }

  get done(): boolean {
    return this.state === 'finished' || this.state === 'failed' || this.state === 'aborted';
  }
}
