import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GaussianProcess } from '../../../src/core/gp/index.js';
import { choleskyWithJitter } from '../../../src/core/gp/linalg.js';
import { matern52 } from '../../../src/core/gp/kernel.js';
import { Rng } from '../../../src/core/rng.js';

const rmse = (a: readonly number[], b: readonly number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);
const sd = (v: readonly number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
};

/** One draw of a zero-mean Matérn-5/2 GP with the given lengthscales (σ² = 1, nugget 1e-4) at X. */
function samplePrior(X: number[][], ls: readonly number[], rng: Rng): number[] {
  const n = X.length;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let r2 = 0;
      for (let k = 0; k < ls.length; k++) r2 += ((X[i][k] - X[j][k]) / ls[k]) ** 2;
      K[i * n + j] = matern52(r2) + (i === j ? 1e-4 : 0);
    }
  }
  const { L } = choleskyWithJitter(K, n);
  const z = Array.from({ length: n }, () => rng.normal());
  return X.map((_, i) => {
    let s = 0;
    for (let k = 0; k <= i; k++) s += L[i * n + k] * z[k];
    return s;
  });
}

test('a fitted GP interpolates a smooth 1-D function: held-out RMSE < 0.01 from 12 points', () => {
  const f = (x: number) => Math.sin(6 * x) + 0.5 * x;
  const r = new Rng(1);
  const X = Array.from({ length: 12 }, () => [r.uniform()]);
  const gp = GaussianProcess.fit(X, X.map((x) => f(x[0])), { seed: 1 });
  const T = Array.from({ length: 100 }, (_, i) => [(i + 0.5) / 100]);
  const p = gp.predict(T);
  const err = rmse(Array.from(p.mean, (m) => gp.fromModel(m)), T.map((x) => f(x[0])));
  assert.ok(err < 0.01, `RMSE ${err}`);
});

test('a fitted GP models Branin from 30 random points: held-out RMSE below 15% of its spread', () => {
  const branin = (x: readonly number[]) => {
    const a = 15 * x[0] - 5, b = 15 * x[1];
    return (b - (5.1 / (4 * Math.PI ** 2)) * a * a + (5 / Math.PI) * a - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(a) + 10;
  };
  const r = new Rng(2);
  const X = Array.from({ length: 30 }, () => [r.uniform(), r.uniform()]);
  const gp = GaussianProcess.fit(X, X.map(branin), { seed: 1, outputTransform: 'standardize' });
  const T = Array.from({ length: 400 }, (_, i) => [((i % 20) + 0.5) / 20, (Math.floor(i / 20) + 0.5) / 20]);
  const truth = T.map(branin);
  const err = rmse(Array.from(gp.predict(T).mean, (m) => gp.fromModel(m)), truth) / sd(truth);
  assert.ok(err < 0.15, `relative RMSE ${err}`);
});

test('maximum a posteriori lengthscales recover those of GP prior samples (fixed seeds)', () => {
  const cases: { ls: number[]; n: number; seed: number }[] = [
    { ls: [0.15], n: 50, seed: 3 },
    { ls: [0.2, 2.0], n: 60, seed: 4 },
    { ls: [0.3, 0.1], n: 80, seed: 5 },
  ];
  for (const { ls, n, seed } of cases) {
    const r = new Rng(seed);
    const X = Array.from({ length: n }, () => ls.map(() => r.uniform()));
    const gp = GaussianProcess.fit(X, samplePrior(X, ls, r), { seed: 1, warp: false, outputTransform: 'standardize' });
    const fitted = Array.from(gp.hyperparameters.lengthscales);
    ls.forEach((l, i) => {
      // A long lengthscale (an almost irrelevant input) is only identified as "long".
      if (l >= 1) assert.ok(fitted[i] > 0.8, `ℓ_${i}: true ${l}, fitted ${fitted[i]}`);
      else assert.ok(fitted[i] > l / 1.4 && fitted[i] < l * 1.4, `ℓ_${i}: true ${l}, fitted ${fitted[i]}`);
    });
  }
});

test('the noise variance of noisy data is recovered (σ_noise = 0.1 on a smooth 2-D function)', () => {
  const r = new Rng(9);
  const n = 80;
  const X = Array.from({ length: n }, () => [r.uniform(), r.uniform()]);
  const y = X.map((x) => Math.sin(3 * x[0]) + Math.cos(2 * x[1]) + 0.1 * r.normal());
  const gp = GaussianProcess.fit(X, y, { seed: 1, outputTransform: 'standardize' });
  const rawNoise = gp.hyperparameters.noiseVariance * sd(y) ** 2; // model space is y / sd(y)
  assert.ok(rawNoise > 0.01 / 1.5 && rawNoise < 0.01 * 1.5, `noise variance ${rawNoise}`);
});

test('fits are deterministic under a seed, warm starts return to the optimum, categorical dims stay unwarped', () => {
  const r = new Rng(12);
  const X = Array.from({ length: 25 }, () => [r.uniform(), r.uniform(), r.int(3) / 2]);
  const y = X.map((x) => Math.exp(2 * x[0]) + Math.sin(5 * x[1]) + (x[2] > 0.7 ? 1 : 0));
  const opts = { seed: 4, categorical: [false, false, true] };
  const a = GaussianProcess.fit(X, y, opts);
  const b = GaussianProcess.fit(X, y, opts);
  assert.deepEqual(Array.from(a.theta), Array.from(b.theta));
  const d = 3;
  assert.equal(a.theta[d + 2 + 2], 0); // log a of the categorical dimension
  assert.equal(a.theta[2 * d + 2 + 2], 0); // log b
  const warm = GaussianProcess.fit(X, y, { ...opts, restarts: 1, warmStart: a.theta });
  const objective = (g: GaussianProcess) => g.logMarginalLikelihood + g.logPrior;
  assert.ok(objective(warm) >= objective(a) - 1e-3, `warm ${objective(warm)} vs ${objective(a)}`);
});

test("warp 'auto' keeps Kumaraswamy warping only where the data call for it", () => {
  const grid = Array.from({ length: 400 }, (_, i) => [((i % 20) + 0.5) / 20, (Math.floor(i / 20) + 0.5) / 20]);
  const heldOut = (g: GaussianProcess, f: (x: number[]) => number) => {
    const p = g.predict(grid);
    return rmse(Array.from(p.mean, (m) => g.fromModel(m)), grid.map(f));
  };
  // Fast change near x = 0, flat near 1: a power warping makes it stationary.
  const cliff = (x: number[]) => Math.sin(10 * Math.pow(x[0], 0.25)) + x[1];
  const r = new Rng(15);
  const X = Array.from({ length: 15 }, () => [r.uniform(), r.uniform()]);
  const auto = GaussianProcess.fit(X, X.map(cliff), { outputTransform: 'standardize' });
  const plain = GaussianProcess.fit(X, X.map(cliff), { outputTransform: 'standardize', warp: false });
  assert.ok(auto.warped);
  assert.equal(auto.theta.length, 3 * 2 + 2);
  assert.ok(heldOut(auto, cliff) < heldOut(plain, cliff) / 2, `RMSE auto ${heldOut(auto, cliff)} vs plain ${heldOut(plain, cliff)}`);

  const smooth = (x: number[]) => Math.sin(3 * x[0]) + x[1];
  const r2 = new Rng(30);
  const X2 = Array.from({ length: 30 }, () => [r2.uniform(), r2.uniform()]);
  const s = GaussianProcess.fit(X2, X2.map(smooth), { outputTransform: 'standardize' });
  assert.equal(s.warped, false);
  assert.equal(s.theta.length, 3 * 2 + 2); // the warped layout, a = b = 1, so warm starts fit either way
});

test('repeated configurations (noisy re-measurements) fit without error and the mean sits near their average', () => {
  const X = [[0.1, 0.5], [0.1, 0.5], [0.1, 0.5], [0.7, 0.2], [0.7, 0.2], [0.4, 0.9]];
  const y = [1, 1.2, 0.9, 3, 3.1, 2];
  const gp = GaussianProcess.fit(X, y, { seed: 1 });
  const at = gp.fromModel(gp.predict([[0.1, 0.5]]).mean[0]);
  assert.ok(Math.abs(at - (1 + 1.2 + 0.9) / 3) < 0.05, `mean at the repeated point ${at}`);
  assert.ok(gp.hyperparameters.noiseVariance > 1e-3, `noise ${gp.hyperparameters.noiseVariance}`);
  const constant = GaussianProcess.fit([[0.3], [0.3], [0.3]], [5, 5, 5]);
  assert.equal(constant.fromModel(constant.predict([[0.3]]).mean[0]), 5);
});

test("an 'auto' fit warm-started from a warped θ keeps the warping", () => {
  const cliff = (x: number[]) => Math.sin(10 * Math.pow(x[0], 0.25)) + x[1];
  const r = new Rng(16);
  const X = Array.from({ length: 20 }, () => [r.uniform(), r.uniform()]);
  const first = GaussianProcess.fit(X, X.map(cliff), { outputTransform: 'standardize' });
  assert.ok(first.warped);
  const x = [r.uniform(), r.uniform()];
  const next = GaussianProcess.fit([...X, x], [...X.map(cliff), cliff(x)], { outputTransform: 'standardize', warmStart: first.theta, restarts: 1 });
  assert.ok(next.warped);
});

test('a fit with no finite log posterior falls back to the prior medians and says so (fitWarning, onWarning)', () => {
  const rng = new Rng(5);
  const X = Array.from({ length: 8 }, () => [rng.uniform(), rng.uniform()]);
  const y = X.map(([a, b]) => Math.sin(5 * a) + b);
  const healthy = GaussianProcess.fit(X, y, { seed: 1, warp: false });
  assert.equal(healthy.fitWarning, undefined);
  // sd 0 on the signal variance: every θ's log prior is −∞ or NaN, so no start is finite.
  const priors = { logLengthscale: { mean: Math.log(0.5), sd: 1 }, logSignalVariance: { mean: 0, sd: 0 }, logNoiseVariance: { mean: Math.log(1e-3), sd: 2 }, logWarp: { mean: 0, sd: 0.75 } };
  const heard: string[] = [];
  for (const warp of [false, 'auto'] as const) {
    const gp = GaussianProcess.fit(X, y, { seed: 1, warp, priors, onWarning: (m) => heard.push(m) });
    assert.match(gp.fitWarning ?? '', /GP fit failed \(n = 8, d = 2\).*prior-median/);
    assert.ok(Math.abs(gp.hyperparameters.lengthscales[0] - 0.5) < 1e-12 && Math.abs(gp.hyperparameters.signalVariance - 1) < 1e-12);
    assert.ok(Number.isFinite(gp.predict([[0.3, 0.3]]).mean[0]), 'the fallback GP still predicts');
  }
  assert.equal(heard.length, 2);
});
