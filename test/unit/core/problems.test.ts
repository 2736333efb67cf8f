import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng.js';
import { hypervolume } from '../../../src/core/hypervolume.js';
import { paretoFrontIndices } from '../../../src/core/pareto.js';
import { BENCHMARK_PROBLEMS, createProblem } from '../../../src/core/problems/index.js';
import { braninValue } from '../../../src/core/problems/branin.js';
import { gramacyC1, gramacyC2, GRAMACY_MINIMUM } from '../../../src/core/problems/gramacy.js';
import { hartmann6Value, HARTMANN6_MINIMIZER } from '../../../src/core/problems/hartmann6.js';
import { hartmann6Crashes } from '../../../src/core/problems/hartmann6-crash.js';
import { satisfiesKnownConstraints } from '../../../src/core/problem.js';
import type { Params } from '../../../src/core/types.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

function randomPoint(rng: Rng, names: readonly string[], problemName: string): Params {
  const p = createProblem(problemName);
  const u = names.map(() => rng.uniform());
  return p.space.decode(u);
}

test('every benchmark problem exists, evaluates its optimiser to the published optimum and nothing random beats it', () => {
  const rng = new Rng(11);
  for (const name of BENCHMARK_PROBLEMS) {
    const p = createProblem(name);
    assert.equal(p.name, name);
    if (p.objectives !== 1) continue;
    assert.ok(p.optimalValue !== undefined && p.optimizers && p.optimizers.length > 0, name);
    for (const x of p.optimizers) {
      assert.equal(p.space.check(x), undefined, `${name} optimiser is in the space`);
      assert.ok(satisfiesKnownConstraints(p, x), `${name} optimiser satisfies the known constraints`);
      const y = p.evaluate(x);
      assert.ok(y, `${name} optimiser is feasible`);
      close(y[0], p.optimalValue, name === 'gramacy' ? 2e-4 : 1e-5, `${name} at its optimiser`);
    }
    for (let i = 0; i < 20000; i++) {
      const x = randomPoint(rng, p.space.names, name);
      if (!satisfiesKnownConstraints(p, x)) continue;
      const y = p.evaluate(x);
      if (y) assert.ok(y[0] >= p.optimalValue - 1e-6, `${name}: ${y[0]} below the optimum at ${JSON.stringify(x)}`);
    }
  }
});

test('Branin: the three published minimisers and the value at a hand-computed point', () => {
  close(braninValue(-Math.PI, 12.275), 0.397887, 1e-6, 'z1');
  close(braninValue(Math.PI, 2.275), 0.397887, 1e-6, 'z2');
  close(braninValue(9.42478, 2.475), 0.397887, 1e-6, 'z3');
  // At (0, 0): (−6)^2 + 10(1 − 1/(8π)) + 10 = 55.602112...
  close(braninValue(0, 0), 36 + 10 * (1 - 1 / (8 * Math.PI)) + 10, 1e-12, 'origin');
});

test('Hartmann6: the minimiser is a local minimum with value −3.32237', () => {
  const z = [...HARTMANN6_MINIMIZER];
  close(hartmann6Value(z), -3.32237, 1e-5, 'f(z)');
  const rng = new Rng(3);
  for (let i = 0; i < 500; i++) {
    const x = z.map((v) => v + 1e-3 * rng.normal());
    assert.ok(hartmann6Value(x) >= -3.32237 - 1e-5);
  }
});

test('mixed Ackley: zero at the origin, binaries are booleans, every flipped bit costs', () => {
  const p = createProblem('ackley-mixed');
  const origin = { b1: false, b2: false, b3: false, b4: false, b5: false, x1: 0, x2: 0, x3: 0 };
  close(p.evaluate(origin)?.[0] ?? NaN, 0, 1e-12, 'origin');
  const flipped = p.evaluate({ ...origin, b3: true })?.[0] ?? NaN;
  // Ackley_8 with one coordinate at 1: −20 exp(−0.2 sqrt(1/8)) − exp((7 + cos 2π)/8) + 20 + e.
  close(flipped, -20 * Math.exp(-0.2 * Math.sqrt(1 / 8)) - Math.exp(1) + 20 + Math.E, 1e-12, 'one bit');
  assert.deepEqual(p.space.values(0), [false, true]);
});

test('Gramacy: the known constraints cut the square and nothing feasible beats 0.599788', () => {
  const p = createProblem('gramacy');
  assert.equal(p.constraints.length, 2);
  assert.ok(p.constraints[0].test({ x1: 0.1954, x2: 0.4044 }));
  assert.equal(p.constraints[0].test({ x1: 0.1, x2: 0.1 }), false);
  assert.ok(p.constraints[0].violation({ x1: 0.1, x2: 0.1 }) > 0);
  assert.equal(p.constraints[1].test({ x1: 1, x2: 1 }), false);
  let best = Infinity;
  const n = 1500;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= n; j++) {
      const x1 = i / n, x2 = j / n;
      if (gramacyC1(x1, x2) <= 0 && gramacyC2(x1, x2) <= 0) best = Math.min(best, x1 + x2);
    }
  }
  assert.ok(best >= GRAMACY_MINIMUM - 1e-7 && best - GRAMACY_MINIMUM < 2e-3, `grid minimum ${best}`);
  close(GRAMACY_MINIMUM, 0.5998, 1e-4, 'published value');
});

test('BraninCurrin: hypervolume of a dense grid approaches the published maximum 59.36 with reference [18, 6]', () => {
  const p = createProblem('branin-currin');
  assert.deepEqual(p.reference, [18, 6]);
  // The front lies at small x1 where Currin is steep (dC/dx1 ≈ 100), so x1 is sampled as t^4; for each
  // x1 only x2 above Branin's valley can be Pareto-optimal (below it both objectives get worse).
  const pts: number[][] = [];
  const n = 400;
  const b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI;
  for (let i = 0; i <= n; i++) {
    const x1 = 0.2 * (i / n) ** 4, u = 15 * x1 - 5;
    const lo = Math.min(1, Math.max(0, (b * u * u - c * u + 6) / 15));
    for (let j = 0; j <= n; j++) pts.push(p.evaluate({ x1, x2: lo + ((1 - lo) * j) / n }) ?? []);
  }
  const front = paretoFrontIndices(pts).map((k) => pts[k]);
  const hv = hypervolume(front, [18, 6]);
  assert.ok(hv > 59.3 && hv < 59.4, `hv ${hv}`);
  close(p.maxHypervolume ?? 0, 59.36, 0.01, 'published max hv');
  // BoTorch's published evaluation at x = (0.5, 0.5): Branin(2.5, 7.5) and Currin(0.5, 0.5).
  const [f1, f2] = p.evaluate({ x1: 0.5, x2: 0.5 }) ?? [];
  close(f1, braninValue(2.5, 7.5), 1e-12, 'rescaled branin');
  close(f2, (1 - Math.exp(-1)) * (2300 / 8 + 1900 / 4 + 1046 + 60) / (100 / 8 + 500 / 4 + 2 + 20), 1e-12, 'currin');
});

test('ZDT1 (d = 4): the Pareto set x2..x4 = 0 gives hypervolume 121 − 1/3 at reference [11, 11]', () => {
  const p = createProblem('zdt1');
  assert.equal(p.space.dim, 4);
  const n = 20000;
  const front = Array.from({ length: n + 1 }, (_, i) => p.evaluate({ x1: i / n, x2: 0, x3: 0, x4: 0 }) ?? []);
  close(hypervolume(front, [11, 11]), 120 + 2 / 3, 1e-3, 'hv');
  close(p.maxHypervolume ?? 0, 120.6667, 1e-4, 'max hv');
  assert.deepEqual(p.evaluate({ x1: 0.25, x2: 1, x3: 1, x4: 1 }), [0.25, 10 * (1 - Math.sqrt(0.025))]);
});

test('hidden-crash Hartmann6: about 40% of the cube crashes, the optimum does not, good regions border it', () => {
  const p = createProblem('hartmann6-crash');
  const rng = new Rng(5);
  const n = 100000;
  let crashes = 0;
  const values: { v: number; crash: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 6 }, () => rng.uniform());
    const c = hartmann6Crashes(x);
    if (c) crashes++;
    values.push({ v: hartmann6Value(x), crash: c });
    const y = p.evaluate(Object.fromEntries(x.map((v, j) => [`x${j + 1}`, v])));
    assert.equal(y === undefined, c);
  }
  close(crashes / n, 0.4, 0.02, 'crash volume');
  assert.equal(hartmann6Crashes(HARTMANN6_MINIMIZER), false);
  values.sort((a, b) => a.v - b.v);
  const best = values.slice(0, n / 50);
  const crashedBest = best.filter((b) => b.crash).length / best.length;
  assert.ok(crashedBest > 0.2 && crashedBest < 0.6, `share of the best 2% that crashes: ${crashedBest}`);
  // The half-space face is within 0.05 of the minimiser: a step of 0.07 along (0,0,1,0,0,1)/√2 crashes.
  const z = [...HARTMANN6_MINIMIZER];
  const step = 0.07 / Math.SQRT2;
  assert.equal(hartmann6Crashes(z.map((v, j) => (j === 2 || j === 5 ? v + step : v))), true);
});

test('synthetic12: 12 mixed parameters, a known constraint and a hidden crash region of about a fifth', () => {
  const p = createProblem('synthetic12');
  assert.equal(p.space.dim, 12);
  const rng = new Rng(9);
  let feasibleKnown = 0, crashes = 0;
  for (let i = 0; i < 20000; i++) {
    const x = p.space.decode(Array.from({ length: 12 }, () => rng.uniform()));
    if (!satisfiesKnownConstraints(p, x)) continue;
    feasibleKnown++;
    const y = p.evaluate(x);
    if (!y) crashes++;
    else assert.ok(Number.isFinite(y[0]));
  }
  assert.ok(feasibleKnown > 15000);
  close(crashes / feasibleKnown, 0.2, 0.05, 'crash share');
});

test('an unknown problem name is a one-line error listing the choices', () => {
  assert.throws(() => createProblem('rosenbrock'), /unknown problem "rosenbrock"; choose from branin, hartmann6/);
});

test('noisy variants: noise-free without a stream; with one, Hartmann6 gets additive σ = 0.1 and BraninCurrin 2% on each objective', () => {
  const h = createProblem('hartmann6-noisy');
  const x = { x1: 0.3, x2: 0.2, x3: 0.5, x4: 0.3, x5: 0.3, x6: 0.6 };
  const f = hartmann6Value([0.3, 0.2, 0.5, 0.3, 0.3, 0.6]);
  assert.deepEqual(h.evaluate(x), [f]);
  assert.ok(h.noise);
  const rng = new Rng(5);
  const draws = Array.from({ length: 20000 }, () => (h.evaluate(x, rng) as number[])[0] - f);
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length);
  close(mean, 0, 0.003, 'Hartmann6 noise mean');
  close(sd, 0.1, 0.002, 'Hartmann6 noise σ');

  const bc = createProblem('branin-currin-noisy');
  const y = { x1: 0.4, x2: 0.6 };
  const clean = createProblem('branin-currin').evaluate(y) as number[];
  assert.deepEqual(bc.evaluate(y), clean);
  const ratios = Array.from({ length: 20000 }, () => (bc.evaluate(y, rng) as number[]).map((v, k) => v / clean[k] - 1));
  for (const k of [0, 1]) {
    const r = ratios.map((q) => q[k]);
    const m = r.reduce((a, b) => a + b, 0) / r.length;
    close(Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length), 0.02, 0.0005, `BraninCurrin objective ${k} relative σ`);
  }
  // The two objectives draw independent noise.
  const cov = ratios.reduce((a, q) => a + q[0] * q[1], 0) / ratios.length;
  close(cov / 0.02 ** 2, 0, 0.05, 'correlation of the two objectives\' noise');
});
