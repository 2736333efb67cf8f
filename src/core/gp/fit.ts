// Fitting a GP's hyper-parameters: maximum a posteriori θ (log marginal likelihood + log priors,
// hyperparameters.ts) by L-BFGS from several starts, the most promising of which is run to
// convergence; with warp 'auto', the Kumaraswamy warping is kept only where it beats its BIC penalty.
// Prediction with the fitted θ lives in gaussian-process.ts.

import { minimizeBounded } from '../lbfgsb.js';
import { Rng } from '../rng.js';
import { logPrior, priorMedianTheta, sampleTheta, thetaBounds, thetaLength, type GpPriors, type HyperLayout } from './hyperparameters.js';
import { MarginalLikelihood } from './likelihood.js';
import type { OutputTransformKind } from './output-transform.js';

export class GpError extends Error {}

/**
 * The GP's constant prior mean, in model space: 'mean' is 0, the mean of the transformed data (the
 * usual choice); 'worst' is the largest (worst, for minimisation) observed value, which makes
 * unexplored regions look no better than the worst seen and so favours exploiting the good ones.
 * De Ath, Fieldsend & Everson ("What do you Mean? The Role of the Mean Function in Bayesian
 * Optimisation", GECCO 2020) found it consistently the best of eight mean functions on synthetic
 * problems of 5 or more dimensions, with EI and UCB.
 */
export type PriorMean = 'mean' | 'worst';

export interface GpFitOptions {
  seed?: number;
  /**
   * L-BFGS starts: the warm start (if given), the prior medians, then the best of 4× as many
   * random draws from the priors (screened by likelihood alone); default 3. Each start gets
   * probeIterations, and the best one continues up to maxIterations.
   */
  restarts?: number;
  /** L-BFGS iterations in all for the chosen start; default 100. */
  maxIterations?: number;
  /**
   * Kumaraswamy input warping: true, false, or 'auto' — fit without warping, then with it (from
   * the unwarped optimum), and keep the warping only if it raises the log posterior by more than
   * the BIC penalty ½·(number of warping parameters)·log n. θ has the warped layout either way
   * (a = b = 1 when not selected). Default 'auto'.
   */
  warp?: boolean | 'auto';
  /** Default 'auto' (see output-transform.ts). */
  outputTransform?: OutputTransformKind;
  /** Constant prior mean; default 'mean'. */
  priorMean?: PriorMean;
  /** θ of an earlier fit on the same dimensions and warp setting: its run comes first. */
  warmStart?: Float64Array;
  /** Unordered dimensions, not warped. */
  categorical?: readonly boolean[];
  /** Override the default priors (hyperparameters.ts). */
  priors?: GpPriors;
  /** Iterations each start gets before all but the best are dropped; default 12. */
  probeIterations?: number;
  /** L-BFGS stopping tolerances (projected-gradient max-norm, relative decrease); defaults 1e-5, 1e-7. */
  gradientTolerance?: number;
  functionTolerance?: number;
  /** Hears the message when the fit fails and θ falls back to the prior medians (also kept in GaussianProcess.fitWarning). */
  onWarning?: (message: string) => void;
}

/** Random candidate starts screened per L-BFGS run (cheap: one Cholesky each, no gradient). */
const SCREEN_PER_RUN = 4;

export interface FittedTheta {
  theta: Float64Array;
  /** Set when no start gave a finite log posterior and θ fell back to the prior medians: what happened. */
  fallback?: string;
}

/** MAP θ for unit-cube inputs X (n×d row-major) and model-space targets, in `layout`. */
export function fitTheta(X: Float64Array, yModel: Float64Array, layout: HyperLayout, priors: GpPriors, options: GpFitOptions): FittedTheta {
  const fitted = (options.warp ?? 'auto') === 'auto' ? selectWarping(X, yModel, layout, priors, options) : optimiseTheta(X, yModel, layout, priors, options);
  if (!fitted.failed) return { theta: fitted.theta };
  const n = yModel.length;
  return {
    theta: fitted.theta,
    fallback: `GP fit failed (n = ${n}, d = ${layout.dim}): no start gave a finite log posterior, so the GP uses the prior-median hyper-parameters`,
  };
}

interface Optimised {
  theta: Float64Array;
  /** Every start was non-finite: theta holds the prior medians. */
  failed: boolean;
}

/** warp: 'auto' (see GpFitOptions.warp). */
function selectWarping(X: Float64Array, yModel: Float64Array, layout: HyperLayout, priors: GpPriors, options: GpFitOptions): Optimised {
  const d = layout.dim;
  const n = yModel.length;
  const plain: HyperLayout = { ...layout, warp: false };
  const warm = options.warmStart;
  if (warm && warm.length !== thetaLength(d, true))
    throw new GpError(`warm start θ has ${warm.length} entries; this GP needs ${thetaLength(d, true)} (same d and warp setting)`);
  const base = optimiseTheta(X, yModel, plain, priors, { ...options, warmStart: warm?.slice(0, d + 2) });
  const embedded = new Float64Array(thetaLength(d, true));
  embedded.set(base.theta);
  const warpedDims = layout.warpMask.filter(Boolean).length;
  if (n < 2 || warpedDims === 0 || base.failed) return { theta: embedded, failed: base.failed };
  // The warped run starts from the unwarped optimum, and also from the warm start when that was
  // itself warped (an earlier 'auto' fit that kept its warping).
  const warpStarts: Float64Array[] = [embedded];
  if (warm && warm.some((v, k) => k >= d + 2 && v !== 0)) warpStarts.push(warm);
  const warped = optimiseTheta(X, yModel, layout, priors, { ...options, restarts: warpStarts.length, warmStart: undefined }, warpStarts);
  if (warped.failed) return { theta: embedded, failed: false };
  const logPosterior = (theta: Float64Array) => new MarginalLikelihood(X, yModel, layout).evaluate(theta) + logPrior(theta, layout, priors);
  const gain = logPosterior(warped.theta) - logPosterior(embedded);
  return { theta: gain > 0.5 * 2 * warpedDims * Math.log(n) ? warped.theta : embedded, failed: false };
}

/**
 * MAP θ: L-BFGS runs from `firstStarts`, the warm start, the prior medians and the best screened
 * random draws, in that order, up to options.restarts runs.
 */
function optimiseTheta(X: Float64Array, yModel: Float64Array, layout: HyperLayout, priors: GpPriors, options: GpFitOptions, firstStarts: readonly Float64Array[] = []): Optimised {
  const n = yModel.length;
  const start = priorMedianTheta(layout, priors);
  if (n === 0) return { theta: start, failed: false };
  const { lower, upper } = thetaBounds(layout);
  const likelihood = new MarginalLikelihood(X, yModel, layout);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const lml = likelihood.evaluate(theta, grad);
    if (lml === -Infinity) return Infinity;
    const lp = logPrior(theta, layout, priors, grad);
    for (let k = 0; k < grad.length; k++) grad[k] = -grad[k];
    return -(lml + lp);
  };
  const value = (theta: Float64Array): number => {
    const lml = likelihood.evaluate(theta);
    return lml === -Infinity ? Infinity : -(lml + logPrior(theta, layout, priors));
  };

  const runs = Math.max(1, options.restarts ?? 3);
  const clampToBounds = (theta: ArrayLike<number>) => Float64Array.from(theta, (v, k) => Math.min(upper[k], Math.max(lower[k], v)));
  const starts: Float64Array[] = firstStarts.map(clampToBounds);
  if (options.warmStart) {
    if (options.warmStart.length !== lower.length)
      throw new GpError(`warm start θ has ${options.warmStart.length} entries; this GP needs ${lower.length} (same d and warp setting)`);
    starts.push(clampToBounds(options.warmStart));
  }
  starts.push(start);
  const randomRuns = runs - starts.length;
  if (randomRuns > 0) {
    const rng = new Rng(options.seed ?? 0, 0x6770);
    const screened = Array.from({ length: SCREEN_PER_RUN * randomRuns }, () => {
      const theta = sampleTheta(layout, priors, rng);
      return { theta, value: value(theta) };
    });
    screened.sort((a, b) => a.value - b.value);
    for (let k = 0; k < randomRuns; k++) starts.push(screened[k].theta);
  }

  // Successive halving, in its simplest form: every start gets a short probe, and only the most
  // promising one is run to convergence. The MAP surface rarely changes its ranking after the
  // first iterations, and this spends most of the budget where it matters.
  const maxIterations = options.maxIterations ?? 100;
  const probe = Math.min(maxIterations, options.probeIterations ?? 12);
  const tolerances = { gradientTolerance: options.gradientTolerance ?? 1e-5, functionTolerance: options.functionTolerance ?? 1e-7 };
  const chosen = starts.slice(0, runs);
  const probes = chosen.map((s) => minimizeBounded(objective, s, lower, upper, { ...tolerances, maxIterations: chosen.length > 1 ? probe : maxIterations }));
  let best = probes[0];
  for (const r of probes) if (r.value < best.value) best = r;
  if (chosen.length > 1 && !best.converged && Number.isFinite(best.value)) {
    const rest = minimizeBounded(objective, best.x, lower, upper, { ...tolerances, maxIterations: maxIterations - probe });
    if (rest.value <= best.value) best = rest;
  }
  if (!Number.isFinite(best.value)) return { theta: start, failed: true };
  return { theta: Float64Array.from(best.x), failed: false };
}
