import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng.js';

test('same seed, same stream; different seeds, different streams', () => {
  const a = new Rng(42), b = new Rng(42), c = new Rng(43);
  const xa = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(xa, Array.from({ length: 5 }, () => b.uniform()));
  assert.notDeepEqual(xa, Array.from({ length: 5 }, () => c.uniform()));
});

test('moments of uniform, normal, exponential and gamma draws match theory', () => {
  const r = new Rng(7);
  const n = 200000;
  const mean = (f: () => number) => { let s = 0, s2 = 0; for (let i = 0; i < n; i++) { const x = f(); s += x; s2 += x * x; } return [s / n, s2 / n - (s / n) ** 2]; };
  const [mu, vu] = mean(() => r.uniform());
  assert.ok(Math.abs(mu - 0.5) < 0.005 && Math.abs(vu - 1 / 12) < 0.002);
  const [mn, vn] = mean(() => r.normal());
  assert.ok(Math.abs(mn) < 0.01 && Math.abs(vn - 1) < 0.02);
  const [me] = mean(() => r.exponential(4));
  assert.ok(Math.abs(me - 0.25) < 0.005);
  const [mg, vg] = mean(() => r.gamma(0.5, 2)); // mean k*theta = 1, var k*theta^2 = 2
  assert.ok(Math.abs(mg - 1) < 0.02 && Math.abs(vg - 2) < 0.1);
});
