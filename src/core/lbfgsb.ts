// Bounded limited-memory BFGS: minimise a smooth f over a box l <= x <= u.
//
// Choice: projected L-BFGS with an active set, not the full L-BFGS-B of Byrd, Lu, Nocedal & Zhu
// (generalised Cauchy point + subspace minimisation). Each iteration
//   1. fixes the variables that sit on a bound with the gradient pushing outwards (the active set),
//   2. takes the L-BFGS two-loop direction on the remaining free variables (curvature pairs
//      restricted to those coordinates; pairs with non-positive curvature there are skipped),
//   3. searches along the projected path P(x + t·d) with Armijo backtracking (safeguarded quadratic
//      interpolation), which lets variables land on bounds mid-step.
// If the direction is not a descent direction or the line search fails, the memory is dropped
// and the step restarts from steepest descent. For our problems (GP hyper-parameters: tens of
// variables, few of them ending on a bound) this converges like L-BFGS-B at a fraction of the
// code, and the projected-gradient stopping test is the same KKT measure L-BFGS-B uses.

export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  /** Iterations (accepted steps); default 200. */
  maxIterations?: number;
  /** Function/gradient evaluations; default 20·maxIterations. */
  maxEvaluations?: number;
  /** Stop when the projected gradient's max-norm is at most this; default 1e-6. */
  gradientTolerance?: number;
  /** Stop when a step lowers f by at most this × max(|f|, 1); default 1e-10. */
  functionTolerance?: number;
  /** Number of curvature pairs kept; default 10. */
  memory?: number;
}

export type StopReason = 'gradient' | 'function' | 'maxIterations' | 'maxEvaluations' | 'lineSearch' | 'nonFiniteStart';

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  /** True when a tolerance was met (gradient or function decrease), false when a budget ran out or f failed. */
  converged: boolean;
  reason: StopReason;
}

export class BoundsError extends Error {}

const ARMIJO_C1 = 1e-4;
const MAX_BACKTRACKS = 40;

export function minimizeBounded(
  f: Objective,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = x0.length;
  if (lower.length !== n || upper.length !== n) throw new BoundsError(`bounds have lengths ${lower.length}/${upper.length}; x0 has ${n}`);
  for (let i = 0; i < n; i++) {
    if (!(lower[i] <= upper[i])) throw new BoundsError(`bound ${i}: lower ${lower[i]} must be <= upper ${upper[i]}`);
  }
  const maxIterations = options.maxIterations ?? 200;
  const maxEvaluations = options.maxEvaluations ?? 20 * Math.max(maxIterations, 1);
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.functionTolerance ?? 1e-10;
  const m = Math.max(1, options.memory ?? 10);

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clamp(x0[i], lower[i], upper[i]);
  const g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  const result = (reason: StopReason, iterations: number): MinimizeResult => ({
    x, value: fx, gradient: g, iterations, evaluations,
    converged: reason === 'gradient' || reason === 'function', reason,
  });
  if (!Number.isFinite(fx) || !allFinite(g)) return result('nonFiniteStart', 0);

  // Ring buffer of curvature pairs.
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const alpha = new Float64Array(m);
  const rho = new Float64Array(m);
  const free = new Uint8Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);

  for (let iter = 0; iter < maxIterations; iter++) {
    // Projected gradient and active set.
    let pgNorm = 0;
    for (let i = 0; i < n; i++) {
      const atLower = x[i] <= lower[i] && g[i] > 0;
      const atUpper = x[i] >= upper[i] && g[i] < 0;
      const fixed = lower[i] === upper[i];
      free[i] = atLower || atUpper || fixed ? 0 : 1;
      if (free[i]) pgNorm = Math.max(pgNorm, Math.abs(g[i]));
    }
    if (pgNorm <= gtol) return result('gradient', iter);

    let usedMemory = computeDirection(g, free, S, Y, alpha, rho, d);
    let gd = 0;
    for (let i = 0; i < n; i++) gd += g[i] * d[i];
    if (!(gd < 0)) {
      S.length = 0;
      Y.length = 0;
      usedMemory = computeDirection(g, free, S, Y, alpha, rho, d);
      gd = 0;
      for (let i = 0; i < n; i++) gd += g[i] * d[i];
    }

    // Steepest-descent steps have no curvature scale: start from a unit-length move.
    let dNorm = 0;
    for (let i = 0; i < n; i++) dNorm = Math.max(dNorm, Math.abs(d[i]));
    let t = usedMemory ? 1 : Math.min(1, 1 / dNorm);

    let accepted = false;
    let fNew = Infinity;
    for (let bt = 0; bt < MAX_BACKTRACKS; bt++) {
      if (evaluations >= maxEvaluations) return result('maxEvaluations', iter);
      let decrease = 0; // g · (x(t) − x), the projected-path analogue of t·gd
      let moved = false;
      for (let i = 0; i < n; i++) {
        const xi = free[i] ? clamp(x[i] + t * d[i], lower[i], upper[i]) : x[i];
        xNew[i] = xi;
        decrease += g[i] * (xi - x[i]);
        if (xi !== x[i]) moved = true;
      }
      if (!moved) break;
      fNew = f(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && allFinite(gNew) && fNew <= fx + ARMIJO_C1 * decrease) {
        accepted = true;
        break;
      }
      // Safeguarded quadratic interpolation on φ(t) ≈ fx + gd·t + c·t² (unprojected slope).
      let tNext = 0.5 * t;
      if (Number.isFinite(fNew)) {
        const curvature = fNew - fx - gd * t;
        if (curvature > 0) tNext = (-gd * t * t) / (2 * curvature);
        tNext = Math.min(0.5 * t, Math.max(0.1 * t, tNext));
      } else {
        tNext = 0.1 * t;
      }
      t = tNext;
    }
    if (!accepted) {
      if (S.length > 0) {
        // The quasi-Newton model misled us: forget it and retry this iteration as steepest descent.
        S.length = 0;
        Y.length = 0;
        iter--;
        continue;
      }
      return result('lineSearch', iter);
    }

    // Curvature pair from the accepted step; skipped when sᵀy is not safely positive.
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    if (sy > 1e-10 * yy && sy > 0) {
      if (S.length === m) {
        S.shift();
        Y.shift();
      }
      S.push(s);
      Y.push(y);
    }
    const fOld = fx;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (fOld - fx <= ftol * Math.max(Math.abs(fOld), Math.abs(fx), 1)) return result('function', iter + 1);
  }
  return result('maxIterations', maxIterations);
}

/**
 * d = −H·g on the free coordinates (two-loop recursion over the stored pairs restricted to them),
 * d = 0 on the fixed ones. Returns whether any curvature pair was used.
 */
function computeDirection(
  g: Float64Array, free: Uint8Array, S: Float64Array[], Y: Float64Array[],
  alpha: Float64Array, rho: Float64Array, d: Float64Array,
): boolean {
  const n = g.length;
  for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
  const k = S.length;
  let gamma = 0;
  let used = false;
  for (let j = k - 1; j >= 0; j--) {
    const s = S[j], y = Y[j];
    let sy = 0, yy = 0;
    for (let i = 0; i < n; i++) {
      if (!free[i]) continue;
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    if (!(sy > 1e-12 * yy) || sy <= 0) {
      rho[j] = 0;
      continue;
    }
    rho[j] = 1 / sy;
    if (!used) {
      gamma = sy / yy; // scale of the initial Hessian from the newest usable pair
      used = true;
    }
    let a = 0;
    for (let i = 0; i < n; i++) if (free[i]) a += s[i] * d[i];
    a *= rho[j];
    alpha[j] = a;
    for (let i = 0; i < n; i++) if (free[i]) d[i] -= a * y[i];
  }
  if (!used) return false;
  for (let i = 0; i < n; i++) d[i] *= gamma;
  for (let j = 0; j < k; j++) {
    if (rho[j] === 0) continue;
    const s = S[j], y = Y[j];
    let b = 0;
    for (let i = 0; i < n; i++) if (free[i]) b += y[i] * d[i];
    b *= rho[j];
    const c = alpha[j] - b;
    for (let i = 0; i < n; i++) if (free[i]) d[i] += c * s[i];
  }
  return true;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}
