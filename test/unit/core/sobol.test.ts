import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SOBOL_MAX_DIMENSION, SobolError, SobolSequence } from '../../../src/core/sobol.js';

const column = (points: number[][], d: number) => points.map((p) => p[d - 1]);

// Every elementary interval [i/2^a, (i+1)/2^a) x [j/2^b, (j+1)/2^b) with a + b = k holds exactly one
// of the 2^k points: the (0, k, 2)-net property.
function isZeroNet2d(points: number[][], k: number, dx: number, dy: number): boolean {
  for (let a = 0; a <= k; a++) {
    const b = k - a;
    const seen = new Set<number>();
    for (const p of points) seen.add(Math.floor(p[dx] * 2 ** a) * 2 ** b + Math.floor(p[dy] * 2 ** b));
    if (seen.size !== points.length) return false;
  }
  return true;
}

/** Every dyadic bin of width 1/n of coordinate d holds exactly one of the n points. */
function oneProjectedPointPerBin(points: number[][], d: number): boolean {
  const bins = new Set(points.map((p) => Math.floor(p[d] * points.length)));
  return bins.size === points.length;
}

test('the sequence offers 256 dimensions', () => {
  assert.equal(SOBOL_MAX_DIMENSION, 256);
});

test('first 8 unscrambled points in 2-D equal the reference in SciPy and PyTorch test suites', () => {
  // scipy/stats/tests/test_qmc.py TestSobol.unscramble_nd, pytorch test_torch.py _sobol_reference_samples.
  const expected = [[0, 0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375], [0.875, 0.875], [0.625, 0.125], [0.125, 0.625]];
  assert.deepEqual(new SobolSequence(2).take(8), expected);
});

test('first 10 unscrambled points per dimension equal SciPy qmc.Sobol(256, scramble=False)', () => {
  // Printed by SciPy 1.17.1: qmc.Sobol(256, scramble=False, bits=32).random(10)[:, d - 1].
  const expected: Record<number, number[]> = {
    1: [0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875, 0.6875],
    2: [0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125, 0.8125],
    3: [0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375, 0.4375],
    4: [0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125, 0.4375, 0.9375],
    5: [0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.5625, 0.0625],
    21: [0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875, 0.1875, 0.6875],
    64: [0, 0.5, 0.75, 0.25, 0.125, 0.625, 0.875, 0.375, 0.6875, 0.1875],
    256: [0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.4375, 0.9375],
  };
  const points = new SobolSequence(256).take(10);
  for (const [d, values] of Object.entries(expected)) assert.deepEqual(column(points, Number(d)), values, `dimension ${d}`);
  // The same from a 5-dimensional sequence: a coordinate does not depend on how many there are.
  const five = new SobolSequence(5).take(10);
  for (let d = 1; d <= 5; d++) assert.deepEqual(column(five, d), expected[d]);
});

test('far points equal SciPy (exercises the direction-number recurrence beyond the initial m_k)', () => {
  // qmc.Sobol(21, scramble=False, bits=32) after fast_forward(1000), one point.
  const s21 = new SobolSequence(21);
  s21.skip(1000);
  assert.deepEqual(s21.next(), [
    0.2197265625, 0.0966796875, 0.5185546875, 0.6767578125, 0.2802734375, 0.9072265625, 0.0458984375,
    0.8994140625, 0.5009765625, 0.0693359375, 0.0849609375, 0.2548828125, 0.1611328125, 0.3837890625,
    0.1435546875, 0.3701171875, 0.7197265625, 0.3447265625, 0.9912109375, 0.7255859375, 0.5224609375,
  ]);
  // qmc.Sobol(256, scramble=False, bits=32) after fast_forward(1061001): dimensions 1, 2, 21, 100, 256.
  const s256 = new SobolSequence(256);
  s256.skip(1061001);
  const p = s256.next();
  assert.deepEqual([p[0], p[1], p[20], p[99], p[255]],
    [0.6995253562927246, 0.754828929901123, 0.11790227890014648, 0.12896490097045898, 0.7788996696472168]);
});

test('skip(n) lands where n calls of next() would, and next() continues from there', () => {
  const walked = new SobolSequence(7);
  const all = walked.take(300);
  for (const n of [0, 1, 2, 3, 63, 64, 65, 127, 200]) {
    const jumped = new SobolSequence(7);
    jumped.skip(n);
    assert.equal(jumped.position, n);
    assert.deepEqual(jumped.take(5), all.slice(n, n + 5), `skip ${n}`);
  }
  const mixed = new SobolSequence(7);
  mixed.take(10);
  mixed.skip(90);
  assert.deepEqual(mixed.next(), all[100]);
});

test('unscrambled first 2^k points of dimensions 1 and 2 form a (0, k, 2)-net', () => {
  const points = new SobolSequence(2).take(1024);
  for (let k = 1; k <= 10; k++) assert.ok(isZeroNet2d(points.slice(0, 2 ** k), k, 0, 1), `k = ${k}`);
  // Not every pair is a (0, k, 2)-net: dimensions 2 and 3 fail at k = 2, so the check can fail.
  const three = new SobolSequence(3).take(4);
  assert.equal(isZeroNet2d(three, 2, 1, 2), false);
});

test('unscrambled: every coordinate of the first 2^m points puts one point in each dyadic bin', () => {
  const points = new SobolSequence(256).take(1024);
  for (let d = 0; d < 256; d++) assert.ok(oneProjectedPointPerBin(points, d), `dimension ${d + 1}`);
});

test('scrambled: deterministic under a seed, different across seeds, in [0, 1), first point not 0', () => {
  const a = new SobolSequence(6, { scramble: true, seed: 11 }).take(64);
  const b = new SobolSequence(6, { scramble: true, seed: 11 }).take(64);
  const c = new SobolSequence(6, { scramble: true, seed: 12 }).take(64);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a[0].every((x) => x !== 0));
  assert.ok(a.flat().every((x) => x >= 0 && x < 1));
  const defaultSeed = new SobolSequence(6, { scramble: true }).take(4);
  assert.deepEqual(defaultSeed, new SobolSequence(6, { scramble: true, seed: 0 }).take(4));
});

test('scrambled: LMS + shift keeps one point per dyadic bin in every coordinate and the 2-D net', () => {
  for (const seed of [1, 2, 3]) {
    const seq = new SobolSequence(64, { scramble: true, seed });
    const points = seq.take(1024);
    for (let d = 0; d < 64; d++) {
      assert.ok(oneProjectedPointPerBin(points, d), `seed ${seed}, dimension ${d + 1}`);
      for (const m of [1, 4, 7]) assert.ok(oneProjectedPointPerBin(points.slice(0, 2 ** m), d));
      // One point per bin of width 1/1024 puts the mean within 1/2048 of 1/2.
      const mean = points.reduce((acc, p) => acc + p[d], 0) / points.length;
      assert.ok(Math.abs(mean - 0.5) <= 1 / 2048, `mean ${mean}`);
    }
    for (let k = 1; k <= 10; k++) assert.ok(isZeroNet2d(points.slice(0, 2 ** k), k, 0, 1), `seed ${seed}, k = ${k}`);
  }
});

test('scrambled: more than a digital shift (the matrix scramble changes the point structure)', () => {
  // With a shift only, x_n XOR x_0 would equal the unscrambled x_n for every n.
  const bits = (x: number) => Math.round(x * 2 ** 32) >>> 0;
  const plain = new SobolSequence(4).take(32);
  const scrambled = new SobolSequence(4, { scramble: true, seed: 5 }).take(32);
  let differs = false;
  for (let n = 1; n < 32; n++)
    for (let d = 0; d < 4; d++) if (((bits(scrambled[n][d]) ^ bits(scrambled[0][d])) >>> 0) !== bits(plain[n][d])) differs = true;
  assert.ok(differs);
});

test('scrambled: skip agrees with take', () => {
  const all = new SobolSequence(9, { scramble: true, seed: 4 }).take(150);
  const jumped = new SobolSequence(9, { scramble: true, seed: 4 });
  jumped.skip(137);
  assert.deepEqual(jumped.take(13), all.slice(137));
});

test('bad arguments give one-line errors that say what to fix', () => {
  for (const d of [0, -1, 257, 1.5, Number.NaN])
    assert.throws(() => new SobolSequence(d), (e: unknown) => e instanceof SobolError && /dimension must be an integer from 1 to 256/.test(e.message));
  assert.throws(() => new SobolSequence(2, { scramble: true, seed: Number.POSITIVE_INFINITY }), /seed must be a finite number/);
  const s = new SobolSequence(2);
  assert.throws(() => s.skip(-1), /skip needs a non-negative integer/);
  assert.throws(() => s.skip(2.5), /skip needs a non-negative integer/);
  assert.throws(() => s.take(-3), /take needs a non-negative integer/);
  assert.throws(() => s.skip(2 ** 32 + 1), /cannot skip past/);
  assert.deepEqual(s.take(0), []);
});

test('the sequence ends cleanly after 2^32 points', () => {
  const s = new SobolSequence(2);
  s.skip(2 ** 32 - 1);
  const last = s.next();
  assert.ok(last.every((x) => x >= 0 && x < 1));
  assert.throws(() => s.next(), /exhausted/);
});
