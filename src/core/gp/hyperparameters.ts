// The GP's hyper-parameter vector θ, its bounds, its priors and its starting points.
//
// Layout (all on the log scale, so the optimiser works on an unconstrained-looking, well-scaled box):
//   θ[0 .. d−1]        log ℓ_i        ARD lengthscales of the Matérn-5/2 kernel
//   θ[d]               log σ²         signal variance
//   θ[d+1]             log ν          noise variance (model space, i.e. relative to standardised y)
//   θ[d+2 .. 2d+1]     log a_i        Kumaraswamy warping (present only when warping is on)
//   θ[2d+2 .. 3d+1]    log b_i
//
// Priors (independent normals on the log scale; the GP maximises log p(y|θ) + log p(θ)):
//   log ℓ_i ~ N(log 0.5, 1): inputs live in [0, 1]^d and a typical lengthscale of half the
//       range is the usual unit-cube default; sd 1 (a factor e either way at 1σ) lets the data
//       move it. Measured on the optimiser benchmark (Hartmann6, 30 evaluations, 20 seeds, median
//       regret): medians 0.35 / 0.5 / 0.7 gave 0.27 / 0.25 / 0.42. The dimension-scaled log-normal
//       prior of Hvarfner et al. (ICML 2024, BoTorch's default: ℓ ~ LogNormal(√2 + log(d)/2, √3),
//       whose density in log ℓ puts the MAP mode at 0.5 for d = 6, only wider) was worse in SCOOT:
//       seeds 0–59, 0.148 (p75 0.38) against 0.129 (p75 0.19) with this prior, and without the
//       Jacobian (median ℓ ≈ 10 at d = 6) 1.51 — at this budget short lengthscales win.
//   log σ² ~ N(0, 1.5²): y is standardised, so the signal variance is near 1 unless the
//       lengthscales are long compared with the data's spread.
//   log ν ~ N(log 1e-3, 2²), ν >= 1e-6: performance measurements are noisy but most of their
//       variation is signal; the prior prefers small noise (a near-interpolating model, which
//       is what finding a minimum needs) without forcing it, and the floor keeps K well
//       conditioned. (Centres 1e-5 and 1e-2 made no measurable difference on the benchmark.)
//   log a_i, log b_i ~ N(0, 0.75²) as in HEBO: identity warping unless the data ask for more.
// Bounds: ℓ ∈ [0.01, 100] (100 ≈ "irrelevant input" for [0, 1]); σ² ∈ [0.01, 100];
//   ν ∈ [1e-6, 1]; a, b ∈ [1/8, 8] (≈ 2.8 prior sd); unwarped (categorical) dims fix a = b = 1.

import type { Rng } from '../rng.js';

export interface HyperLayout {
  readonly dim: number;
  readonly warp: boolean;
  /** Per dimension: true if it is warped (ignored when warp is false). */
  readonly warpMask: readonly boolean[];
}

export interface NormalPrior {
  mean: number;
  sd: number;
}

export interface GpPriors {
  logLengthscale: NormalPrior;
  logSignalVariance: NormalPrior;
  logNoiseVariance: NormalPrior;
  logWarp: NormalPrior;
}

export const NOISE_FLOOR = 1e-6;

export const BOUNDS = {
  logLengthscale: [Math.log(0.01), Math.log(100)],
  logSignalVariance: [Math.log(0.01), Math.log(100)],
  logNoiseVariance: [Math.log(NOISE_FLOOR), 0],
  logWarp: [-Math.log(8), Math.log(8)],
} as const;

/** Median of the lengthscale prior in the unit cube (see the header for why it does not grow with d). */
export const LENGTHSCALE_PRIOR_MEDIAN = 0.5;

export function defaultPriors(_dim: number): GpPriors {
  return {
    logLengthscale: { mean: Math.log(LENGTHSCALE_PRIOR_MEDIAN), sd: 1 },
    logSignalVariance: { mean: 0, sd: 1.5 },
    logNoiseVariance: { mean: Math.log(1e-3), sd: 2 },
    logWarp: { mean: 0, sd: 0.75 },
  };
}

export function thetaLength(dim: number, warp: boolean): number {
  return warp ? 3 * dim + 2 : dim + 2;
}

export const thetaIndex = {
  lengthscale: (_layout: HyperLayout, i: number) => i,
  signal: (layout: HyperLayout) => layout.dim,
  noise: (layout: HyperLayout) => layout.dim + 1,
  warpA: (layout: HyperLayout, i: number) => layout.dim + 2 + i,
  warpB: (layout: HyperLayout, i: number) => 2 * layout.dim + 2 + i,
};

export interface DecodedHyperparameters {
  lengthscales: Float64Array;
  signalVariance: number;
  noiseVariance: number;
  /** Kumaraswamy a, b per dimension (all 1 when warping is off or the dimension is unwarped). */
  warpA: Float64Array;
  warpB: Float64Array;
}

export function decodeTheta(theta: ArrayLike<number>, layout: HyperLayout): DecodedHyperparameters {
  const d = layout.dim;
  const lengthscales = new Float64Array(d);
  const warpA = new Float64Array(d).fill(1);
  const warpB = new Float64Array(d).fill(1);
  for (let i = 0; i < d; i++) {
    lengthscales[i] = Math.exp(theta[i]);
    if (layout.warp && layout.warpMask[i]) {
      warpA[i] = Math.exp(theta[thetaIndex.warpA(layout, i)]);
      warpB[i] = Math.exp(theta[thetaIndex.warpB(layout, i)]);
    }
  }
  return { lengthscales, signalVariance: Math.exp(theta[d]), noiseVariance: Math.exp(theta[d + 1]), warpA, warpB };
}

/** θ from natural-scale values (the inverse of decodeTheta). */
export function encodeTheta(h: { lengthscales: ArrayLike<number>; signalVariance: number; noiseVariance: number; warpA?: ArrayLike<number>; warpB?: ArrayLike<number> }, layout: HyperLayout): Float64Array {
  const d = layout.dim;
  const theta = new Float64Array(thetaLength(d, layout.warp));
  for (let i = 0; i < d; i++) theta[i] = Math.log(h.lengthscales[i]);
  theta[d] = Math.log(h.signalVariance);
  theta[d + 1] = Math.log(h.noiseVariance);
  if (layout.warp) {
    for (let i = 0; i < d; i++) {
      theta[thetaIndex.warpA(layout, i)] = layout.warpMask[i] ? Math.log(h.warpA?.[i] ?? 1) : 0;
      theta[thetaIndex.warpB(layout, i)] = layout.warpMask[i] ? Math.log(h.warpB?.[i] ?? 1) : 0;
    }
  }
  return theta;
}

export function thetaBounds(layout: HyperLayout): { lower: Float64Array; upper: Float64Array } {
  const n = thetaLength(layout.dim, layout.warp);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const set = (k: number, [lo, hi]: readonly [number, number]) => {
    lower[k] = lo;
    upper[k] = hi;
  };
  for (let i = 0; i < layout.dim; i++) set(i, BOUNDS.logLengthscale);
  set(layout.dim, BOUNDS.logSignalVariance);
  set(layout.dim + 1, BOUNDS.logNoiseVariance);
  if (layout.warp) {
    for (let i = 0; i < layout.dim; i++) {
      const b = layout.warpMask[i] ? BOUNDS.logWarp : ([0, 0] as const);
      set(thetaIndex.warpA(layout, i), b);
      set(thetaIndex.warpB(layout, i), b);
    }
  }
  return { lower, upper };
}

function priorOf(k: number, layout: HyperLayout, priors: GpPriors): NormalPrior | undefined {
  const d = layout.dim;
  if (k < d) return priors.logLengthscale;
  if (k === d) return priors.logSignalVariance;
  if (k === d + 1) return priors.logNoiseVariance;
  const i = (k - d - 2) % d;
  return layout.warpMask[i] ? priors.logWarp : undefined; // unwarped dims are fixed: no prior term
}

/** Σ log N(θ_k; μ_k, s_k²) (normalising constants dropped); adds its gradient into `grad` if given. */
export function logPrior(theta: ArrayLike<number>, layout: HyperLayout, priors: GpPriors, grad?: Float64Array): number {
  let lp = 0;
  for (let k = 0; k < theta.length; k++) {
    const p = priorOf(k, layout, priors);
    if (!p) continue;
    const z = (theta[k] - p.mean) / p.sd;
    lp -= 0.5 * z * z;
    if (grad) grad[k] -= z / p.sd;
  }
  return lp;
}

/** The prior medians, clamped to the bounds: the deterministic first start of every fit. */
export function priorMedianTheta(layout: HyperLayout, priors: GpPriors): Float64Array {
  const { lower, upper } = thetaBounds(layout);
  const theta = new Float64Array(lower.length);
  for (let k = 0; k < theta.length; k++) {
    const p = priorOf(k, layout, priors);
    theta[k] = Math.min(upper[k], Math.max(lower[k], p ? p.mean : 0));
  }
  return theta;
}

/**
 * A random start: lengthscales and noise from their priors, σ² near 1, warping near identity
 * (starting far into the warping space mostly finds poor local optima), clamped to the bounds.
 */
export function sampleTheta(layout: HyperLayout, priors: GpPriors, rng: Rng): Float64Array {
  const { lower, upper } = thetaBounds(layout);
  const theta = new Float64Array(lower.length);
  for (let k = 0; k < theta.length; k++) {
    const p = priorOf(k, layout, priors);
    if (!p) continue;
    let v: number;
    if (k < layout.dim) v = p.mean + p.sd * rng.normal();
    else if (k === layout.dim) v = 0.5 * rng.normal();
    else if (k === layout.dim + 1) v = p.mean + 0.5 * p.sd * rng.normal();
    else v = 0.5 * p.sd * rng.normal();
    theta[k] = Math.min(upper[k], Math.max(lower[k], v));
  }
  return theta;
}
