import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matern52, matern52Ard, matern52ArdGradient, matern52DerivR2, scaledDistance2 } from '../../../src/core/gp/kernel.js';

test('Matérn-5/2 values: 1 at r = 0, closed form at r = 1 and r = 2, decreasing', () => {
  assert.equal(matern52(0), 1);
  const s5 = Math.sqrt(5);
  assert.ok(Math.abs(matern52(1) - (1 + s5 + 5 / 3) * Math.exp(-s5)) < 1e-15);
  // r = 2: s = 2√5, 1 + s + s²/3 = 1 + 2√5 + 20/3
  assert.ok(Math.abs(matern52(4) - (1 + 2 * s5 + 20 / 3) * Math.exp(-2 * s5)) < 1e-15);
  let prev = 2;
  for (let r = 0; r < 5; r += 0.1) {
    const k = matern52(r * r);
    assert.ok(k < prev);
    prev = k;
  }
});

test('dk/dr² = −(5/6)(1 + s)e^{−s}: finite at 0 and equal to finite differences elsewhere', () => {
  assert.equal(matern52DerivR2(0), -5 / 6);
  for (const r2 of [1e-4, 0.3, 1, 2.5, 9]) {
    const h = 1e-6 * Math.max(r2, 1e-3);
    const fd = (matern52(r2 + h) - matern52(r2 - h)) / (2 * h);
    assert.ok(Math.abs(matern52DerivR2(r2) - fd) < 1e-7, `r²=${r2}: ${matern52DerivR2(r2)} vs ${fd}`);
  }
});

test('ARD kernel: scaled distance, σ² scaling and derivatives in log ℓ, log σ² and the input', () => {
  const a = [0.2, 0.9, 0.5], b = [0.6, 0.1, 0.45], ls = [0.3, 1.7, 0.05], s2 = 2.5;
  const r2 = ((0.2 - 0.6) / 0.3) ** 2 + ((0.9 - 0.1) / 1.7) ** 2 + ((0.5 - 0.45) / 0.05) ** 2;
  assert.ok(Math.abs(scaledDistance2(a, b, ls) - r2) < 1e-14);
  assert.ok(Math.abs(matern52Ard(a, b, ls, s2) - s2 * matern52(r2)) < 1e-15);
  const g = matern52ArdGradient(a, b, ls, s2);
  assert.equal(g.value, matern52Ard(a, b, ls, s2));
  assert.equal(g.dLogSignalVariance, g.value);
  const h = 1e-6;
  for (let i = 0; i < 3; i++) {
    const up = [...ls], dn = [...ls];
    up[i] *= Math.exp(h);
    dn[i] *= Math.exp(-h);
    const fd = (matern52Ard(a, b, up, s2) - matern52Ard(a, b, dn, s2)) / (2 * h);
    assert.ok(Math.abs(g.dLogLengthscale[i] - fd) < 1e-8, `log ℓ_${i}: ${g.dLogLengthscale[i]} vs ${fd}`);
    const ap = [...a], am = [...a];
    ap[i] += h;
    am[i] -= h;
    const fx = (matern52Ard(ap, b, ls, s2) - matern52Ard(am, b, ls, s2)) / (2 * h);
    assert.ok(Math.abs(g.dInput[i] - fx) < 1e-7, `∂k/∂a_${i}: ${g.dInput[i]} vs ${fx}`);
  }
});

test('the kernel scales with σ² exactly as the correlation times σ² (value and derivative)', () => {
  for (const r2 of [0, 0.3, 2.5]) {
    assert.ok(Math.abs(matern52(r2, 2.5) - 2.5 * matern52(r2)) < 1e-15);
    assert.ok(Math.abs(matern52DerivR2(r2, 2.5) - 2.5 * matern52DerivR2(r2)) < 1e-15);
  }
});
