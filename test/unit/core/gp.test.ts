import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GaussianProcess, GpError, MIN_VARIANCE } from '../../../src/core/gp/index.js';
import { encodeTheta, thetaLength } from '../../../src/core/gp/hyperparameters.js';
import { kumaraswamy } from '../../../src/core/gp/warping.js';

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);

/** k(a, b) written out from the definition, for the hand computations below. */
function k(a: readonly number[], b: readonly number[], ls: readonly number[], s2: number): number {
  let r2 = 0;
  for (let i = 0; i < a.length; i++) r2 += ((a[i] - b[i]) / ls[i]) ** 2;
  const r = Math.sqrt(r2);
  return s2 * (1 + Math.sqrt(5) * r + (5 / 3) * r2) * Math.exp(-Math.sqrt(5) * r);
}

/** Inverse of a 3×3 matrix by cofactors. */
function inv3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

const noWarp = { warp: false, outputTransform: 'none' as const };

test('one training point: posterior mean k*y/(σ²+ν) and variance σ² − k*²/(σ²+ν)', () => {
  const ls = [0.4], s2 = 1.7, nu = 0.05;
  const theta = encodeTheta({ lengthscales: ls, signalVariance: s2, noiseVariance: nu }, { dim: 1, warp: false, warpMask: [true] });
  const gp = GaussianProcess.withHyperparameters([[0.3]], [2.0], theta, noWarp);
  const xs = [[0.3], [0.5], [0.9]];
  const p = gp.predict(xs);
  xs.forEach((x, j) => {
    const ks = k(x, [0.3], ls, s2);
    near(p.mean[j], (ks * 2.0) / (s2 + nu), 1e-12, `mean at ${x}`);
    near(p.variance[j], s2 - (ks * ks) / (s2 + nu), 1e-12, `variance at ${x}`);
  });
  // At the training point the latent variance is σ²ν/(σ² + ν) ≈ ν; far away it is σ².
  near(p.variance[0], (s2 * nu) / (s2 + nu), 1e-12, 'variance at the data');
});

test('two training points: mean, variance and log marginal likelihood equal the 2×2 closed forms', () => {
  const ls = [0.3, 0.8], s2 = 0.9, nu = 0.01;
  const X = [[0.1, 0.2], [0.6, 0.7]], y = [1.2, -0.4];
  const theta = encodeTheta({ lengthscales: ls, signalVariance: s2, noiseVariance: nu }, { dim: 2, warp: false, warpMask: [true, true] });
  const gp = GaussianProcess.withHyperparameters(X, y, theta, noWarp);
  const c = s2 + nu, k12 = k(X[0], X[1], ls, s2);
  const det = c * c - k12 * k12;
  const Kinv = [[c / det, -k12 / det], [-k12 / det, c / det]];
  const quad = (c * (y[0] ** 2 + y[1] ** 2) - 2 * k12 * y[0] * y[1]) / det;
  near(gp.logMarginalLikelihood, -0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI), 1e-12, 'LML');
  const xs = [[0.35, 0.45], [0.1, 0.2], [0.9, 0.05]];
  const p = gp.predict(xs);
  xs.forEach((x, j) => {
    const ks = [k(x, X[0], ls, s2), k(x, X[1], ls, s2)];
    const alpha = [Kinv[0][0] * y[0] + Kinv[0][1] * y[1], Kinv[1][0] * y[0] + Kinv[1][1] * y[1]];
    const q = ks[0] * (Kinv[0][0] * ks[0] + Kinv[0][1] * ks[1]) + ks[1] * (Kinv[1][0] * ks[0] + Kinv[1][1] * ks[1]);
    near(p.mean[j], ks[0] * alpha[0] + ks[1] * alpha[1], 1e-12, `mean ${j}`);
    near(p.variance[j], s2 - q, 1e-10, `variance ${j}`);
  });
});

test('three warped training points: posterior equals k*ᵀK⁻¹y and k** − k*ᵀK⁻¹k* on Kumaraswamy-warped inputs', () => {
  const ls = [0.5, 0.25], s2 = 1.3, nu = 1e-3, a = [0.6, 2.2], b = [1.8, 0.7];
  const X = [[0.2, 0.9], [0.5, 0.4], [0.85, 0.15]], y = [0.3, -1.1, 0.8];
  const layout = { dim: 2, warp: true, warpMask: [true, true] };
  const theta = encodeTheta({ lengthscales: ls, signalVariance: s2, noiseVariance: nu, warpA: a, warpB: b }, layout);
  const gp = GaussianProcess.withHyperparameters(X, y, theta, { warp: true, outputTransform: 'none' });
  const w = (x: readonly number[]) => x.map((v, i) => kumaraswamy(v, a[i], b[i]));
  const W = X.map(w);
  const K = W.map((p, i) => W.map((q, j) => k(p, q, ls, s2) + (i === j ? nu : 0)));
  const Kinv = inv3(K);
  const alpha = Kinv.map((row) => row.reduce((s, v, j) => s + v * y[j], 0));
  const xs = [[0.3, 0.3], [0.5, 0.4], [0.99, 0.01], [0.6, 0.75], [0.05, 0.5]]; // 5 points: a block of 4 plus a tail
  const p = gp.predict(xs);
  xs.forEach((x, t) => {
    const ks = W.map((q) => k(w(x), q, ls, s2));
    const Kk = Kinv.map((row) => row.reduce((s, v, j) => s + v * ks[j], 0));
    near(p.mean[t], ks.reduce((s, v, j) => s + v * alpha[j], 0), 1e-10, `mean ${t}`);
    near(p.variance[t], s2 - ks.reduce((s, v, j) => s + v * Kk[j], 0), 1e-9, `variance ${t}`);
  });
  // Training point 1: variance ≈ ν (slightly less, since neighbours also inform it); interpolates y.
  assert.ok(p.variance[1] <= nu && p.variance[1] > 0.5 * nu, `variance at data ${p.variance[1]}`);
  assert.ok(Math.abs(p.mean[1] - y[1]) < 0.01);
});

test('far from the data the posterior returns to the prior (mean 0, variance σ²); variance never drops below the floor', () => {
  const theta = encodeTheta({ lengthscales: [0.02], signalVariance: 2.5, noiseVariance: 1e-6 }, { dim: 1, warp: false, warpMask: [true] });
  const gp = GaussianProcess.withHyperparameters([[0.1], [0.12]], [3, 3.1], theta, noWarp);
  const p = gp.predict([[0.9], [0.1]]);
  near(p.mean[0], 0, 1e-12, 'far mean');
  near(p.variance[0], 2.5, 1e-12, 'far variance');
  assert.ok(p.variance[1] >= MIN_VARIANCE && p.variance[1] < 2e-6);
});

test('batched prediction equals point-by-point prediction', () => {
  const theta = encodeTheta({ lengthscales: [0.3, 0.6, 0.9], signalVariance: 1, noiseVariance: 1e-4, warpA: [1.5, 0.7, 1], warpB: [0.8, 1.2, 1] }, { dim: 3, warp: true, warpMask: [true, true, true] });
  const X = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9], [0.2, 0.9, 0.1], [0.5, 0.1, 0.5]];
  const gp = GaussianProcess.withHyperparameters(X, [1, 2, 0, -1, 0.5], theta, { warp: true });
  const Q = Array.from({ length: 11 }, (_, i) => [i / 11, ((i * 7) % 11) / 11, ((i * 3) % 11) / 11]);
  const all = gp.predict(Q);
  Q.forEach((q, i) => {
    const one = gp.predict([q]);
    near(all.mean[i], one.mean[0], 1e-13, `mean ${i}`);
    near(all.variance[i], one.variance[0], 1e-13, `variance ${i}`);
  });
});

test('conditionOn equals a GP built from scratch on the augmented data (same θ, model space)', () => {
  const layout = { dim: 2, warp: true, warpMask: [true, false] };
  const theta = encodeTheta({ lengthscales: [0.35, 0.6], signalVariance: 1.1, noiseVariance: 1e-3, warpA: [0.8, 1], warpB: [1.4, 1] }, layout);
  const X = [[0.1, 0.3], [0.5, 0.5], [0.9, 0.2], [0.3, 0.8]];
  const y = [10, 14, 30, 12];
  const opts = { warp: true, categorical: [false, true], outputTransform: 'standardize' as const };
  const gp = GaussianProcess.withHyperparameters(X, y, theta, opts);
  const extraX = [[0.7, 0.7], [0.2, 0.1]];
  const extraZ = [0.5, -1.2];
  const cond = gp.conditionOn(extraX, extraZ);
  assert.equal(cond.n, 6);
  assert.equal(cond.toModel(30), gp.toModel(30)); // the transform is kept
  const scratch = GaussianProcess.withHyperparameters([...X, ...extraX], [...Array.from(gp.yModel), ...extraZ], theta, { ...opts, outputTransform: 'none' });
  near(cond.logMarginalLikelihood, scratch.logMarginalLikelihood, 1e-10, 'LML');
  const Q = [[0.6, 0.6], [0.15, 0.15], [0.95, 0.95]];
  const a = cond.predict(Q), b = scratch.predict(Q);
  for (let i = 0; i < Q.length; i++) {
    near(a.mean[i], b.mean[i], 1e-10, `mean ${i}`);
    near(a.variance[i], b.variance[i], 1e-10, `variance ${i}`);
  }
  // Fantasising at a point shrinks the variance there.
  assert.ok(cond.predict([[0.7, 0.7]]).variance[0] < gp.predict([[0.7, 0.7]]).variance[0] / 10);
});

test('bad inputs are clear errors', () => {
  assert.throws(() => GaussianProcess.fit([[0.1], [0.2]], [1]), GpError);
  assert.throws(() => GaussianProcess.fit([[0.1], [0.2, 0.3]], [1, 2]), /row 1 has 2 coordinates/);
  assert.throws(() => GaussianProcess.fit([[NaN]], [1]), /finite/);
  assert.throws(() => GaussianProcess.fit([[0.1]], [Infinity]), /finite/);
  assert.throws(() => GaussianProcess.fit([[0.1], [0.5]], [1, 2], { warmStart: new Float64Array(2) }), /warm start/);
  assert.throws(() => GaussianProcess.withHyperparameters([[0.1]], [1], new Float64Array(2)), /θ has 2 entries/);
  assert.throws(() => GaussianProcess.fit([[0.1, 0.2]], [1], { categorical: [true] }), /categorical mask/);
  const gp = GaussianProcess.withHyperparameters([[0.1]], [1], new Float64Array(thetaLength(1, true)));
  assert.throws(() => gp.predict([[0.1, 0.2]]), /has 2 coordinates/);
  assert.throws(() => gp.conditionOn([[0.1]], [1, 2]), /2 values/);
});

test('a GP with no data is the prior', () => {
  const gp = GaussianProcess.fit([], [], { categorical: [false, false] });
  assert.equal(gp.n, 0);
  const p = gp.predict([[0.2, 0.3]]);
  assert.equal(p.mean[0], 0);
  near(p.variance[0], gp.hyperparameters.signalVariance, 1e-15, 'prior variance');
  const one = gp.conditionOn([[0.2, 0.3]], [1]);
  assert.ok(Math.abs(one.predict([[0.2, 0.3]]).mean[0] - 1) < 0.01);
});

test("prior mean 'worst': posterior mean c + k*ᵀK⁻¹(y − c) with c the largest model-space value; far away it returns to c", () => {
  const ls = [0.3, 0.8], s2 = 0.9, nu = 0.01;
  const X = [[0.1, 0.2], [0.6, 0.7]], y = [1.2, -0.4];
  const theta = encodeTheta({ lengthscales: ls, signalVariance: s2, noiseVariance: nu }, { dim: 2, warp: false, warpMask: [true, true] });
  const gp = GaussianProcess.withHyperparameters(X, y, theta, { ...noWarp, priorMean: 'worst' });
  const c = 1.2;
  assert.equal(gp.meanConstant, c);
  const cc = s2 + nu, k12 = k(X[0], X[1], ls, s2);
  const det = cc * cc - k12 * k12;
  const r = [y[0] - c, y[1] - c];
  const alpha = [(cc * r[0] - k12 * r[1]) / det, (-k12 * r[0] + cc * r[1]) / det];
  // The likelihood is that of the centred data.
  const quad = (cc * (r[0] ** 2 + r[1] ** 2) - 2 * k12 * r[0] * r[1]) / det;
  near(gp.logMarginalLikelihood, -0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI), 1e-12, 'LML');
  const xs = [[0.35, 0.45], [0.1, 0.2]];
  const p = gp.predict(xs);
  xs.forEach((x, j) => near(p.mean[j], c + k(x, X[0], ls, s2) * alpha[0] + k(x, X[1], ls, s2) * alpha[1], 1e-12, `mean ${j}`));
  near(gp.predict([[50, 50]]).mean[0], c, 1e-12, 'far away');
  const plain = GaussianProcess.withHyperparameters(X, y, theta, noWarp);
  near(plain.predict([[50, 50]]).mean[0], 0, 1e-12, "far away with prior mean 'mean'");
  // Conditioning keeps the prior mean: equal to a GP built on the augmented data with c fixed.
  const cond = gp.conditionOn([[0.9, 0.1]], [0.3]);
  assert.equal(cond.meanConstant, c);
  const scratch = GaussianProcess.withHyperparameters([...X, [0.9, 0.1]], [...y, 0.3], theta, { ...noWarp, priorMean: 'worst' });
  near(cond.predict([[0.5, 0.5]]).mean[0], scratch.predict([[0.5, 0.5]]).mean[0], 1e-10, 'conditioned mean');
});
