import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JOE_KUO_DIRECTIONS } from '../../../src/core/sobol-directions.js';

// Multiplication in GF(2)[x] modulo the degree-s polynomial p (bit i = coefficient of x^i).
function mulMod(a: number, b: number, p: number, s: number): number {
  let r = 0;
  while (b) {
    if (b & 1) r ^= a;
    b >>>= 1;
    a <<= 1;
    if (a & (1 << s)) a ^= p;
  }
  return r;
}

function xPowMod(e: number, p: number, s: number): number {
  let base = 2;
  if (base & (1 << s)) base ^= p;
  let r = 1;
  while (e > 0) {
    if (e & 1) r = mulMod(r, base, p, s);
    base = mulMod(base, base, p, s);
    e = Math.floor(e / 2);
  }
  return r;
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let q = 2; q * q <= n; q++) {
    if (n % q === 0) out.push(q);
    while (n % q === 0) n /= q;
  }
  if (n > 1) out.push(n);
  return out;
}

/** x has order exactly 2^s - 1 modulo p: p is primitive (a reducible p could not allow that order). */
function isPrimitive(p: number, s: number): boolean {
  const order = 2 ** s - 1;
  if (xPowMod(order, p, s) !== 1) return false;
  return primeFactors(order).every((q) => xPowMod(order / q, p, s) !== 1);
}

test('the table covers dimensions 2..256', () => {
  assert.equal(JOE_KUO_DIRECTIONS.length, 255);
});

test('rows are the primitive polynomials over GF(2) in Joe–Kuo order (by degree, then by a)', () => {
  const expected: [number, number][] = [];
  for (let s = 1; expected.length < JOE_KUO_DIRECTIONS.length; s++)
    for (let a = 0; a < 2 ** (s - 1); a++) if (isPrimitive((1 << s) | (a << 1) | 1, s)) expected.push([s, a]);
  // Counts of primitive polynomials by degree (OEIS A011260: 1, 1, 2, 2, 6, 6, 18, 16, 48, 60, 176).
  const byDegree = new Map<number, number>();
  for (const [s] of expected) byDegree.set(s, (byDegree.get(s) ?? 0) + 1);
  assert.deepEqual([...byDegree.values()].slice(0, 10), [1, 1, 2, 2, 6, 6, 18, 16, 48, 60]);
  JOE_KUO_DIRECTIONS.forEach((row, i) => assert.deepEqual([row[0], row[1]], expected[i], `dimension ${i + 2}`));
});

test('each row has s initial direction numbers, m_k odd and below 2^k', () => {
  JOE_KUO_DIRECTIONS.forEach((row, i) => {
    const [s, , ...m] = row;
    assert.equal(m.length, s, `dimension ${i + 2}`);
    m.forEach((mk, k) => assert.ok(mk % 2 === 1 && mk < 2 ** (k + 1), `dimension ${i + 2}, m_${k + 1} = ${mk}`));
  });
});

test('first and last rows read as in new-joe-kuo-6.21201', () => {
  // Dimension 10 is "10 5 7 1 1 7 11 19" in the published file (some copies in the wild truncate it).
  assert.deepEqual(JOE_KUO_DIRECTIONS.slice(0, 9), [
    [1, 0, 1],
    [2, 1, 1, 3],
    [3, 1, 1, 3, 1],
    [3, 2, 1, 1, 1],
    [4, 1, 1, 1, 3, 3],
    [4, 4, 1, 3, 5, 13],
    [5, 2, 1, 1, 5, 5, 17],
    [5, 4, 1, 1, 5, 5, 5],
    [5, 7, 1, 1, 7, 11, 19],
  ]);
  assert.deepEqual(JOE_KUO_DIRECTIONS[19], [7, 4, 1, 3, 7, 13, 13, 15, 69]); // dimension 21
  assert.deepEqual(JOE_KUO_DIRECTIONS[254], [11, 560, 1, 1, 1, 5, 19, 3, 53, 133, 97, 863, 983]); // dimension 256
});
