import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import {
  NotPositiveDefiniteError, SOLVE_BLOCK, choleskySolve, choleskyWithJitter, extendCholesky,
  inverseFromCholesky, logDetFromCholesky, solveLower, solveLowerInterleaved, solveLowerTransposed,
  type CholeskyFactor, type JitterOptions,
} from '../../../src/core/gp/linalg.js';
import { Rng } from '../../../src/core/rng.js';

/** The same factorisation through ml-matrix (K symmetrised from its lower triangle); the reference implementation. */
function choleskyReference(K: Float64Array, n: number, options: JitterOptions = {}): CholeskyFactor {
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += K[i * n + i];
  meanDiag = n > 0 ? meanDiag / n : 0;
  const retries = options.maxRetries ?? 6;
  let jitter = 0;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) jitter = attempt === 1 ? (options.initialRelativeJitter ?? 1e-8) * Math.abs(meanDiag) : jitter * 10;
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k <= i; k++) {
        const v = K[i * n + k] + (i === k ? jitter : 0);
        m.set(i, k, v);
        m.set(k, i, v);
      }
    }
    const chol = new CholeskyDecomposition(m);
    if (chol.isPositiveDefinite()) {
      const L = new Float64Array(n * n);
      const lm = chol.lowerTriangularMatrix;
      for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) L[i * n + k] = lm.get(i, k);
      return { L, n, jitter };
    }
  }
  throw new NotPositiveDefiniteError(n, jitter);
}

/** A random SPD matrix A Aᵀ + n·I (row-major). */
function randomSpd(n: number, seed: number): Float64Array {
  const r = new Rng(seed);
  const A = Array.from({ length: n * n }, () => r.normal());
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? n : 0;
    for (let k = 0; k < n; k++) s += A[i * n + k] * A[j * n + k];
    K[i * n + j] = s;
  }
  return K;
}

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);

test('Cholesky of a hand-computed 3×3 matrix', () => {
  // [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = L Lᵀ with L = [[2,0,0],[6,1,0],[−8,5,3]] (textbook example).
  const K = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
  const { L, jitter } = choleskyWithJitter(K, 3);
  assert.equal(jitter, 0);
  assert.deepEqual(Array.from(L), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  close(logDetFromCholesky(L, 3), Math.log(36), 1e-14, 'log det'); // det K = det(L)² = (2·1·3)²
});

test('flat Cholesky agrees with ml-matrix CholeskyDecomposition on random SPD matrices', () => {
  for (const n of [1, 5, 40]) {
    const K = randomSpd(n, n);
    const ours = choleskyWithJitter(K, n).L;
    const ref = choleskyReference(K, n).L;
    for (let i = 0; i < n * n; i++) close(ours[i], ref[i], 1e-10, `L[${i}] (n=${n})`);
  }
});

test('triangular solves, SPD solve and inverse reproduce the identity', () => {
  const n = 30;
  const K = randomSpd(n, 3);
  const { L } = choleskyWithJitter(K, n);
  const r = new Rng(9);
  const b = Float64Array.from({ length: n }, () => r.normal());
  const z = solveLower(L, n, b);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += L[i * n + k] * z[k];
    close(s, b[i], 1e-10, `L z = b at ${i}`);
  }
  const w = solveLowerTransposed(L, n, b);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = i; k < n; k++) s += L[k * n + i] * w[k];
    close(s, b[i], 1e-10, `Lᵀ w = b at ${i}`);
  }
  const x = choleskySolve(L, n, b);
  const Kinv = inverseFromCholesky(L, n);
  for (let i = 0; i < n; i++) {
    let s = 0, t = 0;
    for (let k = 0; k < n; k++) {
      s += K[i * n + k] * x[k];
      t += Kinv[i * n + k] * b[k];
    }
    close(s, b[i], 1e-9, `K x = b at ${i}`);
    close(t, x[i], 1e-9, `K⁻¹b = x at ${i}`);
    for (let j = 0; j < n; j++) {
      let e = 0;
      for (let k = 0; k < n; k++) e += K[i * n + k] * Kinv[k * n + j];
      assert.ok(Math.abs(e - (i === j ? 1 : 0)) < 1e-9, `K K⁻¹ at (${i}, ${j}) = ${e}`);
    }
  }
  // In-place aliasing is allowed.
  const y = Float64Array.from(b);
  choleskySolve(L, n, y, y);
  for (let i = 0; i < n; i++) close(y[i], x[i], 1e-12, 'aliased solve');
});

test('a singular matrix gets jitter 1e-8·mean(diag) growing ×10; a hopeless one throws a clear error', () => {
  // Rank-1 matrix v vᵀ with v = (1, 2, 3): needs jitter; mean diagonal = 14/3.
  const v = [1, 2, 3];
  const K = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) K[i * 3 + j] = v[i] * v[j];
  const { L, jitter } = choleskyWithJitter(K, 3);
  assert.ok(jitter > 0);
  const steps = Math.log10(jitter / (1e-8 * 14 / 3));
  assert.ok(Math.abs(steps - Math.round(steps)) < 1e-9, `jitter ${jitter} is not 1e-8·mean(diag)·10^k`);
  // L Lᵀ reproduces K + jitter·I.
  for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) {
    let s = 0;
    for (let k = 0; k <= j; k++) s += L[i * 3 + k] * L[j * 3 + k];
    close(s, K[i * 3 + j] + (i === j ? jitter : 0), 1e-12, `LLᵀ (${i},${j})`);
  }
  const ref = choleskyReference(K, 3);
  assert.equal(ref.jitter, jitter);

  const indefinite = Float64Array.from([1, 0, 0, -1]);
  assert.throws(() => choleskyWithJitter(indefinite, 2), NotPositiveDefiniteError);
  assert.throws(() => choleskyWithJitter(Float64Array.from([NaN]), 1), /not positive definite/);
});

test('extending a factor by a block equals factorising the bordered matrix', () => {
  const N = 12, n = 9, m = N - n;
  const K = randomSpd(N, 5);
  const small = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) small[i * n + j] = K[i * N + j];
  const cross = new Float64Array(m * n);
  const corner = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let j = 0; j < n; j++) cross[a * n + j] = K[(n + a) * N + j];
    for (let b = 0; b < m; b++) corner[a * m + b] = K[(n + a) * N + n + b];
  }
  const extended = extendCholesky(choleskyWithJitter(small, n), cross, corner, m);
  const direct = choleskyWithJitter(K, N);
  assert.equal(extended.n, N);
  for (let i = 0; i < N * N; i++) close(extended.L[i], direct.L[i], 1e-10, `L[${i}]`);
});

test('inverse for every size around the four-row blocking (n = 1 … 9)', () => {
  for (let n = 1; n <= 9; n++) {
    const K = randomSpd(n, 20 + n);
    const Kinv = inverseFromCholesky(choleskyWithJitter(K, n).L, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let e = 0;
      for (let k = 0; k < n; k++) e += K[i * n + k] * Kinv[k * n + j];
      assert.ok(Math.abs(e - (i === j ? 1 : 0)) < 1e-10, `n=${n}: (K K⁻¹)[${i},${j}] = ${e}`);
      assert.equal(Kinv[i * n + j], Kinv[j * n + i]);
    }
  }
});

test('solveLowerInterleaved solves its eight columns exactly as solveLower solves each alone', () => {
  const n = 13;
  const { L } = choleskyWithJitter(randomSpd(n, 11), n);
  const r = new Rng(12);
  const columns = Array.from({ length: SOLVE_BLOCK }, () => Array.from({ length: n }, () => r.normal()));
  const V = new Float64Array(n * SOLVE_BLOCK);
  columns.forEach((c, b) => c.forEach((v, i) => (V[i * SOLVE_BLOCK + b] = v)));
  solveLowerInterleaved(L, n, V);
  columns.forEach((c, b) => {
    const x = solveLower(L, n, c);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(V[i * SOLVE_BLOCK + b] - x[i]) <= 1e-12 * (1 + Math.abs(x[i])), `column ${b}, row ${i}`);
  });
});
