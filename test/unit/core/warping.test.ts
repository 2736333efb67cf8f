import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KumaraswamyWarping, WARP_EPSILON, kumaraswamy, kumaraswamyWithDerivatives } from '../../../src/core/gp/warping.js';

test('Kumaraswamy CDF: identity at a = b = 1 and hand-computed values', () => {
  for (const x of [0.1, 0.37, 0.5, 0.93]) assert.ok(Math.abs(kumaraswamy(x, 1, 1) - x) < 1e-15);
  // 1 − (1 − 0.5²)³ = 1 − 0.75³ = 0.578125
  assert.ok(Math.abs(kumaraswamy(0.5, 2, 3) - 0.578125) < 1e-15);
  // 1 − (1 − 0.2^0.5)^0.5 = 1 − √(1 − √0.2)
  assert.ok(Math.abs(kumaraswamy(0.2, 0.5, 0.5) - (1 - Math.sqrt(1 - Math.sqrt(0.2)))) < 1e-15);
});

test('inputs are clamped to [1e-6, 1 − 1e-6]: finite values and derivatives at and beyond the ends', () => {
  assert.equal(kumaraswamy(0, 2, 3), kumaraswamy(WARP_EPSILON, 2, 3));
  assert.equal(kumaraswamy(1.2, 0.3, 4), kumaraswamy(1 - WARP_EPSILON, 0.3, 4));
  for (const x of [-1, 0, 1, 2]) {
    for (const [a, b] of [[0.125, 8], [8, 0.125], [1, 1]]) {
      const r = kumaraswamyWithDerivatives(x, a, b);
      assert.ok(Number.isFinite(r.w) && Number.isFinite(r.dLogA) && Number.isFinite(r.dLogB), `x=${x} a=${a} b=${b}`);
      assert.ok(r.w >= 0 && r.w <= 1);
    }
  }
});

test('derivatives in log a and log b match central finite differences', () => {
  const h = 1e-6;
  for (const x of [0.03, 0.4, 0.77, 0.999]) {
    for (const [a, b] of [[0.4, 2.5], [1, 1], [3, 0.6]]) {
      const r = kumaraswamyWithDerivatives(x, a, b);
      assert.ok(Math.abs(r.w - kumaraswamy(x, a, b)) < 1e-15);
      const fa = (kumaraswamy(x, a * Math.exp(h), b) - kumaraswamy(x, a * Math.exp(-h), b)) / (2 * h);
      const fb = (kumaraswamy(x, a, b * Math.exp(h)) - kumaraswamy(x, a, b * Math.exp(-h))) / (2 * h);
      assert.ok(Math.abs(r.dLogA - fa) <= 1e-7 * (1 + Math.abs(fa)), `dLogA x=${x} a=${a} b=${b}: ${r.dLogA} vs ${fa}`);
      assert.ok(Math.abs(r.dLogB - fb) <= 1e-7 * (1 + Math.abs(fb)), `dLogB x=${x} a=${a} b=${b}: ${r.dLogB} vs ${fb}`);
    }
  }
});

test('the warping is increasing and maps [0, 1] onto [0, 1]', () => {
  for (const [a, b] of [[0.2, 5], [5, 0.2], [2, 2]]) {
    let prev = -1;
    for (let k = 1; k < 1000; k++) {
      const w = kumaraswamy(k / 1000, a, b);
      // Strictly increasing in exact arithmetic; in doubles it may saturate at 1 (a=0.2, b=5 near x=1).
      assert.ok(w > prev || (w === prev && w === 1), `not increasing at ${k / 1000} for a=${a}, b=${b}`);
      prev = w;
    }
    assert.ok(kumaraswamy(0, a, b) >= 0 && kumaraswamy(1, a, b) <= 1);
  }
  // For moderate shapes the clamped ends are close to 0 and 1.
  for (const [a, b] of [[0.5, 2], [2, 0.5], [2, 2]]) {
    assert.ok(kumaraswamy(0, a, b) < 1e-2 && kumaraswamy(1, a, b) > 1 - 1e-2, `a=${a} b=${b}`);
  }
});

test('per-dimension warping leaves masked (categorical) dimensions untouched', () => {
  const w = new KumaraswamyWarping([2, 2, 0.5], [3, 3, 0.5], [true, false, true]);
  const out = w.warp([0.5, 0.5, 0.2]);
  assert.ok(Math.abs(out[0] - 0.578125) < 1e-15);
  assert.equal(out[1], 0.5);
  assert.ok(Math.abs(out[2] - (1 - Math.sqrt(1 - Math.sqrt(0.2)))) < 1e-15);
  assert.throws(() => new KumaraswamyWarping([1, -1], [1, 1]), /> 0/);
  assert.throws(() => new KumaraswamyWarping([1, 1], [1, 1], [true]), /mask/);
});
