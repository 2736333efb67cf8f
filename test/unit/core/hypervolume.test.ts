import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypervolume, hypervolumeContributions, hypervolumeImprovement } from '../../../src/core/hypervolume.js';
import { ParetoInputError } from '../../../src/core/pareto.js';
import { Rng } from '../../../src/core/rng.js';

const close = (a: number, b: number, tol: number, msg?: string) => assert.ok(Math.abs(a - b) <= tol, `${msg ?? ''} ${a} vs ${b} (tol ${tol})`);

/** Inclusion–exclusion over all subsets: the union of the points' boxes, by definition. */
function inclusionExclusion(points: number[][], ref: number[]): number {
  const n = points.length;
  let total = 0;
  for (let mask = 1; mask < 1 << n; mask++) {
    const corner = ref.map(() => -Infinity);
    let size = 0;
    for (let i = 0; i < n; i++) {
      if (!(mask & (1 << i))) continue;
      size++;
      points[i].forEach((v, j) => (corner[j] = Math.max(corner[j], v)));
    }
    let vol = 1;
    ref.forEach((r, j) => (vol *= Math.max(0, r - corner[j])));
    total += size % 2 ? vol : -vol;
  }
  return total;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

test('2-D hand-computed sets', () => {
  assert.equal(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4]), 6);
  assert.equal(hypervolume([[3, 1], [1, 3], [2, 2]], [4, 4]), 6); // order does not matter
  assert.equal(hypervolume([[1, 1]], [3, 5]), 8);
  assert.equal(hypervolume([], [4, 4]), 0);
  // A dominated point, a duplicate and a point beyond the reference change nothing.
  assert.equal(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3], [2, 2], [0, 5], [5, 0]], [4, 4]), 6);
  // A point on the reference boundary adds nothing.
  assert.equal(hypervolume([[1, 3], [2, 2], [3, 1], [0, 4]], [4, 4]), 6);
});

test('3-D: a single box, hand sets and inclusion–exclusion on random sets', () => {
  assert.equal(hypervolume([[1, 2, 3]], [2, 4, 7]), 1 * 2 * 4);
  // Two boxes overlapping in [1,2]x[1,2]x[0,2] of volume 2: 2*2*2 + ... by hand: (0,1,0): 2x1x2 = 4;
  // (1,0,0): 1x2x2 = 4; overlap max = (1,1,0): 1x1x2 = 2 -> 6.
  assert.equal(hypervolume([[0, 1, 0], [1, 0, 0]], [2, 2, 2]), 6);
  assert.equal(hypervolume([[0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 1, 0], [3, 0, 0]], [2, 2, 2]), 6);
  const rng = new Rng(3);
  for (let trial = 0; trial < 40; trial++) {
    const n = 1 + rng.int(10);
    const pts = Array.from({ length: n }, () => [rng.uniform(), rng.uniform(), rng.uniform()].map((v) => (trial % 2 ? Math.round(v * 4) / 4 : v)));
    const ref = [1, 1, 1];
    close(hypervolume(pts, ref), inclusionExclusion(pts, ref), 1e-12, `trial ${trial}`);
  }
});

test('4-D and 5-D (WFG): inclusion–exclusion on random sets', () => {
  const rng = new Rng(5);
  for (const m of [4, 5]) {
    for (let trial = 0; trial < 25; trial++) {
      const n = 1 + rng.int(10);
      const pts = Array.from({ length: n }, () => Array.from({ length: m }, () => (trial % 3 === 0 ? rng.int(4) / 4 : rng.uniform())));
      const ref = Array.from({ length: m }, () => 1);
      close(hypervolume(pts, ref), inclusionExclusion(pts, ref), 1e-12, `m=${m} trial ${trial}`);
    }
  }
});

test('larger 3-D and 4-D random sets agree with Monte Carlo within 1%', () => {
  const rng = new Rng(8);
  for (const m of [3, 4]) {
    // Points near a concave front, so many are mutually non-dominated.
    const pts = Array.from({ length: 150 }, () => {
      const v = Array.from({ length: m }, () => Math.abs(rng.normal()));
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm + 0.05 * rng.uniform());
    });
    const ref = Array.from({ length: m }, () => 1.1);
    const exact = hypervolume(pts, ref);
    const samples = 200000;
    let hits = 0;
    for (let s = 0; s < samples; s++) {
      const z = ref.map((r) => r * rng.uniform());
      if (pts.some((p) => p.every((v, j) => v <= z[j]))) hits++;
    }
    const volume = ref.reduce((a, r) => a * r, 1);
    const estimate = (hits / samples) * volume;
    assert.ok(Math.abs(exact - estimate) / exact < 0.01, `m=${m}: exact ${exact}, Monte Carlo ${estimate}`);
  }
});

test('analytic fronts: simplex grids exactly, ZDT1 and the DTLZ2 sphere in the limit', () => {
  // Grid points i/N on the simplex sum = 1: the undominated cells of the unit cube are those whose
  // integer corner sums to <= N-1, so HV = 1 - C(N+m-1, m)/N^m exactly.
  for (const [m, N] of [[3, 20], [4, 8]] as const) {
    const pts: number[][] = [];
    const build = (prefix: number[], left: number) => {
      if (prefix.length === m - 1) return void pts.push([...prefix, left].map((v) => v / N));
      for (let i = 0; i <= left; i++) build([...prefix, i], left - i);
    };
    build([], N);
    close(hypervolume(pts, Array(m).fill(1)), 1 - binomial(N + m - 1, m) / N ** m, 1e-12, `simplex m=${m}`);
  }
  // ZDT1: f2 = 1 - sqrt(f1) with reference (11, 11) has HV 121 - 1/3.
  const zdt1 = Array.from({ length: 10001 }, (_, i) => [i / 10000, 1 - Math.sqrt(i / 10000)]);
  const hvZdt = hypervolume(zdt1, [11, 11]);
  assert.ok(hvZdt < 121 - 1 / 3 && hvZdt > 121 - 1 / 3 - 1e-4, `ZDT1 ${hvZdt}`);
  // DTLZ2 (3 objectives): the unit-sphere octant with reference (1,1,1) leaves 1 - pi/6 dominated.
  const sphere: number[][] = [];
  const K = 60;
  for (let a = 0; a <= K; a++)
    for (let b = 0; b <= K; b++) {
      const t = (a / K) * (Math.PI / 2), u = (b / K) * (Math.PI / 2);
      sphere.push([Math.cos(t) * Math.cos(u), Math.cos(t) * Math.sin(u), Math.sin(t)]);
    }
  const hvSphere = hypervolume(sphere, [1, 1, 1]);
  assert.ok(hvSphere < 1 - Math.PI / 6 && hvSphere > 1 - Math.PI / 6 - 0.03, `DTLZ2 ${hvSphere}`);
});

test('hypervolume improvement and exclusive contributions', () => {
  const front = [[1, 3], [2, 2], [3, 1]];
  // Uncovered part of [1.5,4]^2: x in [1.5,2) below y=3, and x in [2,3) below y=2.
  assert.equal(hypervolumeImprovement([1.5, 1.5], front, [4, 4]), 0.5 * 1.5 + 1 * 0.5);
  close(hypervolumeImprovement([1.5, 1.5], front, [4, 4]), hypervolume([...front, [1.5, 1.5]], [4, 4]) - 6, 1e-12);
  assert.equal(hypervolumeImprovement([2.5, 2.5], front, [4, 4]), 0); // dominated
  assert.equal(hypervolumeImprovement([0, 5], front, [4, 4]), 0); // beyond the reference
  assert.equal(hypervolumeImprovement([0, 0], [], [4, 4]), 16);
  const rng = new Rng(2);
  for (let trial = 0; trial < 20; trial++) {
    const pts = Array.from({ length: 8 }, () => [rng.uniform(), rng.uniform(), rng.uniform()]);
    const y = [rng.uniform(), rng.uniform(), rng.uniform()];
    close(hypervolumeImprovement(y, pts, [1, 1, 1]), inclusionExclusion([...pts, y], [1, 1, 1]) - inclusionExclusion(pts, [1, 1, 1]), 1e-12);
  }
  assert.deepEqual(hypervolumeContributions([[1, 3], [2, 2], [3, 1], [3, 3], [2, 2]], [4, 4]), [1, 0, 1, 0, 0]);
  assert.deepEqual(hypervolumeContributions([[1, 3], [2, 2], [3, 1]], [4, 4]), [1, 1, 1]);
});

test('bad input: mismatched dimensions are a clear error', () => {
  assert.throws(() => hypervolume([[1, 2, 3]], [4, 4]), /point 0 has 3 objectives, the reference has 2/);
  assert.throws(() => hypervolume([[1]], []), ParetoInputError);
});
