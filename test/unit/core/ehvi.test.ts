import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehvi, ehvi2d, ehviMonteCarlo, expectedShortfall, ExpectedHypervolumeImprovement } from '../../../src/core/ehvi.js';
import { hypervolume, hypervolumeImprovement } from '../../../src/core/hypervolume.js';
import { ParetoInputError } from '../../../src/core/pareto.js';
import { Rng } from '../../../src/core/rng.js';

function normals(count: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: count }, () => rng.normal());
}

/** Plain Monte Carlo of the improvement, with its standard error. */
function monteCarlo(mean: number[], sigma: number[], front: number[][], ref: number[], samples: number, seed: number) {
  const z = normals(samples * mean.length, seed);
  const hv0 = hypervolume(front, ref);
  let s1 = 0, s2 = 0;
  for (let s = 0; s < samples; s++) {
    const y = mean.map((mu, j) => mu + sigma[j] * z[s * mean.length + j]);
    const gain = hypervolume([...front, y], ref) - hv0;
    s1 += gain;
    s2 += gain * gain;
  }
  const avg = s1 / samples;
  return { mean: avg, se: Math.sqrt(Math.max(0, s2 / samples - avg * avg) / samples) };
}

const front2 = [[1, 3], [2, 2], [3, 1]];
const ref2: [number, number] = [4, 4];
const cases2: { name: string; mean: [number, number]; sigma: [number, number]; front: number[][] }[] = [
  { name: 'mean in the gap of the front', mean: [1.5, 1.5], sigma: [0.5, 0.3], front: front2 },
  { name: 'dominated mean', mean: [3, 3], sigma: [0.4, 0.4], front: front2 },
  { name: 'mean beyond the reference', mean: [5, 2], sigma: [1, 1], front: front2 },
  { name: 'mean dominating everything, very unequal sigmas', mean: [-1, -1], sigma: [0.2, 2], front: front2 },
  { name: 'front with dominated, duplicate and outside points', mean: [2, 1.5], sigma: [0.7, 0.7], front: [...front2, [2, 2], [3.5, 3.5], [0.5, 6], [6, 0.5]] },
];

test('ehvi2d equals a 2*10^5-draw Monte-Carlo estimate within 4 standard errors', () => {
  cases2.forEach((c, k) => {
    const exact = ehvi2d(c.mean, c.sigma, c.front, ref2);
    const mc = monteCarlo(c.mean, c.sigma, c.front, ref2, 200000, 100 + k);
    assert.ok(Math.abs(exact - mc.mean) <= 4 * mc.se + 1e-12, `${c.name}: exact ${exact}, MC ${mc.mean} ± ${mc.se}`);
    assert.ok(exact > 0);
  });
});

test('sigma -> 0: ehvi2d is the hypervolume improvement of the mean', () => {
  const rng = new Rng(4);
  for (let trial = 0; trial < 50; trial++) {
    const mean: [number, number] = [rng.range(-0.5, 4.5), rng.range(-0.5, 4.5)];
    const exact = hypervolumeImprovement(mean, front2, ref2);
    assert.ok(Math.abs(ehvi2d(mean, [1e-9, 1e-9], front2, ref2) - exact) < 1e-7, `mean ${mean}`);
    assert.ok(Math.abs(ehvi2d(mean, [0, 0], front2, ref2) - exact) < 1e-12);
  }
});

test('empty front: product of per-axis expected shortfalls below the reference', () => {
  // With the mean on the reference, E[(r - Y)^+] = sigma / sqrt(2 pi) on each axis.
  assert.ok(Math.abs(ehvi2d([4, 4], [1, 2], [], ref2) - (1 * 2) / (2 * Math.PI)) < 1e-14);
  // E[(a - Y)^+] against numerical integration of (a - y) phi over y < a (Simpson's rule).
  const integral = (a: number, mu: number, s: number) => {
    const n = 20000, lo = mu - 12 * s;
    const h = (a - lo) / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const y = lo + i * h;
      const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
      sum += w * (a - y) * Math.exp(-0.5 * ((y - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    }
    return (sum * h) / 3;
  };
  for (const [a, mu, s] of [[4, 3, 0.5], [4, 5, 1], [1, -2, 3]]) assert.ok(Math.abs(expectedShortfall(a, mu, s) - integral(a, mu, s)) < 1e-9);
  assert.ok(Math.abs(ehvi2d([3, 5], [0.5, 1], [], ref2) - integral(4, 3, 0.5) * integral(4, 5, 1)) < 1e-9);
  // Far beyond the reference: vanishing but never negative or NaN.
  const far = ehvi2d([60, 60], [1, 1], front2, ref2);
  assert.ok(far >= 0 && far < 1e-300);
});

test('ehviMonteCarlo agrees with ehvi2d in 2-D and is deterministic for fixed draws', () => {
  const z = normals(2 * 200000, 9);
  cases2.forEach((c) => {
    const exact = ehvi2d(c.mean, c.sigma, c.front, ref2);
    const mc = ehviMonteCarlo(c.mean, c.sigma, c.front, ref2, z);
    const se = monteCarlo(c.mean, c.sigma, c.front, ref2, 20000, 1).se * Math.sqrt(20000 / 200000);
    assert.ok(Math.abs(mc - exact) <= 4 * se + 1e-12, `${c.name}: MC ${mc} exact ${exact}`);
    assert.equal(ehviMonteCarlo(c.mean, c.sigma, c.front, ref2, z), mc);
  });
});

test('3-D: ehviMonteCarlo equals brute force with the same draws; exact ehvi equals Monte Carlo', () => {
  const rng = new Rng(31);
  const front = Array.from({ length: 12 }, () => {
    const v = [Math.abs(rng.normal()), Math.abs(rng.normal()), Math.abs(rng.normal())];
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
  const ref = [1.2, 1.2, 1.2];
  const hv0 = hypervolume(front, ref);
  const mean = [0.5, 0.6, 0.55], sigma = [0.3, 0.2, 0.4];
  const z = normals(3 * 2000, 77);
  let brute = 0;
  for (let s = 0; s < 2000; s++) {
    const y = mean.map((mu, j) => mu + sigma[j] * z[3 * s + j]);
    brute += hypervolume([...front, y], ref) - hv0;
  }
  brute /= 2000;
  assert.ok(Math.abs(ehviMonteCarlo(mean, sigma, front, ref, z) - brute) < 1e-12);
  for (const [mu, sd] of [[mean, sigma], [[0.9, 0.2, 1.0], [0.5, 0.5, 0.1]], [[1.5, 0.3, 0.3], [0.4, 0.4, 0.4]]]) {
    const exact = ehvi(mu, sd, front, ref);
    const mc = monteCarlo(mu, sd, front, ref, 40000, 5);
    assert.ok(Math.abs(exact - mc.mean) <= 4 * mc.se + 1e-12, `exact ${exact}, MC ${mc.mean} ± ${mc.se}`);
    assert.ok(Math.abs(ehvi(mu, [1e-10, 1e-10, 1e-10], front, ref) - hypervolumeImprovement(mu, front, ref)) < 1e-8);
  }
});

test('the prepared evaluator matches ehvi2d and hypervolumeImprovement (2-D to 4-D)', () => {
  const rng = new Rng(12);
  for (const m of [2, 3, 4]) {
    const front = Array.from({ length: 15 }, () => Array.from({ length: m }, () => rng.uniform()));
    const ref = Array(m).fill(1);
    const prepared = new ExpectedHypervolumeImprovement(front, ref);
    for (let t = 0; t < 20; t++) {
      const y = Array.from({ length: m }, () => rng.range(-0.2, 1.1));
      assert.ok(Math.abs(prepared.improvement(y) - hypervolumeImprovement(y, front, ref)) < 1e-12);
      const sd = Array.from({ length: m }, () => rng.range(0, 0.5));
      if (m === 2) assert.ok(Math.abs(prepared.value(y, sd) - ehvi2d([y[0], y[1]], [sd[0], sd[1]], front, [1, 1])) < 1e-12);
    }
  }
});

test('bad input: wrong lengths, negative sigma and ragged draws are clear errors', () => {
  assert.throws(() => ehvi2d([1, Number.NaN], [1, 1], front2, ref2), /mean of objective 1 is NaN/);
  assert.throws(() => ehvi2d([1, 1], [-1, 1], front2, ref2), /standard deviation of objective 0/);
  assert.throws(() => ehvi([1, 1, 1], [1, 1, 1], front2, ref2), ParetoInputError);
  assert.throws(() => ehviMonteCarlo([1, 1], [1, 1], front2, ref2, new Float64Array(5)), /not a positive multiple of 2/);
});
