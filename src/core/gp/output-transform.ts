// The map from measured values y to the GP's model space z, and back. Every acquisition works in
// model space, so the GP exposes forward() (toModel) for incumbents, reference points and SLO bounds.
//
// 'standardize':  z = (y − mean)/std.
// 'yeo-johnson':  standardise, apply the Yeo–Johnson power transform ψ(·, λ) with λ fitted by
//                 maximum likelihood, standardise again. The first standardisation makes λ
//                 independent of the metric's unit (TTFT in ms or s gives the same model), which
//                 a raw Yeo–Johnson is not: ψ is not scale-equivariant.
// 'auto':         Yeo–Johnson when a likelihood-ratio test says the power transform is worth its
//                 extra parameter, 2·(ℓ(λ̂) − ℓ(1)) > 3.84 (χ²₁ at 95%; λ = 1 is the identity,
//                 i.e. plain standardisation), else plain standardisation. Latency metrics that
//                 span orders of magnitude (TTFT 15 ms … 15 s) pass the test easily and get a
//                 log-like λ, which keeps a stationary GP from being dominated by a few huge values;
//                 roughly Gaussian metrics keep the simpler linear map. A bare skewness cut-off
//                 ignores n: with 5 points a skewness of 1 is noise, with 50 it is not.
// 'none':         identity (tests, or callers that transform themselves).
// All maps are strictly increasing, so minima, orderings and one-sided bounds are preserved.

import { mean as meanOf } from '../stats.js';

export type OutputTransformKind = 'none' | 'standardize' | 'yeo-johnson' | 'auto';

export class OutputTransformError extends Error {}

/** χ²₁ 95% quantile: the likelihood-ratio threshold for adopting the power transform in 'auto'. */
export const YEO_JOHNSON_LRT_THRESHOLD = 3.841458820694124;
/** λ range searched when the transform is fitted inside the GP (after standardisation). */
export const MODEL_LAMBDA_RANGE: readonly [number, number] = [-3, 3];
/** The 'auto' rule needs a handful of points before a power transform can be told apart from noise. */
const AUTO_MIN_POINTS = 5;

/** Yeo–Johnson ψ(y, λ) (Yeo & Johnson 2000), computed with log1p/expm1 so λ near 0 or 2 is exact. */
export function yeoJohnson(y: number, lambda: number): number {
  if (y >= 0) {
    const l = Math.log1p(y);
    return Math.abs(lambda) < 1e-12 ? l : Math.expm1(lambda * l) / lambda;
  }
  const l = Math.log1p(-y);
  const mu = 2 - lambda;
  return Math.abs(mu) < 1e-12 ? -l : -Math.expm1(mu * l) / mu;
}

/**
 * Inverse of ψ(·, λ). The image of ψ is bounded on one side when λ < 0 (above, by −1/λ) or
 * λ > 2 (below, by 1/(2 − λ)); values beyond it (an extrapolated mean, say) map to ±Infinity.
 */
export function yeoJohnsonInverse(z: number, lambda: number): number {
  if (z >= 0) {
    if (Math.abs(lambda) < 1e-12) return Math.expm1(z);
    const t = lambda * z;
    return t <= -1 ? Infinity : Math.expm1(Math.log1p(t) / lambda);
  }
  const mu = 2 - lambda;
  if (Math.abs(mu) < 1e-12) return -Math.expm1(-z);
  const t = -mu * z;
  return t <= -1 ? -Infinity : -Math.expm1(Math.log1p(t) / mu);
}

/**
 * Profile log-likelihood of λ for a normal model of ψ(y, λ) (constants dropped), as in
 * scipy.stats.yeojohnson_llf: −n/2·log σ̂²(λ) + (λ − 1)·Σ sign(y)·log(1 + |y|).
 */
export function yeoJohnsonLogLikelihood(y: readonly number[] | Float64Array, lambda: number): number {
  const n = y.length;
  let mean = 0;
  const t = new Float64Array(n);
  let jac = 0;
  for (let i = 0; i < n; i++) {
    t[i] = yeoJohnson(y[i], lambda);
    mean += t[i];
    jac += Math.sign(y[i]) * Math.log1p(Math.abs(y[i]));
  }
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (t[i] - mean) ** 2;
  v /= n;
  if (!(v > 0)) return -Infinity;
  return (-n / 2) * Math.log(v) + (lambda - 1) * jac;
}

/**
 * Maximum-likelihood λ on [lower, upper]: a 49-point grid brackets the maximum, golden-section
 * search refines it to ~1e-9. (The profile likelihood is usually unimodal; the grid guards the
 * cases where it is not.) Default range [−5, 5] covers scikit-learn's PowerTransformer results.
 */
export function fitYeoJohnsonLambda(y: readonly number[] | Float64Array, range: readonly [number, number] = [-5, 5]): number {
  const [lo, hi] = range;
  if (y.length < 2) return 1;
  const ll = (l: number) => yeoJohnsonLogLikelihood(y, l);
  const steps = 48;
  let bestK = 0;
  let best = -Infinity;
  for (let k = 0; k <= steps; k++) {
    const v = ll(lo + ((hi - lo) * k) / steps);
    if (v > best) {
      best = v;
      bestK = k;
    }
  }
  if (best === -Infinity) return 1; // constant data: every λ is equally (un)informative
  let a = lo + ((hi - lo) * Math.max(0, bestK - 1)) / steps;
  let b = lo + ((hi - lo) * Math.min(steps, bestK + 1)) / steps;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = ll(c);
  let fd = ll(d);
  while (b - a > 1e-9 * (1 + Math.abs(a) + Math.abs(b))) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = ll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = ll(d);
    }
  }
  return (a + b) / 2;
}

/** Sample skewness (population moments): a diagnostic for reports and tests. */
export function skewness(y: readonly number[] | Float64Array): number {
  const n = y.length;
  if (n < 3) return 0;
  let m = 0;
  for (let i = 0; i < n; i++) m += y[i];
  m /= n;
  let m2 = 0, m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i] - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
}

interface Affine {
  mean: number;
  std: number;
}

function standardization(v: readonly number[] | Float64Array): Affine {
  const n = v.length;
  if (n === 0) return { mean: 0, std: 1 };
  const mean = meanOf(v);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) ** 2;
  const std = Math.sqrt(ss / n);
  // Constant data: any positive scale is valid; 1 keeps model values equal to centred raw values.
  return { mean, std: std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1 };
}

export class OutputTransform {
  private constructor(
    readonly kind: 'none' | 'standardize' | 'yeo-johnson',
    private readonly pre: Affine,
    /** Yeo–Johnson λ (undefined unless kind is 'yeo-johnson'). */
    readonly lambda: number | undefined,
    private readonly post: Affine,
  ) {}

  static identity(): OutputTransform {
    return new OutputTransform('none', { mean: 0, std: 1 }, undefined, { mean: 0, std: 1 });
  }

  static fit(y: readonly number[] | Float64Array, kind: OutputTransformKind = 'auto'): OutputTransform {
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i])) throw new OutputTransformError(`observation ${i} is ${y[i]}; GP targets must be finite numbers`);
    }
    if (kind === 'none') return OutputTransform.identity();
    const pre = standardization(y);
    const unit = Float64Array.from(y, (v) => (v - pre.mean) / pre.std);
    if (kind === 'standardize') return new OutputTransform('standardize', pre, undefined, { mean: 0, std: 1 });
    const lambda = fitYeoJohnsonLambda(unit, MODEL_LAMBDA_RANGE);
    if (kind === 'auto') {
      const gain = 2 * (yeoJohnsonLogLikelihood(unit, lambda) - yeoJohnsonLogLikelihood(unit, 1));
      if (y.length < AUTO_MIN_POINTS || !(gain > YEO_JOHNSON_LRT_THRESHOLD)) return new OutputTransform('standardize', pre, undefined, { mean: 0, std: 1 });
    } else if (kind !== 'yeo-johnson') {
      throw new OutputTransformError(`unknown output transform "${String(kind)}"; use 'standardize', 'yeo-johnson', 'auto' or 'none'`);
    }
    const post = standardization(Float64Array.from(unit, (v) => yeoJohnson(v, lambda)));
    return new OutputTransform('yeo-johnson', pre, lambda, post);
  }

  forward(y: number): number {
    const u = (y - this.pre.mean) / this.pre.std;
    const t = this.lambda === undefined ? u : yeoJohnson(u, this.lambda);
    return (t - this.post.mean) / this.post.std;
  }

  inverse(z: number): number {
    const t = z * this.post.std + this.post.mean;
    const u = this.lambda === undefined ? t : yeoJohnsonInverse(t, this.lambda);
    return u * this.pre.std + this.pre.mean;
  }

  forwardAll(y: readonly number[] | Float64Array): Float64Array {
    return Float64Array.from(y, (v) => this.forward(v));
  }
}
