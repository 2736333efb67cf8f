import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundsError, minimizeBounded, type Objective } from '../../../src/core/lbfgsb.js';

// Extended Rosenbrock: Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1).
const rosenbrock: Objective = (x, g) => {
  const n = x.length;
  let f = 0;
  g.fill(0);
  for (let i = 0; i < n - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * a * x[i] - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
};

const box = (n: number, lo: number, hi: number) => [new Array<number>(n).fill(lo), new Array<number>(n).fill(hi)] as const;

test('Rosenbrock 2-D from the classic start (−1.2, 1) reaches (1, 1)', () => {
  const [lo, hi] = box(2, -10, 10);
  const r = minimizeBounded(rosenbrock, [-1.2, 1], lo, hi, { maxIterations: 500 });
  assert.ok(r.converged, `stopped: ${r.reason}`);
  assert.ok(Math.abs(r.x[0] - 1) < 1e-5 && Math.abs(r.x[1] - 1) < 1e-5, `x = ${Array.from(r.x)}`);
  assert.ok(r.value < 1e-10);
});

test('Rosenbrock 10-D in a large box reaches (1, …, 1)', () => {
  const n = 10;
  const [lo, hi] = box(n, -5, 5);
  const x0 = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
  const r = minimizeBounded(rosenbrock, x0, lo, hi, { maxIterations: 1000 });
  assert.ok(r.converged, `stopped: ${r.reason}`);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(r.x[i] - 1) < 1e-4, `x[${i}] = ${r.x[i]}`);
});

test('box-constrained quadratic: minimum on the bounds satisfies the analytic KKT solution', () => {
  // f = ½ xᵀAx − bᵀx with A = [[2, 0.5, 0], [0.5, 1, 0], [0, 0, 3]], b = (−1, 3, 6), 0 <= x <= 1.
  // Unconstrained minimum A⁻¹b = (−10/7, 26/7, 2) lies outside the box. KKT: x0 = 0 with
  // ∂f/∂x0 = 0.5·x1 + 1 > 0; x2 = 1 with ∂f/∂x2 = 3 − 6 < 0; x1 free ⇒ x1 = 3 > 1 ⇒ x1 = 1 with
  // ∂f/∂x1 = 1 − 3 = −2 < 0. So x* = (0, 1, 1), f* = ½(1 + 3) − (3 + 6) = −7.
  const A = [[2, 0.5, 0], [0.5, 1, 0], [0, 0, 3]];
  const b = [-1, 3, 6];
  const f: Objective = (x, g) => {
    let v = 0;
    for (let i = 0; i < 3; i++) {
      let ax = 0;
      for (let j = 0; j < 3; j++) ax += A[i][j] * x[j];
      g[i] = ax - b[i];
      v += 0.5 * x[i] * ax - b[i] * x[i];
    }
    return v;
  };
  const r = minimizeBounded(f, [0.5, 0.5, 0.5], [0, 0, 0], [1, 1, 1]);
  assert.ok(r.converged, r.reason);
  assert.deepEqual(Array.from(r.x), [0, 1, 1]);
  assert.ok(Math.abs(r.value + 7) < 1e-12);
});

test('quadratic with an interior free coordinate and one active bound', () => {
  // f = (x0 − 2)² + (x1 − 0.3)² + x0·x1 on [0, 1]²: x0 = 1 (gradient 2(−1) + x1 < 0 pushes up),
  // then x1 minimises (x1 − 0.3)² + x1 ⇒ x1 = 0.3 − 0.5 < 0 ⇒ x1 = 0. Check: ∂f/∂x1 at (1, 0) = −0.6 + 1 > 0. ✓
  const f: Objective = (x, g) => {
    g[0] = 2 * (x[0] - 2) + x[1];
    g[1] = 2 * (x[1] - 0.3) + x[0];
    return (x[0] - 2) ** 2 + (x[1] - 0.3) ** 2 + x[0] * x[1];
  };
  const r = minimizeBounded(f, [0.2, 0.9], [0, 0], [1, 1]);
  assert.deepEqual(Array.from(r.x), [1, 0]);

  // Same (strictly convex) function on [−1, 2]²: the unconstrained minimum (7.4/3, −1.6/3) has
  // x0 > 2, so x0 = 2 and x1 solves 2(x1 − 0.3) + 2 = 0 ⇒ x1 = −0.7, interior; there
  // ∂f/∂x0 = 2(2 − 2) + x1 = −0.7 < 0 keeps x0 on its upper bound.
  const r2 = minimizeBounded(f, [0, 0], [-1, -1], [2, 2]);
  assert.equal(r2.x[0], 2);
  assert.ok(Math.abs(r2.x[1] + 0.7) < 1e-8, `x1 = ${r2.x[1]}`);
});

test('Beale function reaches its minimum (3, 0.5)', () => {
  const f: Objective = (p, g) => {
    const [x, y] = [p[0], p[1]];
    const t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y ** 3;
    g[0] = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y ** 3 - 1);
    g[1] = 2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y * y;
    return t1 * t1 + t2 * t2 + t3 * t3;
  };
  const r = minimizeBounded(f, [1, 1], [-4.5, -4.5], [4.5, 4.5], { maxIterations: 500 });
  assert.ok(r.converged, r.reason);
  assert.ok(Math.abs(r.x[0] - 3) < 1e-5 && Math.abs(r.x[1] - 0.5) < 1e-5, `x = ${Array.from(r.x)}`);
});

test('starting outside the box is projected in; fixed variables (lower = upper) stay put', () => {
  const f: Objective = (x, g) => {
    g[0] = 2 * (x[0] - 3);
    g[1] = 2 * (x[1] + 1);
    return (x[0] - 3) ** 2 + (x[1] + 1) ** 2;
  };
  const r = minimizeBounded(f, [10, 5], [0, 0.25], [5, 0.25]);
  assert.ok(Math.abs(r.x[0] - 3) < 1e-8);
  assert.equal(r.x[1], 0.25);
});

test('a non-finite region is backtracked out of; a non-finite start is reported', () => {
  // log barrier-like: f = x − log(x) is +∞ (NaN) for x <= 0; minimum at x = 1.
  const f: Objective = (x, g) => {
    g[0] = 1 - 1 / x[0];
    return x[0] > 0 ? x[0] - Math.log(x[0]) : NaN;
  };
  const r = minimizeBounded(f, [5], [-10], [10]);
  assert.ok(Math.abs(r.x[0] - 1) < 1e-6, `x = ${r.x[0]}`);
  const bad = minimizeBounded(f, [-1], [-10], [10]);
  assert.equal(bad.reason, 'nonFiniteStart');
  assert.equal(bad.converged, false);
});

test('budgets are respected and reported', () => {
  const [lo, hi] = box(2, -10, 10);
  const r = minimizeBounded(rosenbrock, [-1.2, 1], lo, hi, { maxIterations: 3 });
  assert.equal(r.reason, 'maxIterations');
  assert.equal(r.iterations, 3);
  assert.equal(r.converged, false);
  let calls = 0;
  const counted: Objective = (x, g) => { calls++; return rosenbrock(x, g); };
  const r2 = minimizeBounded(counted, [-1.2, 1], lo, hi, { maxEvaluations: 7 });
  assert.equal(r2.reason, 'maxEvaluations');
  assert.equal(calls, r2.evaluations);
  assert.ok(calls <= 7);
});

test('inconsistent bounds are a clear error', () => {
  assert.throws(() => minimizeBounded(rosenbrock, [0, 0], [0, 1], [1, 0]), BoundsError);
  assert.throws(() => minimizeBounded(rosenbrock, [0, 0], [0], [1]), /lengths/);
});
