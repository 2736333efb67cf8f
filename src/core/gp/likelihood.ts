// log p(y | X, θ) of a zero-mean GP with the warped ARD Matérn-5/2 kernel, and its gradient in θ.
//
//   log p = −½ yᵀα − Σ log L_ii − (n/2) log 2π,  K = L Lᵀ,  α = K⁻¹y,
//   ∂ log p/∂θ_j = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_j).
// Every ∂K/∂θ_j is a function of each pair's r², so one pass over the pairs accumulates all
// 3d + 2 derivatives in O(n²d) after the O(n³) factorisation and inverse. All buffers are
// allocated once per data set and reused, because the optimiser calls this hundreds of times.

import type { HyperLayout } from './hyperparameters.js';
import { matern52, matern52DerivR2 } from './kernel.js';
import { choleskyWithJitter, inverseFromCholesky, NotPositiveDefiniteError, solveLower, solveLowerTransposed } from './linalg.js';
import { WARP_EPSILON } from './warping.js';

const LOG_2PI = Math.log(2 * Math.PI);

export class MarginalLikelihood {
  readonly n: number;
  readonly dim: number;
  /** Jitter the last factorisation needed on top of the noise (0 normally). */
  lastJitter = 0;
  // Per-input quantities are stored dimension-major (index j·n + i) so that the gradient's
  // per-dimension pair sums read contiguous memory; `scaled` is also kept point-major for r².
  private readonly logX: Float64Array; // log of the clamped inputs, fixed for the data set
  private readonly scaledT: Float64Array; // warped inputs / ℓ, dimension-major
  private readonly dAT: Float64Array; // ∂w/∂log a / ℓ
  private readonly dBT: Float64Array; // ∂w/∂log b / ℓ
  private readonly scaled: Float64Array; // warped inputs / ℓ, point-major
  private readonly K: Float64Array; // kernel (lower triangle) with K + νI on the diagonal
  private readonly dK: Float64Array; // dk/dr² per pair, then (ααᵀ − K⁻¹) ∘ dk/dr²
  private readonly L: Float64Array;
  private readonly Kinv: Float64Array;
  private readonly work: Float64Array;
  private readonly alpha: Float64Array;

  /**
   * @param X training inputs, n×d row-major in [0, 1]
   * @param y training targets in model space
   */
  constructor(private readonly X: Float64Array, private readonly y: Float64Array, private readonly layout: HyperLayout) {
    const d = layout.dim;
    const n = y.length;
    if (X.length !== n * d) throw new RangeError(`X has ${X.length} entries; expected ${n}×${d}`);
    this.n = n;
    this.dim = d;
    this.logX = new Float64Array(n * d);
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) this.logX[j * n + i] = Math.log(clampUnit(X[i * d + j]));
    this.scaledT = new Float64Array(n * d);
    this.dAT = new Float64Array(n * d);
    this.dBT = new Float64Array(n * d);
    this.scaled = new Float64Array(n * d);
    this.K = new Float64Array(n * n);
    this.dK = new Float64Array(n * n);
    this.L = new Float64Array(n * n);
    this.Kinv = new Float64Array(n * n);
    this.work = new Float64Array(n * n + 4 * n);
    this.alpha = new Float64Array(n);
  }

  /**
   * log p(y | θ). When `grad` is given it receives ∂ log p/∂θ (overwritten). Returns −Infinity
   * (gradient zeroed) if K cannot be factorised even with jitter.
   */
  evaluate(theta: ArrayLike<number>, grad?: Float64Array): number {
    const { n, dim: d, layout, X, logX } = this;
    const { scaledT, dAT, dBT, scaled, K, dK } = this;
    const warp = layout.warp;
    const signal = Math.exp(theta[d]);
    const noise = Math.exp(theta[d + 1]);

    // Inputs: warp (w = 1 − (1 − x^a)^b, see warping.ts), then divide by the lengthscales.
    for (let j = 0; j < d; j++) {
      const invL = Math.exp(-theta[j]);
      const on = warp && layout.warpMask[j];
      const o = j * n;
      if (!on) {
        for (let i = 0; i < n; i++) {
          scaledT[o + i] = X[i * d + j] * invL;
          dAT[o + i] = 0;
          dBT[o + i] = 0;
        }
        continue;
      }
      const a = Math.exp(theta[d + 2 + j]);
      const b = Math.exp(theta[2 * d + 2 + j]);
      // At a = b = 1 the warping is the identity: use x itself (as the GP's predictions do), so
      // the clamp to [1e-6, 1 − 1e-6] does not perturb unwarped fits; the derivatives still count.
      const identity = a === 1 && b === 1;
      for (let i = 0; i < n; i++) {
        const lx = logX[o + i];
        const u = Math.exp(a * lx);
        const oneMinusU = u < 0.5 ? 1 - u : -Math.expm1(a * lx);
        const l1 = Math.log(oneMinusU);
        const pow = Math.exp(b * l1);
        scaledT[o + i] = (identity ? X[i * d + j] : 1 - pow) * invL;
        dAT[o + i] = ((a * b * pow * u * lx) / oneMinusU) * invL;
        dBT[o + i] = -b * pow * l1 * invL;
      }
    }
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) scaled[i * d + j] = scaledT[j * n + i];

    // Kernel matrix (lower triangle) and dk/dr² per pair.
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      const zi = i * d;
      for (let k = 0; k < i; k++) {
        const zk = k * d;
        let r2a = 0, r2b = 0;
        let j = 0;
        for (; j + 1 < d; j += 2) {
          const t = scaled[zi + j] - scaled[zk + j];
          const u = scaled[zi + j + 1] - scaled[zk + j + 1];
          r2a += t * t;
          r2b += u * u;
        }
        if (j < d) {
          const t = scaled[zi + j] - scaled[zk + j];
          r2a += t * t;
        }
        const r2 = r2a + r2b;
        K[ri + k] = matern52(r2, signal);
        dK[ri + k] = matern52DerivR2(r2, signal);
      }
      K[ri + i] = signal + noise;
    }

    let factor;
    try {
      factor = choleskyWithJitter(K, n, {}, this.L);
    } catch (e) {
      if (!(e instanceof NotPositiveDefiniteError)) throw e;
      if (grad) grad.fill(0);
      return -Infinity;
    }
    this.lastJitter = factor.jitter;
    const L = this.L;
    const alpha = this.alpha;
    // α = K⁻¹ y by forward then back substitution.
    solveLower(L, n, this.y, alpha);
    solveLowerTransposed(L, n, alpha, alpha);
    let logDetHalf = 0;
    for (let i = n - 1; i >= 0; i--) logDetHalf += Math.log(L[i * n + i]);
    let yAlpha = 0;
    for (let i = 0; i < n; i++) yAlpha += this.y[i] * alpha[i];
    const lml = -0.5 * yAlpha - logDetHalf - 0.5 * n * LOG_2PI;
    if (!grad) return lml;

    // W = ααᵀ − K⁻¹. ½·tr(W ∂K/∂θ) over ordered pairs = the sum over unordered pairs i > k
    // (plus the diagonal, which only σ² and ν touch). G = W ∘ dk/dr² replaces dK in place.
    const Kinv = inverseFromCholesky(L, n, this.Kinv, this.work);
    let traceW = 0;
    for (let i = 0; i < n; i++) traceW += alpha[i] * alpha[i] - Kinv[i * n + i];
    let gSignal = 0.5 * traceW * signal;
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      const ai = alpha[i];
      for (let k = 0; k < i; k++) {
        const w = ai * alpha[k] - Kinv[ri + k];
        gSignal += w * K[ri + k]; // off-diagonal K is the kernel alone: ∂K/∂log σ² = K
        dK[ri + k] *= w;
      }
    }
    // ∂r²/∂log ℓ_j = −2 Δz_j²;  ∂r²/∂log a_j = 2 Δz_j · Δ(∂w/∂log a)_j / ℓ_j (likewise b).
    for (let j = 0; j < d; j++) {
      const o = j * n;
      const on = warp && layout.warpMask[j];
      let sl = 0, sa = 0, sb = 0;
      for (let i = 1; i < n; i++) {
        const ri = i * n;
        const zi = scaledT[o + i];
        if (on) {
          const ai = dAT[o + i], bi = dBT[o + i];
          for (let k = 0; k < i; k++) {
            const dz = zi - scaledT[o + k];
            const c = dK[ri + k] * dz;
            sl += c * dz;
            sa += c * (ai - dAT[o + k]);
            sb += c * (bi - dBT[o + k]);
          }
        } else {
          for (let k = 0; k < i; k++) {
            const dz = zi - scaledT[o + k];
            sl += dK[ri + k] * dz * dz;
          }
        }
      }
      grad[j] = -2 * sl;
      if (warp) {
        grad[d + 2 + j] = on ? 2 * sa : 0;
        grad[2 * d + 2 + j] = on ? 2 * sb : 0;
      }
    }
    grad[d] = gSignal;
    grad[d + 1] = 0.5 * traceW * noise;
    return lml;
  }
}

function clampUnit(x: number): number {
  return x < WARP_EPSILON ? WARP_EPSILON : x > 1 - WARP_EPSILON ? 1 - WARP_EPSILON : x;
}
