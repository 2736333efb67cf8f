import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLocalSlots, createSlots, cudaVisibleDevices, SlotPool, SlotWaitAborted } from '../../../src/runner/slots.js';
import { EvaluationSetupError, type Slot } from '../../../src/runner/types.js';

describe('createLocalSlots', () => {
  it('groups GPUs in list order, gpusPerTrial each', () => {
    const slots = createLocalSlots({ gpus: [0, 1, 2, 3], gpusPerTrial: 2, parallel: 2 });
    assert.deepEqual(slots.map((s) => s.gpus), [[0, 1], [2, 3]]);
    assert.deepEqual(slots.map((s) => s.label), ['slot 0 (GPU 0,1)', 'slot 1 (GPU 2,3)']);
    assert.deepEqual(slots.map((s) => cudaVisibleDevices(s)), ['0,1', '2,3']);
    assert.ok(slots.every((s) => s.kind === 'local'));
  });

  it('never puts one GPU in two slots, and leaves surplus GPUs unused', () => {
    for (const gpus of [[7, 3, 5, 1, 0, 2], [0, 1, 2, 3, 4, 5, 6, 7]])
      for (let per = 1; per <= gpus.length; per++)
        for (let parallel = 1; parallel * per <= gpus.length; parallel++) {
          const slots = createLocalSlots({ gpus, gpusPerTrial: per, parallel });
          const used = slots.flatMap((s) => s.gpus);
          assert.equal(new Set(used).size, used.length);
          assert.equal(used.length, per * parallel);
          assert.ok(slots.every((s) => s.gpus.length === per));
          assert.deepEqual(slots.map((s) => s.id), [...Array(parallel).keys()]);
        }
  });

  it('makes virtual slots without GPUs when no GPU list is given', () => {
    const slots = createLocalSlots({ gpusPerTrial: 4, parallel: 3 });
    assert.deepEqual(slots.map((s) => [s.id, s.gpus, s.label]), [[0, [], 'slot 0'], [1, [], 'slot 1'], [2, [], 'slot 2']]);
    assert.equal(cudaVisibleDevices(slots[0]), undefined);
  });

  it('with slotsPerGpu, GPU groups host several slots, filled round-robin', () => {
    const one = createLocalSlots({ gpus: [0], gpusPerTrial: 1, parallel: 2, slotsPerGpu: 2 });
    assert.deepEqual(one.map((s) => [s.id, s.gpus]), [[0, [0]], [1, [0]]]);
    assert.deepEqual(one.map((s) => s.label), ['slot 0 (GPU 0, shared by 2 slots)', 'slot 1 (GPU 0, shared by 2 slots)']);
    const three = createLocalSlots({ gpus: [0, 1], gpusPerTrial: 1, parallel: 3, slotsPerGpu: 2 });
    assert.deepEqual(three.map((s) => s.gpus), [[0], [1], [0]]);
    assert.deepEqual(three.map((s) => s.label), ['slot 0 (GPU 0, shared by 2 slots)', 'slot 1 (GPU 1)', 'slot 2 (GPU 0, shared by 2 slots)']);
    // Enough GPUs for every slot: sharing is allowed, not forced.
    assert.deepEqual(createLocalSlots({ gpus: [0, 1], gpusPerTrial: 1, parallel: 2, slotsPerGpu: 2 }).map((s) => s.gpus), [[0], [1]]);
    assert.throws(() => createLocalSlots({ gpus: [0], gpusPerTrial: 1, parallel: 3, slotsPerGpu: 2 }), {
      message: 'budget.parallel 3 × engine.gpusPerTrial 1 needs 2 GPUs with target.slotsPerGpu 2 but target.gpus lists 1 ([0]); lower budget.parallel or list more GPUs',
    });
    assert.throws(() => createLocalSlots({ gpus: [0], gpusPerTrial: 1, parallel: 1, slotsPerGpu: 0 }), /target.slotsPerGpu must be a positive integer, got 0/);
  });

  it('explains in one line when the GPUs do not suffice or the numbers are wrong', () => {
    assert.throws(() => createLocalSlots({ gpus: [0, 1, 2, 3], gpusPerTrial: 2, parallel: 3 }), {
      name: 'EvaluationSetupError',
      message: 'budget.parallel 3 × engine.gpusPerTrial 2 needs 6 GPUs but target.gpus lists 4 ([0, 1, 2, 3]); lower budget.parallel or list more GPUs',
    });
    assert.throws(() => createLocalSlots({ gpus: [0, 0], gpusPerTrial: 1, parallel: 1 }), /lists GPU 0 twice/);
    assert.throws(() => createLocalSlots({ gpus: [-1], gpusPerTrial: 1, parallel: 1 }), /GPU indices/);
    assert.throws(() => createLocalSlots({ gpus: [0], gpusPerTrial: 1, parallel: 0 }), /budget.parallel must be a positive integer, got 0/);
    assert.throws(() => createLocalSlots({ gpusPerTrial: 1.5, parallel: 1 }), /engine.gpusPerTrial must be a positive integer/);
  });

  it('createSlots gives slots of every target kind', () => {
    assert.equal(createSlots({ type: 'local', gpus: [0, 1] }, 1, 2).length, 2);
    assert.deepEqual(createSlots({ type: 'ssh', hosts: [{ host: 'a', gpus: [0, 1] }, { host: 'b', gpus: [0, 1] }] }, 1, 3).map((s) => `${s.kind} ${s.host} ${s.gpus.join(',')}`), ['ssh a 0', 'ssh b 0', 'ssh a 1']);
    assert.equal(createSlots({ type: 'slurm', maxJobs: 3 }, 2, 1).length, 3, 'maxJobs jobs in flight');
    assert.equal(createSlots({ type: 'slurm' }, 1, 2).length, 2, 'else budget.parallel');
    assert.throws(() => createSlots({ type: 'ssh', hosts: [{ host: 'a', gpus: [0] }] }, 1, 2), EvaluationSetupError);
  });
});

describe('SlotPool', () => {
  const slots = (): Slot[] => createLocalSlots({ gpus: [0, 1], gpusPerTrial: 1, parallel: 2 });

  it('hands out each slot once and makes later callers wait, first come first served', async () => {
    const pool = new SlotPool(slots());
    const a = await pool.acquire();
    const b = await pool.acquire();
    assert.notEqual(a.id, b.id);
    assert.equal(pool.available, 0);
    const order: number[] = [];
    const third = pool.acquire().then((s) => (order.push(3), s));
    const fourth = pool.acquire().then((s) => (order.push(4), s));
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(order, [], 'nobody gets a busy slot');
    pool.release(b);
    assert.equal((await third).id, b.id);
    pool.release(a);
    assert.equal((await fourth).id, a.id);
    assert.deepEqual(order, [3, 4]);
  });

  it('stops waiting when the signal aborts, and the slot goes to the next waiter', async () => {
    const pool = new SlotPool(slots().slice(0, 1));
    const held = await pool.acquire();
    const controller = new AbortController();
    const cancelled = pool.acquire(controller.signal);
    const next = pool.acquire();
    controller.abort();
    await assert.rejects(cancelled, SlotWaitAborted);
    pool.release(held);
    assert.equal((await next).id, held.id);
    await assert.rejects(pool.acquire(AbortSignal.abort()), SlotWaitAborted);
  });

  it('refuses to release a slot that is not held', async () => {
    const pool = new SlotPool(slots());
    const s = await pool.acquire();
    pool.release(s);
    assert.throws(() => pool.release(s), /not held/);
    assert.throws(() => new SlotPool([]), EvaluationSetupError);
  });
});
