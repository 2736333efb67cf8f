// Gaussian-process surrogate on output-transformed targets (model space) with a constant prior mean
// (priorMean: 0, the data's mean, or the worst observed value) and a Kumaraswamy-warped ARD
// Matérn-5/2 kernel (kernel.ts). GaussianProcess.fit chooses θ (fit.ts);
// this file is the posterior for a given θ: the Cholesky factor, predictions and conditioning.
//
// Inputs are unit-cube points (Space.encode). predict() returns the latent posterior in model
// space (noise excluded): acquisitions compare model-space values, mapped with toModel().

import { fitTheta, GpError, type GpFitOptions, type PriorMean } from './fit.js';
import { decodeTheta, defaultPriors, logPrior, thetaLength, type DecodedHyperparameters, type GpPriors, type HyperLayout } from './hyperparameters.js';
import { matern52 } from './kernel.js';
import { choleskyWithJitter, extendCholesky, SOLVE_BLOCK, solveLower, solveLowerInterleaved, solveLowerTransposed, type CholeskyFactor } from './linalg.js';
import { OutputTransform, type OutputTransformKind } from './output-transform.js';
import { kumaraswamy } from './warping.js';

export interface GpPrediction {
  mean: Float64Array;
  variance: Float64Array;
}

/** Smallest variance predict() returns (model space, where y has unit variance). */
export const MIN_VARIANCE = 1e-12;
const LOG_2PI = Math.log(2 * Math.PI);

interface Internals {
  X: Float64Array; // n×d unit-cube inputs
  n: number;
  layout: HyperLayout;
  theta: Float64Array;
  transform: OutputTransform;
  yModel: Float64Array;
  meanConstant: number;
  factor: CholeskyFactor;
  alpha: Float64Array;
  logMarginalLikelihood: number;
  priors: GpPriors;
  fitWarning?: string;
}

export class GaussianProcess {
  readonly n: number;
  readonly dim: number;
  readonly theta: Float64Array;
  readonly logMarginalLikelihood: number;
  readonly yModel: Float64Array;
  /** The constant prior mean in model space (0 for priorMean 'mean'). */
  readonly meanConstant: number;
  readonly hyperparameters: DecodedHyperparameters;
  readonly transform: OutputTransform;
  /** Whether θ carries warping parameters (warp true or 'auto'); see `warped` for whether they are used. */
  readonly warp: boolean;
  /** Set when fitting failed and θ fell back to the prior medians: the message to log. */
  readonly fitWarning?: string;
  private readonly X: Float64Array;
  private readonly layout: HyperLayout;
  private readonly factor: CholeskyFactor;
  private readonly alpha: Float64Array;
  private readonly priors: GpPriors;
  /** Training inputs warped and divided by the lengthscales, n×d. */
  private readonly scaled: Float64Array;
  private readonly invLengthscales: Float64Array;

  private constructor(s: Internals) {
    this.n = s.n;
    this.dim = s.layout.dim;
    this.X = s.X;
    this.layout = s.layout;
    this.warp = s.layout.warp;
    this.theta = s.theta;
    this.transform = s.transform;
    this.yModel = s.yModel;
    this.meanConstant = s.meanConstant;
    this.factor = s.factor;
    this.alpha = s.alpha;
    this.logMarginalLikelihood = s.logMarginalLikelihood;
    this.priors = s.priors;
    this.fitWarning = s.fitWarning;
    this.hyperparameters = decodeTheta(s.theta, s.layout);
    this.invLengthscales = Float64Array.from(this.hyperparameters.lengthscales, (l) => 1 / l);
    this.scaled = this.scaleInputs(s.X, s.n);
  }

  /**
   * Fits θ by maximising log p(y | θ) + log p(θ) from several starts (fit.ts). When no start gives a
   * finite value, θ falls back to the prior medians: `fitWarning` says so and options.onWarning hears it.
   */
  static fit(X: readonly (readonly number[])[], y: readonly number[], options: GpFitOptions = {}): GaussianProcess {
    const { Xf, n, layout } = prepareInputs(X, y, options);
    const transform = OutputTransform.fit(y, options.outputTransform ?? 'auto');
    const yModel = transform.forwardAll(y);
    const meanConstant = priorMeanConstant(yModel, options.priorMean);
    const priors = options.priors ?? defaultPriors(layout.dim);
    const { theta, fallback } = fitTheta(Xf, yModel.map((v) => v - meanConstant), layout, priors, options);
    if (fallback) options.onWarning?.(fallback);
    return GaussianProcess.build(Xf, n, layout, theta, transform, yModel, meanConstant, priors, fallback);
  }

  /**
   * A GP with given hyper-parameters (no fitting): θ in the layout of hyperparameters.ts
   * (encodeTheta builds it from natural values). The output transform is still fitted to y.
   */
  static withHyperparameters(
    X: readonly (readonly number[])[], y: readonly number[], theta: ArrayLike<number>,
    options: { warp?: boolean; outputTransform?: OutputTransformKind; categorical?: readonly boolean[]; priorMean?: PriorMean } = {},
  ): GaussianProcess {
    const { Xf, n, layout } = prepareInputs(X, y, options);
    if (theta.length !== thetaLength(layout.dim, layout.warp))
      throw new GpError(`θ has ${theta.length} entries; d = ${layout.dim} with warp=${layout.warp} needs ${thetaLength(layout.dim, layout.warp)}`);
    const transform = OutputTransform.fit(y, options.outputTransform ?? 'standardize');
    const yModel = transform.forwardAll(y);
    return GaussianProcess.build(Xf, n, layout, Float64Array.from(theta), transform, yModel, priorMeanConstant(yModel, options.priorMean), defaultPriors(layout.dim));
  }

  private static build(X: Float64Array, n: number, layout: HyperLayout, theta: Float64Array, transform: OutputTransform, yModel: Float64Array, meanConstant: number, priors: GpPriors, fitWarning?: string): GaussianProcess {
    const h = decodeTheta(theta, layout);
    const invL = Float64Array.from(h.lengthscales, (l) => 1 / l);
    const scaled = scaleInputs(X, n, layout, h, invL);
    const K = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < i; k++) K[i * n + k] = kernelScaled(scaled, i, scaled, k, layout.dim, h.signalVariance);
      K[i * n + i] = h.signalVariance + h.noiseVariance;
    }
    const factor = choleskyWithJitter(K, n);
    const { alpha, lml } = solveAndLikelihood(factor, yModel.map((v) => v - meanConstant));
    return new GaussianProcess({ X, n, layout, theta, transform, yModel, meanConstant, factor, alpha, logMarginalLikelihood: lml, priors, fitWarning });
  }

  /** Whether any input dimension is actually warped (false when 'auto' kept the identity). */
  get warped(): boolean {
    for (let j = 0; j < this.dim; j++) if (isWarped(this.layout, this.hyperparameters, j)) return true;
    return false;
  }

  /** log p(θ) under the priors the fit used (normalising constants dropped). */
  get logPrior(): number {
    return logPrior(this.theta, this.layout, this.priors);
  }

  /** Output transform forward: a measured value in model space (monotone increasing). */
  toModel(y: number): number {
    return this.transform.forward(y);
  }

  /** Inverse output transform: a model-space value back in measured units. */
  fromModel(z: number): number {
    return this.transform.inverse(z);
  }

  /**
   * Latent posterior mean and variance in model space at each row of X. Batched: the cross
   * covariances of eight points at a time are stored interleaved (V[i·8 + b]) and solved against
   * L in one pass (solveLowerInterleaved).
   */
  predict(X: readonly (readonly number[])[]): GpPrediction {
    const m = X.length;
    const d = this.dim;
    const n = this.n;
    const mean = new Float64Array(m);
    const variance = new Float64Array(m);
    const signal = this.hyperparameters.signalVariance;
    if (n === 0) {
      mean.fill(this.meanConstant);
      variance.fill(signal);
      return { mean, variance };
    }
    const L = this.factor.L;
    const alpha = this.alpha;
    const Z = this.scaled;
    const BLOCK = SOLVE_BLOCK;
    const V = new Float64Array(BLOCK * n);
    const r2 = new Float64Array(n);
    const z = new Float64Array(d);
    for (let start = 0; start < m; start += BLOCK) {
      const count = Math.min(BLOCK, m - start);
      if (count < BLOCK) V.fill(0);
      for (let b = 0; b < count; b++) {
        const x = X[start + b];
        if (x.length !== d) throw new GpError(`prediction point ${start + b} has ${x.length} coordinates; the GP has ${d}`);
        this.scalePoint(x, z);
        squaredDistances(z, Z, n, d, r2);
        let mu = 0;
        for (let i = 0; i < n; i++) {
          const kv = matern52(r2[i], signal);
          V[i * BLOCK + b] = kv;
          mu += kv * alpha[i];
        }
        mean[start + b] = this.meanConstant + mu;
      }
      solveLowerInterleaved(L, n, V);
      for (let b = 0; b < count; b++) {
        let q = 0;
        for (let i = 0; i < n; i++) q += V[i * BLOCK + b] * V[i * BLOCK + b];
        const v = signal - q;
        variance[start + b] = v > MIN_VARIANCE ? v : MIN_VARIANCE;
      }
    }
    return { mean, variance };
  }

  /**
   * The same GP (θ and output transform unchanged) with extra observations given in model space,
   * e.g. fantasies for parallel suggestion. The Cholesky factor is extended, not recomputed.
   */
  conditionOn(X: readonly (readonly number[])[], zModel: readonly number[]): GaussianProcess {
    const m = X.length;
    if (m !== zModel.length) throw new GpError(`conditionOn got ${m} points but ${zModel.length} values`);
    if (m === 0) return this;
    const d = this.dim;
    const n = this.n;
    const Xnew = new Float64Array(m * d);
    for (let a = 0; a < m; a++) {
      if (X[a].length !== d) throw new GpError(`conditioning point ${a} has ${X[a].length} coordinates; the GP has ${d}`);
      for (let j = 0; j < d; j++) {
        const v = X[a][j];
        if (!Number.isFinite(v)) throw new GpError(`conditioning point ${a} has a non-finite coordinate`);
        Xnew[a * d + j] = v;
      }
      if (!Number.isFinite(zModel[a])) throw new GpError(`conditioning value ${a} is ${zModel[a]}`);
    }
    const h = this.hyperparameters;
    const scaledNew = scaleInputs(Xnew, m, this.layout, h, this.invLengthscales);
    const cross = new Float64Array(m * n);
    const corner = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let i = 0; i < n; i++) cross[a * n + i] = kernelScaled(scaledNew, a, this.scaled, i, d, h.signalVariance);
      for (let b = 0; b < a; b++) {
        const v = kernelScaled(scaledNew, a, scaledNew, b, d, h.signalVariance);
        corner[a * m + b] = v;
        corner[b * m + a] = v;
      }
      corner[a * m + a] = h.signalVariance + h.noiseVariance + this.factor.jitter;
    }
    const factor = n === 0 ? choleskyWithJitter(corner, m) : extendCholesky(this.factor, cross, corner, m);
    const X2 = new Float64Array((n + m) * d);
    X2.set(this.X);
    X2.set(Xnew, n * d);
    const y2 = new Float64Array(n + m);
    y2.set(this.yModel);
    for (let a = 0; a < m; a++) y2[n + a] = zModel[a];
    const { alpha, lml } = solveAndLikelihood(factor, y2.map((v) => v - this.meanConstant));
    return new GaussianProcess({
      X: X2, n: n + m, layout: this.layout, theta: this.theta, transform: this.transform, yModel: y2, meanConstant: this.meanConstant,
      factor, alpha, logMarginalLikelihood: lml, priors: this.priors,
    });
  }

  private scaleInputs(X: Float64Array, n: number): Float64Array {
    return scaleInputs(X, n, this.layout, this.hyperparameters, this.invLengthscales);
  }

  private scalePoint(x: readonly number[], out: Float64Array): void {
    const h = this.hyperparameters;
    for (let j = 0; j < this.dim; j++) {
      const w = isWarped(this.layout, h, j) ? kumaraswamy(x[j], h.warpA[j], h.warpB[j]) : x[j];
      out[j] = w * this.invLengthscales[j];
    }
  }
}

/** The constant prior mean in model space: 0 (the data's mean, after the output transform) or the worst (largest) value. */
function priorMeanConstant(yModel: Float64Array, priorMean: PriorMean = 'mean'): number {
  if (priorMean === 'mean' || yModel.length === 0) return 0;
  let worst = -Infinity;
  for (const v of yModel) if (v > worst) worst = v;
  return worst;
}

function prepareInputs(
  X: readonly (readonly number[])[], y: readonly number[], options: { warp?: boolean | 'auto'; categorical?: readonly boolean[] },
): { Xf: Float64Array; n: number; layout: HyperLayout } {
  const n = X.length;
  if (n !== y.length) throw new GpError(`GP got ${n} input rows but ${y.length} targets`);
  const d = n > 0 ? X[0].length : options.categorical?.length ?? 0;
  if (d < 1) throw new GpError('GP inputs need at least one dimension (for an empty data set, pass options.categorical to give d)');
  if (options.categorical && options.categorical.length !== d)
    throw new GpError(`categorical mask has ${options.categorical.length} entries; inputs have ${d} dimensions`);
  const Xf = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (row.length !== d) throw new GpError(`input row ${i} has ${row.length} coordinates; row 0 has ${d}`);
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(row[j])) throw new GpError(`input row ${i}, coordinate ${j} is ${row[j]}; GP inputs must be finite unit-cube values`);
      Xf[i * d + j] = row[j];
    }
  }
  const warpMask = Array.from({ length: d }, (_, j) => !(options.categorical?.[j] ?? false));
  return { Xf, n, layout: { dim: d, warp: options.warp !== false, warpMask } };
}

/** Dimension j is warped unless warping is off, it is categorical, or a = b = 1 (the identity). */
function isWarped(layout: HyperLayout, h: DecodedHyperparameters, j: number): boolean {
  return layout.warp && layout.warpMask[j] && !(h.warpA[j] === 1 && h.warpB[j] === 1);
}

function scaleInputs(X: Float64Array, n: number, layout: HyperLayout, h: DecodedHyperparameters, invL: Float64Array): Float64Array {
  const d = layout.dim;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const x = X[i * d + j];
      const w = isWarped(layout, h, j) ? kumaraswamy(x, h.warpA[j], h.warpB[j]) : x;
      out[i * d + j] = w * invL[j];
    }
  }
  return out;
}

/** Matérn-5/2 between row a of A and row b of B, both already warped and divided by ℓ. */
function kernelScaled(A: Float64Array, a: number, B: Float64Array, b: number, d: number, signal: number): number {
  let r2 = 0;
  const oa = a * d, ob = b * d;
  for (let j = 0; j < d; j++) {
    const t = A[oa + j] - B[ob + j];
    r2 += t * t;
  }
  return matern52(r2, signal);
}

function solveAndLikelihood(factor: CholeskyFactor, y: Float64Array): { alpha: Float64Array; lml: number } {
  const { L, n } = factor;
  const alpha = solveLower(L, n, y);
  let quad = 0;
  let logDetHalf = 0;
  for (let i = 0; i < n; i++) {
    quad += alpha[i] * alpha[i];
    logDetHalf += Math.log(L[i * n + i]);
  }
  solveLowerTransposed(L, n, alpha, alpha);
  return { alpha, lml: -0.5 * quad - logDetHalf - 0.5 * n * LOG_2PI };
}

/**
 * out[i] = Σ_j (z_j − Z[i·d + j])² for the n rows of Z. Four rows at a time share each z_j and
 * keep four independent sums, so the additions overlap instead of waiting on each other.
 */
function squaredDistances(z: Float64Array, Z: Float64Array, n: number, d: number, out: Float64Array): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let j = 0; j < d; j++) {
      const zj = z[j];
      const t0 = zj - Z[o0 + j], t1 = zj - Z[o1 + j], t2 = zj - Z[o2 + j], t3 = zj - Z[o3 + j];
      a0 += t0 * t0;
      a1 += t1 * t1;
      a2 += t2 * t2;
      a3 += t3 * t3;
    }
    out[i] = a0;
    out[i + 1] = a1;
    out[i + 2] = a2;
    out[i + 3] = a3;
  }
  for (; i < n; i++) {
    const o = i * d;
    let a = 0;
    for (let j = 0; j < d; j++) {
      const t = z[j] - Z[o + j];
      a += t * t;
    }
    out[i] = a;
  }
}
