import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockManager, type BlockOwner } from '../../../src/sim/block-manager.js';

const owner = (): BlockOwner => ({ numBlocks: 0, sharedHashes: [] });

test('a sequence holds ceil(tokens / block size) blocks: bigger blocks waste more per sequence', () => {
  const tokens = 100; // 100 = 12.5 blocks of 8, 6.25 of 16, 3.125 of 32
  const waste = (bs: number) => {
    const bm = new BlockManager(1000, bs, false);
    const o = owner();
    bm.allocate(o, tokens, undefined);
    return o.numBlocks * bs - tokens;
  };
  assert.equal(waste(8), 4);
  assert.equal(waste(16), 12);
  assert.equal(waste(32), 28);
});

test('admission keeps a 1% watermark free, and a sequence larger than the cache can never run', () => {
  const bm = new BlockManager(200, 16, false); // watermark 2 blocks
  assert.equal(bm.canAllocate(16 * 198), 'ok');
  assert.equal(bm.canAllocate(16 * 199), 'never');
  const o = owner();
  bm.allocate(o, 16 * 150, undefined);
  assert.equal(bm.canAllocate(16 * 48), 'ok');
  assert.equal(bm.canAllocate(16 * 49), 'later');
  bm.free(o);
  assert.equal(bm.numFree, 200);
});

test('decoding appends a block only when the last one is full', () => {
  const bm = new BlockManager(10, 16, false);
  const o = owner();
  bm.allocate(o, 16, undefined);
  assert.equal(bm.needsBlock(o, 16), false);
  assert.equal(bm.needsBlock(o, 17), true);
  bm.append(o, 17);
  assert.equal(o.numBlocks, 2);
  assert.equal(bm.numFree, 8);
});

test('prefix caching: computed shared blocks are reused and skipped, at least one token is always computed', () => {
  const bm = new BlockManager(100, 4, true);
  const hashes = Float64Array.from([11, 12, 13]); // a 12-token prompt = 3 full blocks
  const a = owner();
  assert.equal(bm.allocate(a, 13, hashes), 0); // nothing cached yet
  assert.equal(bm.numFree, 100 - 4);
  bm.markComputed(a);
  const b = owner();
  assert.equal(bm.allocate(b, 13, hashes), 12); // three blocks hit
  assert.equal(bm.numFree, 100 - 4 - 1); // only b's private last block is new
  const c = owner();
  assert.equal(bm.allocate(c, 12, hashes), 8); // a prompt that is exactly the cached blocks recomputes its last block
  bm.free(a);
  bm.free(b);
  bm.free(c);
  assert.equal(bm.numFree, 100); // cached blocks count as free (evictable)
  const d = owner();
  assert.equal(bm.allocate(d, 13, hashes), 12); // still cached after every owner left
});

test('prefix caching evicts the least recently used unreferenced blocks when memory is needed', () => {
  const bm = new BlockManager(6, 4, true);
  const a = owner();
  bm.allocate(a, 8, Float64Array.from([1, 2]));
  bm.markComputed(a);
  bm.free(a);
  const b = owner();
  bm.allocate(b, 8, Float64Array.from([7, 8]));
  bm.markComputed(b);
  bm.free(b);
  assert.equal(bm.numFree, 6);
  const c = owner(); // 3 blocks: the 2 never-used ones, then evict the oldest cached block (hash 1)
  bm.allocate(c, 12, undefined);
  bm.free(c);
  const d = owner();
  assert.equal(bm.allocate(d, 5, Float64Array.from([1])), 0); // hash 1 was evicted
  const e = owner();
  assert.equal(bm.allocate(e, 9, Float64Array.from([7, 8])), 8); // the newer blocks survived
});

test('without prefix caching identical prompts share nothing', () => {
  const bm = new BlockManager(100, 4, false);
  const hashes = Float64Array.from([1, 2, 3]);
  const a = owner();
  bm.allocate(a, 13, hashes);
  bm.markComputed(a);
  const b = owner();
  assert.equal(bm.allocate(b, 13, hashes), 0);
  assert.equal(bm.numFree, 92);
});
