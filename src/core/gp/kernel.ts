// Matérn-5/2 kernel with automatic relevance determination (one lengthscale per input):
//   k(w, w') = σ² (1 + s + s²/3) e^{−s},  s = √5·r,  r² = Σ_i ((w_i − w'_i)/ℓ_i)².
// Written in terms of r² because every derivative the GP needs goes through it:
//   dk/dr² = −σ² (5/6) (1 + s) e^{−s}   (finite at r = 0, unlike dk/dr·dr/dr²),
//   ∂k/∂log ℓ_i = dk/dr² · (−2 (w_i − w'_i)² / ℓ_i²),  ∂k/∂log σ² = k,
//   ∂k/∂w_i = dk/dr² · 2 (w_i − w'_i) / ℓ_i²   (chained with the warping's derivatives).
// This file is the one place the formula is written: the GP's prediction and likelihood call
// matern52 / matern52DerivR2 on squared distances they accumulate over flat arrays themselves.
// The products are evaluated in one fixed order (σ²·poly·e^{−s}), so every caller gets bit-identical
// kernel values.

const SQRT5 = Math.sqrt(5);

/** Matérn-5/2 covariance σ²(1 + s + s²/3)e^{−s} at squared scaled distance r² (σ² = 1: the correlation). */
export function matern52(r2: number, variance = 1): number {
  const s = SQRT5 * Math.sqrt(r2);
  return variance * (1 + s + (s * s) / 3) * Math.exp(-s);
}

/** d/d(r²) of the Matérn-5/2 covariance: −σ²(5/6)(1 + s)e^{−s}. */
export function matern52DerivR2(r2: number, variance = 1): number {
  const s = SQRT5 * Math.sqrt(r2);
  return -((5 / 6) * variance) * (1 + s) * Math.exp(-s);
}

/** Squared scaled distance Σ ((a_i − b_i)/ℓ_i)². */
export function scaledDistance2(a: ArrayLike<number>, b: ArrayLike<number>, lengthscales: ArrayLike<number>): number {
  let r2 = 0;
  for (let i = 0; i < lengthscales.length; i++) {
    const t = (a[i] - b[i]) / lengthscales[i];
    r2 += t * t;
  }
  return r2;
}

/** k(a, b) for the ARD Matérn-5/2 with the given lengthscales and signal variance σ². */
export function matern52Ard(a: ArrayLike<number>, b: ArrayLike<number>, lengthscales: ArrayLike<number>, signalVariance: number): number {
  return matern52(scaledDistance2(a, b, lengthscales), signalVariance);
}

export interface Matern52Gradient {
  value: number;
  /** ∂k/∂log ℓ_i */
  dLogLengthscale: Float64Array;
  /** ∂k/∂log σ² */
  dLogSignalVariance: number;
  /** ∂k/∂a_i (gradient with respect to the first input; ∂k/∂b_i is its negative) */
  dInput: Float64Array;
}

/** k(a, b) with its derivatives with respect to log ℓ, log σ² and the first input. */
export function matern52ArdGradient(a: ArrayLike<number>, b: ArrayLike<number>, lengthscales: ArrayLike<number>, signalVariance: number): Matern52Gradient {
  const d = lengthscales.length;
  const r2 = scaledDistance2(a, b, lengthscales);
  const value = matern52(r2, signalVariance);
  const dr2 = matern52DerivR2(r2, signalVariance);
  const dLogLengthscale = new Float64Array(d);
  const dInput = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const l2 = lengthscales[i] * lengthscales[i];
    const delta = a[i] - b[i];
    dLogLengthscale[i] = (dr2 * -2 * delta * delta) / l2;
    dInput[i] = (dr2 * 2 * delta) / l2;
  }
  return { value, dLogLengthscale, dLogSignalVariance: value, dInput };
}
