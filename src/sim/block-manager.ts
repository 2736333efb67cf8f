// KV-cache block accounting of one replica, after vLLM 0.4's v1 block manager.
//
// A sequence holds ceil(tokens / blockSize) blocks, so a block size larger than needed wastes the
// tail of each sequence's last block (internal fragmentation). With prefix caching, a full prompt
// block is identified by the chained hash of every token up to its end; an identical block of a
// later prompt reuses it (reference count) and, once its KV was computed, its prefill work is
// skipped. Unreferenced cached blocks stay resident and count as free until evicted, least recently
// used first. A watermark of 1% of the blocks is kept free on admission, as vLLM does, to avoid
// immediate preemption.

export type AllocStatus = 'ok' | 'later' | 'never';

interface CachedBlock {
  refs: number;
  computed: boolean;
}

/** The part of a sequence the block manager needs. */
export interface BlockOwner {
  /** Blocks held (shared ones included). */
  numBlocks: number;
  /** Hashes of the shared prompt blocks this sequence holds, in order. */
  sharedHashes: number[];
}

export class BlockManager {
  private freshFree: number;
  private readonly cache = new Map<number, CachedBlock>();
  /** Cached blocks with no reference, in least-recently-used-first order (Map keeps insertion order). */
  private readonly evictable = new Map<number, true>();
  readonly watermarkBlocks: number;

  constructor(readonly numBlocks: number, readonly blockSize: number, readonly prefixCaching: boolean) {
    this.freshFree = numBlocks;
    this.watermarkBlocks = Math.floor(0.01 * numBlocks);
  }

  get numFree(): number {
    return this.freshFree + this.evictable.size;
  }

  get usage(): number {
    return this.numBlocks === 0 ? 0 : 1 - this.numFree / this.numBlocks;
  }

  blocksFor(tokens: number): number {
    return Math.ceil(tokens / this.blockSize);
  }

  /** Can a sequence of `tokens` tokens be admitted? Counts every block, cached or not, like vLLM. */
  canAllocate(tokens: number): AllocStatus {
    const required = this.blocksFor(tokens);
    if (this.numBlocks - required < this.watermarkBlocks) return 'never';
    return this.numFree - required >= this.watermarkBlocks ? 'ok' : 'later';
  }

  /**
   * Allocate blocks for a sequence about to be prefilled; returns how many leading tokens are already
   * computed in the prefix cache (always leaving at least one token to compute, as vLLM does).
   */
  allocate(owner: BlockOwner, tokens: number, hashes: Float64Array | undefined): number {
    const needed = this.blocksFor(tokens);
    let cachedBlocks = 0;
    let contiguous = true;
    let shared = 0;
    if (this.prefixCaching && hashes) {
      shared = Math.min(hashes.length, needed);
      for (let i = 0; i < shared; i++) {
        const h = hashes[i];
        const entry = this.cache.get(h);
        if (entry) {
          if (entry.refs === 0) this.evictable.delete(h);
          entry.refs++;
          if (contiguous && entry.computed) cachedBlocks++;
          else contiguous = false;
        } else {
          contiguous = false;
          this.takeFresh();
          this.cache.set(h, { refs: 1, computed: false });
        }
        owner.sharedHashes.push(h);
      }
    }
    for (let i = shared; i < needed; i++) this.takeFresh();
    owner.numBlocks = needed;
    const maxCachedBlocks = Math.floor((tokens - 1) / this.blockSize);
    return Math.min(cachedBlocks, maxCachedBlocks) * this.blockSize;
  }

  /** Mark a sequence's shared prompt blocks as computed (its prefill finished). */
  markComputed(owner: BlockOwner): void {
    for (const h of owner.sharedHashes) {
      const entry = this.cache.get(h);
      if (entry) entry.computed = true;
    }
  }

  /** Does appending a token to a sequence now holding `tokens` tokens need a new block? */
  needsBlock(owner: BlockOwner, tokens: number): boolean {
    return this.blocksFor(tokens) > owner.numBlocks;
  }

  canAppend(owner: BlockOwner, tokens: number): boolean {
    return !this.needsBlock(owner, tokens) || this.numFree >= 1;
  }

  /** Add one block to a sequence (caller checked numFree >= 1). */
  appendBlock(owner: BlockOwner): void {
    this.takeFresh();
    owner.numBlocks++;
  }

  /** Grow the sequence to hold `tokens` tokens (caller checked canAppend). */
  append(owner: BlockOwner, tokens: number): void {
    while (this.blocksFor(tokens) > owner.numBlocks) {
      this.takeFresh();
      owner.numBlocks++;
    }
  }

  free(owner: BlockOwner): void {
    for (const h of owner.sharedHashes) {
      const entry = this.cache.get(h);
      if (!entry) continue;
      entry.refs--;
      if (entry.refs > 0) continue;
      if (entry.computed) this.evictable.set(h, true);
      else {
        this.cache.delete(h);
        this.freshFree++;
      }
    }
    this.freshFree += owner.numBlocks - owner.sharedHashes.length;
    owner.numBlocks = 0;
    owner.sharedHashes.length = 0;
  }

  private takeFresh(): void {
    if (this.freshFree > 0) {
      this.freshFree--;
      return;
    }
    const victim = this.evictable.keys().next();
    if (victim.done) throw new Error('KV-cache accounting error: allocation without a free block');
    this.evictable.delete(victim.value);
    this.cache.delete(victim.value);
  }
}
