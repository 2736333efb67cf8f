import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarginalLikelihood } from '../../../src/core/gp/likelihood.js';
import { GaussianProcess } from '../../../src/core/gp/index.js';
import { defaultPriors, encodeTheta, logPrior, thetaBounds, type HyperLayout } from '../../../src/core/gp/hyperparameters.js';
import { Rng } from '../../../src/core/rng.js';

function dataset(n: number, d: number, seed: number): { X: Float64Array; y: Float64Array; rows: number[][] } {
  const r = new Rng(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => r.uniform()));
  const y = Float64Array.from(rows, (x) => Math.sin(4 * x[0]) + x[d - 1] ** 2 - 0.5 + 0.05 * r.normal());
  return { X: Float64Array.from(rows.flat()), y, rows };
}

/** Central differences of f at theta, coordinate by coordinate. */
function finiteDifferences(f: (t: Float64Array) => number, theta: Float64Array, h = 1e-5): Float64Array {
  return Float64Array.from(theta, (_, k) => {
    const up = Float64Array.from(theta), dn = Float64Array.from(theta);
    up[k] += h;
    dn[k] -= h;
    return (f(up) - f(dn)) / (2 * h);
  });
}

function assertGradient(analytic: Float64Array, numeric: Float64Array, what: string): void {
  const scale = Math.max(...Array.from(numeric, Math.abs));
  for (let k = 0; k < analytic.length; k++) {
    const err = Math.abs(analytic[k] - numeric[k]) / Math.max(Math.abs(numeric[k]), 1e-3 * scale);
    assert.ok(err < 1e-5, `${what} ∂/∂θ_${k}: analytic ${analytic[k]} vs numeric ${numeric[k]} (relative error ${err})`);
  }
}

test('log marginal likelihood gradient matches finite differences: lengthscales, σ², noise and warping', () => {
  const d = 3;
  const { X, y } = dataset(14, d, 1);
  const layout: HyperLayout = { dim: d, warp: true, warpMask: [true, true, true] };
  const ml = new MarginalLikelihood(X, y, layout);
  const theta = encodeTheta({ lengthscales: [0.3, 0.9, 0.5], signalVariance: 1.4, noiseVariance: 0.02, warpA: [0.7, 1.6, 1.1], warpB: [1.3, 0.6, 2.0] }, layout);
  const grad = new Float64Array(theta.length);
  ml.evaluate(theta, grad);
  assertGradient(grad, finiteDifferences((t) => ml.evaluate(t), theta), 'LML');
});

test('gradient without warping and with a categorical (unwarped) dimension', () => {
  const d = 2;
  const { X, y } = dataset(10, d, 2);
  const plain: HyperLayout = { dim: d, warp: false, warpMask: [true, true] };
  const ml = new MarginalLikelihood(X, y, plain);
  const theta = encodeTheta({ lengthscales: [0.2, 0.6], signalVariance: 0.8, noiseVariance: 1e-3 }, plain);
  const grad = new Float64Array(theta.length);
  ml.evaluate(theta, grad);
  assertGradient(grad, finiteDifferences((t) => ml.evaluate(t), theta), 'LML (no warp)');

  const masked: HyperLayout = { dim: d, warp: true, warpMask: [true, false] };
  const mm = new MarginalLikelihood(X, y, masked);
  const t2 = encodeTheta({ lengthscales: [0.2, 0.6], signalVariance: 0.8, noiseVariance: 1e-3, warpA: [2, 1], warpB: [0.5, 1] }, masked);
  const g2 = new Float64Array(t2.length);
  mm.evaluate(t2, g2);
  assertGradient(g2, finiteDifferences((t) => mm.evaluate(t), t2), 'LML (masked)');
  assert.equal(g2[2 + 2 + 1], 0); // log a of the unwarped dimension
  assert.equal(g2[2 * 2 + 2 + 1], 0); // log b
});

test('log-prior gradient matches finite differences; unwarped dimensions are fixed by their bounds', () => {
  const layout: HyperLayout = { dim: 3, warp: true, warpMask: [true, false, true] };
  const priors = defaultPriors(3);
  const theta = Float64Array.from([-1, 0.2, 0.9, 0.3, -5, 0.4, 0, -0.2, 0.1, 0, 0.5]);
  const grad = new Float64Array(theta.length);
  logPrior(theta, layout, priors, grad);
  assertGradient(grad, finiteDifferences((t) => logPrior(t, layout, priors), theta), 'log prior');
  const { lower, upper } = thetaBounds(layout);
  assert.equal(lower[3 + 2 + 1], 0);
  assert.equal(upper[3 + 2 + 1], 0);
  assert.equal(lower[3 + 1], Math.log(1e-6)); // the noise floor
});

test('the likelihood agrees with the GP built at the same θ', () => {
  const { X, y, rows } = dataset(12, 2, 3);
  const layout: HyperLayout = { dim: 2, warp: true, warpMask: [true, true] };
  const theta = encodeTheta({ lengthscales: [0.4, 0.3], signalVariance: 1.2, noiseVariance: 1e-3, warpA: [1.3, 0.8], warpB: [0.9, 1.5] }, layout);
  const gp = GaussianProcess.withHyperparameters(rows, Array.from(y), theta, { warp: true, outputTransform: 'none' });
  const ml = new MarginalLikelihood(X, y, layout);
  assert.ok(Math.abs(ml.evaluate(theta) - gp.logMarginalLikelihood) < 1e-10);
});
