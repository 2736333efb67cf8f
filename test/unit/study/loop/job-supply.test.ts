import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from '../../../../src/study/loop/job.js';
import { JobSupply, type Refill } from '../../../../src/study/loop/job-supply.js';

const job = (x: number, source: Job['source'] = 'bo'): Job => ({ params: { x }, source });

/** A refill that hands out one new job per waiting slot and remembers what it was shown. */
function countingRefill(limit = Infinity) {
  const calls: { inFlight: number[]; waiting: number }[] = [];
  let made = 0;
  let active = 0;
  let overlapped = false;
  const refill: Refill = async (inFlight, waiting) => {
    calls.push({ inFlight: inFlight.map((j) => j.params.x as number), waiting });
    if (++active > 1) overlapped = true;
    await new Promise((r) => setTimeout(r, 2));
    active--;
    const n = Math.min(waiting, limit - made);
    return Array.from({ length: n }, () => job(made++));
  };
  return { refill, calls, overlapped: () => overlapped };
}

test('slots waiting together share one refill sized for all of them, and each gets its own job', async () => {
  const { refill, calls } = countingRefill();
  const supply = new JobSupply(refill, new AbortController().signal);
  const [a, b] = await Promise.all([supply.next(), supply.next()]);
  assert.deepEqual(calls, [{ inFlight: [], waiting: 2 }]);
  assert.notEqual(a, b);
  assert.deepEqual([a?.params.x, b?.params.x].sort(), [0, 1]);
});

test('a refill sees every tuning job queued or running (not yet finished), and never runs twice at once', async () => {
  const { refill, calls, overlapped } = countingRefill();
  const supply = new JobSupply(refill, new AbortController().signal);
  const first = await supply.next();
  const second = await supply.next();
  assert.deepEqual(calls[1], { inFlight: [0], waiting: 1 });
  supply.finished(first!);
  await Promise.all([supply.next(), supply.next(), supply.next()]);
  assert.deepEqual(calls[2].inFlight, [second!.params.x]);
  assert.equal(overlapped(), false);
});

test('no refill while jobs are queued; an empty refill ends the supply', async () => {
  const { refill, calls } = countingRefill(1);
  const supply = new JobSupply(refill, new AbortController().signal);
  assert.equal((await supply.next())?.params.x, 0);
  assert.equal(await supply.next(), undefined);
  assert.equal(calls.length, 2);
});

test('robustness: only the queued re-tests are handed out, the refill is never asked again and does not count them as tuning', async () => {
  const { refill, calls } = countingRefill();
  const supply = new JobSupply(refill, new AbortController().signal);
  assert.equal(supply.inRobustness, false);
  supply.startRobustness([job(10, 'robustness'), job(11, 'robustness')]);
  assert.equal(supply.inRobustness, true);
  assert.equal(supply.queued, 2);
  const got = [await supply.next(), await supply.next(), await supply.next()];
  assert.deepEqual(got.map((j) => j?.params.x), [10, 11, undefined]);
  assert.equal(calls.length, 0);
  assert.equal(supply.queued, 0);
});

test('once the study is stopping, no job is handed out, queued or not', async () => {
  const { refill, calls } = countingRefill();
  const abort = new AbortController();
  const supply = new JobSupply(refill, abort.signal);
  supply.startRobustness([job(10, 'robustness')]);
  abort.abort();
  assert.equal(await supply.next(), undefined);
  assert.equal(calls.length, 0);
  assert.equal(supply.queued, 1);
});
