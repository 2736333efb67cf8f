// Dense symmetric positive-definite linear algebra for the GP, on flat row-major Float64Arrays.
// The GP refactorises its covariance matrix hundreds of times per fit, so the hot paths avoid
// per-element method calls and allocations (the tests check it against ml-matrix). Every triangular
// solve in the GP goes through solveLower / solveLowerTransposed, or solveLowerInterleaved for the
// blocks of right-hand sides that prediction solves together.

export class NotPositiveDefiniteError extends Error {
  constructor(n: number, jitter: number) {
    super(`covariance matrix (${n}×${n}) is not positive definite even with jitter ${jitter.toExponential(1)}; check for NaN/Infinity in the inputs`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/**
 * In-place lower Cholesky factor of the symmetric matrix `a` (n×n, row-major; only the lower
 * triangle is read). On success the lower triangle holds L and the strict upper triangle is zeroed;
 * returns false (leaving `a` partly overwritten) when a pivot is not positive.
 * `jitter` is added to the diagonal as it is read, so a retry needs no copy of the original.
 */
export function choleskyInPlace(a: Float64Array, n: number, jitter = 0): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j] + jitter - dot(a, rj, a, rj, j);
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    const inv = 1 / ljj;
    // Rows below the diagonal, four at a time: each element of row j feeds four independent sums.
    let i = j + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      let s0 = a[r0 + j], s1 = a[r1 + j], s2 = a[r2 + j], s3 = a[r3 + j];
      for (let k = 0; k < j; k++) {
        const v = a[rj + k];
        s0 -= a[r0 + k] * v;
        s1 -= a[r1 + k] * v;
        s2 -= a[r2 + k] * v;
        s3 -= a[r3 + k] * v;
      }
      a[r0 + j] = s0 * inv;
      a[r1 + j] = s1 * inv;
      a[r2 + j] = s2 * inv;
      a[r3 + j] = s3 * inv;
    }
    for (; i < n; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j] - dot(a, ri, a, rj, j)) * inv;
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0;
  }
  return true;
}

/**
 * Σ_{k<len} x[xo+k]·y[yo+k] with four accumulators: the machine is bound by floating-point add
 * latency, and independent partial sums let consecutive multiply-adds overlap.
 */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += x[xo + k] * y[yo + k];
    s1 += x[xo + k + 1] * y[yo + k + 1];
    s2 += x[xo + k + 2] * y[yo + k + 2];
    s3 += x[xo + k + 3] * y[yo + k + 3];
  }
  for (; k < len; k++) s0 += x[xo + k] * y[yo + k];
  return s0 + s1 + s2 + s3;
}

export interface CholeskyFactor {
  /** Lower-triangular factor, n×n row-major, strict upper triangle zero. */
  readonly L: Float64Array;
  readonly n: number;
  /** Diagonal jitter that had to be added to make the matrix positive definite (0 if none). */
  readonly jitter: number;
}

export interface JitterOptions {
  /** First jitter as a fraction of the mean diagonal (default 1e-8); ×10 on each retry. */
  initialRelativeJitter?: number;
  /** Retries after the jitter-free attempt (default 6, i.e. up to 1e-3·mean(diag)). */
  maxRetries?: number;
}

/**
 * Cholesky factor of the symmetric matrix K (n×n row-major, lower triangle read). If K is not
 * numerically positive definite, adds jitter = 1e-8·mean(diag) to the diagonal, ×10 per retry,
 * and throws NotPositiveDefiniteError after `maxRetries`.
 * `work` (length n²) may be passed to avoid an allocation; it receives L.
 */
export function choleskyWithJitter(K: Float64Array, n: number, options: JitterOptions = {}, work?: Float64Array): CholeskyFactor {
  const L = work ?? new Float64Array(n * n);
  if (L.length < n * n) throw new RangeError(`work buffer has ${L.length} entries; needs ${n * n}`);
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += K[i * n + i];
  meanDiag = n > 0 ? meanDiag / n : 0;
  const retries = options.maxRetries ?? 6;
  let jitter = 0;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) jitter = attempt === 1 ? (options.initialRelativeJitter ?? 1e-8) * Math.abs(meanDiag) : jitter * 10;
    copyLower(K, L, n);
    if (choleskyInPlace(L, n, jitter)) return { L, n, jitter };
  }
  throw new NotPositiveDefiniteError(n, jitter);
}

function copyLower(src: Float64Array, dst: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const r = i * n;
    for (let k = 0; k <= i; k++) dst[r + k] = src[r + k];
  }
}

/** Solves L x = b (forward substitution). `out` may alias `b`. */
export function solveLower(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    const r = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[r + k] * out[k];
    out[i] = s / L[r + i];
  }
  return out;
}

/** Right-hand sides solveLowerInterleaved solves together. */
export const SOLVE_BLOCK = 8;

/**
 * In place: V ← L⁻¹V for SOLVE_BLOCK right-hand sides stored interleaved, V[i·SOLVE_BLOCK + b]
 * (the same substitution as solveLower, eight columns at once). The eight solves share each load of
 * L and their subtractions overlap instead of waiting on each other.
 */
export function solveLowerInterleaved(L: Float64Array, n: number, V: Float64Array): void {
  const B = SOLVE_BLOCK;
  for (let i = 0; i < n; i++) {
    const r = i * n;
    const o = i * B;
    let s0 = V[o], s1 = V[o + 1], s2 = V[o + 2], s3 = V[o + 3];
    let s4 = V[o + 4], s5 = V[o + 5], s6 = V[o + 6], s7 = V[o + 7];
    for (let k = 0; k < i; k++) {
      const l = L[r + k];
      const p = k * B;
      s0 -= l * V[p];
      s1 -= l * V[p + 1];
      s2 -= l * V[p + 2];
      s3 -= l * V[p + 3];
      s4 -= l * V[p + 4];
      s5 -= l * V[p + 5];
      s6 -= l * V[p + 6];
      s7 -= l * V[p + 7];
    }
    const inv = 1 / L[r + i];
    V[o] = s0 * inv;
    V[o + 1] = s1 * inv;
    V[o + 2] = s2 * inv;
    V[o + 3] = s3 * inv;
    V[o + 4] = s4 * inv;
    V[o + 5] = s5 * inv;
    V[o + 6] = s6 * inv;
    V[o + 7] = s7 * inv;
  }
}

/** Solves Lᵀ x = b (back substitution with the transpose of a lower factor). `out` may alias `b`. */
export function solveLowerTransposed(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  if (out !== b) for (let i = 0; i < n; i++) out[i] = b[i];
  // Column-oriented so that L is read row by row (contiguous).
  for (let i = n - 1; i >= 0; i--) {
    const r = i * n;
    const xi = out[i] / L[r + i];
    out[i] = xi;
    for (let k = 0; k < i; k++) out[k] -= L[r + k] * xi;
  }
  return out;
}

/** Solves (L Lᵀ) x = b. */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  solveLower(L, n, b, out);
  return solveLowerTransposed(L, n, out, out);
}

/** log det(L Lᵀ) = 2 Σ log L_ii. */
export function logDetFromCholesky(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]);
  return 2 * s;
}

/**
 * (L Lᵀ)⁻¹ as a full symmetric n×n row-major matrix, about n³/3 multiply-adds. Builds U = L⁻ᵀ
 * (upper triangular; row i is column i of L⁻¹, the solution of L x = e_i), then
 * (K⁻¹)_ij = Σ_{k≥max(i,j)} U_ik U_jk. Both stages work on four rows at a time so that each
 * loaded element feeds four independent sums (the machine is bound by add latency, not loads).
 * `work` must hold n² + 4n entries.
 */
export function inverseFromCholesky(L: Float64Array, n: number, out: Float64Array = new Float64Array(n * n), work: Float64Array = new Float64Array(n * n + 4 * n)): Float64Array {
  if (work.length < n * n + 4 * n) throw new RangeError(`work buffer has ${work.length} entries; needs ${n * n + 4 * n}`);
  const U = work;
  const X = work.subarray(n * n, n * n + 4 * n); // four solutions, interleaved: X[m·4 + b]
  for (let i0 = 0; i0 < n; i0 += 4) {
    for (let m = i0; m < n; m++) {
      const r = m * n;
      let s0 = m === i0 ? 1 : 0, s1 = m === i0 + 1 ? 1 : 0, s2 = m === i0 + 2 ? 1 : 0, s3 = m === i0 + 3 ? 1 : 0;
      for (let p = i0; p < m; p++) {
        const l = L[r + p];
        const q = p * 4;
        s0 -= l * X[q];
        s1 -= l * X[q + 1];
        s2 -= l * X[q + 2];
        s3 -= l * X[q + 3];
      }
      const inv = 1 / L[r + m];
      const q = m * 4;
      X[q] = s0 * inv;
      X[q + 1] = s1 * inv;
      X[q + 2] = s2 * inv;
      X[q + 3] = s3 * inv;
    }
    for (let b = 0; b < 4 && i0 + b < n; b++) {
      const ri = (i0 + b) * n;
      for (let m = 0; m < i0 + b; m++) U[ri + m] = 0;
      for (let m = i0 + b; m < n; m++) U[ri + m] = X[m * 4 + b];
    }
  }
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let i = 0;
    for (; i + 3 <= j; i += 4) {
      const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = j; k < n; k++) {
        const u = U[rj + k];
        s0 += U[r0 + k] * u;
        s1 += U[r1 + k] * u;
        s2 += U[r2 + k] * u;
        s3 += U[r3 + k] * u;
      }
      out[r0 + j] = s0;
      out[r1 + j] = s1;
      out[r2 + j] = s2;
      out[r3 + j] = s3;
      out[rj + i] = s0;
      out[rj + i + 1] = s1;
      out[rj + i + 2] = s2;
      out[rj + i + 3] = s3;
    }
    for (; i <= j; i++) {
      const v = dot(U, i * n + j, U, rj + j, n - j);
      out[i * n + j] = v;
      out[rj + i] = v;
    }
  }
  return out;
}

/**
 * Extends the Cholesky factor of K (n×n) to that of [[K, B], [Bᵀ, C]] where `cross` is Bᵀ
 * (m×n row-major) and `corner` is C (m×m row-major): O(n²m + m³) instead of refactorising.
 * Jitter on the new corner block follows the same schedule as choleskyWithJitter.
 */
export function extendCholesky(factor: CholeskyFactor, cross: Float64Array, corner: Float64Array, m: number, options: JitterOptions = {}): CholeskyFactor {
  const { L, n } = factor;
  const N = n + m;
  const out = new Float64Array(N * N);
  for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) out[i * N + k] = L[i * n + k];
  // Rows below: solve L Xᵀ = B, i.e. each new row r_j solves L r_j = (Bᵀ)_j.
  const row = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    solveLower(L, n, cross.subarray(j * n, (j + 1) * n), row);
    out.set(row, (n + j) * N);
  }
  // Schur complement S = C − X Xᵀ, factorised with jitter.
  const S = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const ra = (n + a) * N;
    for (let b = 0; b <= a; b++) {
      const rb = (n + b) * N;
      let s = corner[a * m + b];
      for (let k = 0; k < n; k++) s -= out[ra + k] * out[rb + k];
      S[a * m + b] = s;
      S[b * m + a] = s;
    }
  }
  const small = choleskyWithJitter(S, m, options);
  for (let a = 0; a < m; a++) for (let b = 0; b <= a; b++) out[(n + a) * N + n + b] = small.L[a * m + b];
  return { L: out, n: N, jitter: Math.max(factor.jitter, small.jitter) };
}
