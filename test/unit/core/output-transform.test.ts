import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OutputTransform, OutputTransformError, fitYeoJohnsonLambda, skewness, yeoJohnson, yeoJohnsonInverse, yeoJohnsonLogLikelihood,
} from '../../../src/core/gp/output-transform.js';
import { Rng } from '../../../src/core/rng.js';

function standardized(v: number[]): number[] {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const s = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
  return v.map((x) => (x - m) / s);
}

test('Yeo–Johnson λ and transformed values match scikit-learn PowerTransformer docs ([[1, 2], [3, 2], [4, 5]])', () => {
  // Published: lambdas_ = [1.386..., -3.100...]; transform = [[-1.316, -0.707], [0.209, -0.707], [1.106, 1.414]].
  const col1 = [1, 3, 4], col2 = [2, 2, 5];
  const l1 = fitYeoJohnsonLambda(col1);
  const l2 = fitYeoJohnsonLambda(col2);
  assert.ok(l1 >= 1.386 && l1 < 1.387, `λ1 = ${l1}`);
  assert.ok(l2 <= -3.100 && l2 > -3.101, `λ2 = ${l2}`);
  const t1 = standardized(col1.map((y) => yeoJohnson(y, l1)));
  const t2 = standardized(col2.map((y) => yeoJohnson(y, l2)));
  [-1.316, 0.209, 1.106].forEach((v, i) => assert.ok(Math.abs(t1[i] - v) < 1e-3, `col1[${i}] = ${t1[i]}`));
  [-0.707, -0.707, 1.414].forEach((v, i) => assert.ok(Math.abs(t2[i] - v) < 1e-3, `col2[${i}] = ${t2[i]}`));
});

test('ψ follows its defining cases, including λ = 0 and λ = 2, and is inverted exactly', () => {
  assert.ok(Math.abs(yeoJohnson(3, 0) - Math.log(4)) < 1e-15);
  assert.ok(Math.abs(yeoJohnson(3, 0.5) - (Math.sqrt(4) - 1) / 0.5) < 1e-15);
  assert.ok(Math.abs(yeoJohnson(-3, 2) + Math.log(4)) < 1e-15);
  assert.ok(Math.abs(yeoJohnson(-3, 1.5) + (Math.sqrt(4) - 1) / 0.5) < 1e-15);
  assert.equal(yeoJohnson(-2.5, 1), -2.5); // λ = 1 is the identity
  assert.ok(Math.abs(yeoJohnson(7, 1) - 7) < 1e-14);
  for (const lambda of [-3, -1, 0, 1e-14, 0.5, 1, 2, 2 + 1e-14, 3.5]) {
    for (const y of [-50, -2, -0.3, 0, 0.4, 3, 80]) {
      const back = yeoJohnsonInverse(yeoJohnson(y, lambda), lambda);
      assert.ok(Math.abs(back - y) <= 1e-9 * (1 + Math.abs(y)), `λ=${lambda} y=${y}: ${back}`);
    }
  }
  // Outside the image (λ < 0 bounds ψ above by −1/λ) the inverse saturates instead of returning NaN.
  assert.equal(yeoJohnsonInverse(1.5, -1), Infinity);
  assert.equal(yeoJohnsonInverse(-1.5, 3), -Infinity);
});

test('the fitted λ maximises the profile log-likelihood', () => {
  const r = new Rng(4);
  const y = Array.from({ length: 40 }, () => Math.exp(r.normal()));
  const l = fitYeoJohnsonLambda(y);
  const best = yeoJohnsonLogLikelihood(y, l);
  for (const dl of [-0.01, 0.01, -0.3, 0.3]) assert.ok(yeoJohnsonLogLikelihood(y, l + dl) < best);
});

test('standardize: zero mean, unit variance, exact inverse; constant data keeps scale 1', () => {
  const y = [3, 7, 8, 1, 12];
  const t = OutputTransform.fit(y, 'standardize');
  assert.equal(t.kind, 'standardize');
  const z = Array.from(t.forwardAll(y));
  const m = z.reduce((a, b) => a + b, 0) / z.length;
  const v = z.reduce((a, b) => a + (b - m) ** 2, 0) / z.length;
  assert.ok(Math.abs(m) < 1e-15 && Math.abs(v - 1) < 1e-12);
  for (const x of [...y, -100, 1e4]) assert.ok(Math.abs(t.inverse(t.forward(x)) - x) < 1e-9 * (1 + Math.abs(x)));
  const c = OutputTransform.fit([5, 5, 5], 'standardize');
  assert.equal(c.forward(5), 0);
  assert.equal(c.forward(6), 1);
});

test('yeo-johnson mode: standardised output, monotone, invertible, and independent of the unit of y', () => {
  const r = new Rng(11);
  const ms = Array.from({ length: 30 }, () => 15 * Math.exp(2 * r.normal())); // latency-like, heavy right tail
  const t = OutputTransform.fit(ms, 'yeo-johnson');
  assert.equal(t.kind, 'yeo-johnson');
  assert.ok(t.lambda !== undefined && t.lambda < 1, `λ = ${t.lambda}`);
  const z = Array.from(t.forwardAll(ms));
  const m = z.reduce((a, b) => a + b, 0) / z.length;
  assert.ok(Math.abs(m) < 1e-12);
  // Not all the way to symmetric (ψ maximises a normal likelihood, and the heaviest tails stay
  // heavy), but most of the skew is gone.
  assert.ok(Math.abs(skewness(z)) < Math.abs(skewness(ms)) / 2, `skew ${skewness(ms)} → ${skewness(z)}`);
  const sorted = [...ms].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) assert.ok(t.forward(sorted[i]) > t.forward(sorted[i - 1]));
  for (const y of [...ms, 0.001, 5000]) assert.ok(Math.abs(t.inverse(t.forward(y)) - y) <= 1e-8 * (1 + Math.abs(y)));
  const seconds = OutputTransform.fit(ms.map((v) => v / 1000), 'yeo-johnson');
  assert.ok(Math.abs((seconds.lambda as number) - (t.lambda as number)) < 1e-6);
  for (const y of ms) assert.ok(Math.abs(seconds.forward(y / 1000) - t.forward(y)) < 1e-7); // λ is found to ~1e-8
});

test("auto picks Yeo–Johnson for skewed data and plain standardisation for Gaussian or tiny samples", () => {
  const r = new Rng(5);
  const skewed = Array.from({ length: 30 }, () => Math.exp(1.5 * r.normal()));
  const gaussian = Array.from({ length: 30 }, () => 10 + r.normal());
  assert.equal(OutputTransform.fit(skewed, 'auto').kind, 'yeo-johnson');
  assert.equal(OutputTransform.fit(gaussian, 'auto').kind, 'standardize');
  assert.equal(OutputTransform.fit([1, 2, 300], 'auto').kind, 'standardize');
  assert.equal(OutputTransform.fit(skewed).kind, 'yeo-johnson'); // 'auto' is the default
});

test('none is the identity; bad targets and kinds are clear errors', () => {
  const t = OutputTransform.fit([1, 2, 3], 'none');
  assert.equal(t.forward(42), 42);
  assert.equal(t.inverse(-3), -3);
  assert.throws(() => OutputTransform.fit([1, NaN], 'auto'), OutputTransformError);
  assert.throws(() => OutputTransform.fit([1, 2], 'log' as never), /unknown output transform/);
});
