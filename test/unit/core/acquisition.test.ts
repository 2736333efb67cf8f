import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logH, logNormalCdf, log1mexp, normalCdf, normalPdf } from '../../../src/core/normal.js';
import { logExpectedImprovement, logProbabilityOfImprovement, logProbabilityWithin, ucbKappa } from '../../../src/core/acquisition.js';

const close = (a: number, b: number, rel = 1e-10) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('Φ and φ match tabulated values', () => {
  close(normalCdf(0), 0.5);
  close(normalCdf(1.959963984540054), 0.975, 1e-12);
  close(normalCdf(-1), 0.15865525393145707, 1e-12);
  close(normalPdf(0), 0.3989422804014327, 1e-15);
});

test('log Φ is accurate deep in the lower tail (asymptotic series) and near 0', () => {
  // log Φ(z) ~ -z²/2 - log(-z) - log√(2π) + log(1 - 1/z² + 3/z⁴ - 15/z⁶) for large -z
  for (const z of [-40, -100, -1000]) {
    const series = -0.5 * z * z - Math.log(-z) - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - 1 / z ** 2 + 3 / z ** 4 - 15 / z ** 6);
    close(logNormalCdf(z), series, 1e-12);
  }
  close(logNormalCdf(-3), Math.log(0.0013498980316300946), 1e-12);
  close(logNormalCdf(5), Math.log1p(-2.866515718791939e-7), 1e-9);
  assert.ok(Number.isFinite(logNormalCdf(-1e5)));
});

test('log1mexp is exact on both branches', () => {
  close(log1mexp(-1e-10), Math.log(1e-10), 1e-6);
  close(log1mexp(-50), -Math.exp(-50), 1e-12);
  close(log1mexp(-0.5), Math.log(1 - Math.exp(-0.5)), 1e-14);
});

test('log h agrees with the direct formula where it is representable, and with the asymptote beyond', () => {
  for (const z of [-5, -2, -1.5, -0.5, 0, 1, 3]) close(logH(z), Math.log(normalPdf(z) + z * normalCdf(z)), 1e-9);
  // h(z) ~ φ(z)/z² (1 - 3/z² + 15/z⁴) as z → -∞
  for (const z of [-50, -300]) close(logH(z), Math.log(normalPdf(z)) - 2 * Math.log(-z) + Math.log(1 - 3 / z ** 2 + 15 / z ** 4), 1e-9);
  close(logH(-1e9), -0.5 * 1e18 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(1e9), 1e-12);
  // continuity across branch points
  close(logH(-1 - 1e-9), logH(-1 + 1e-9), 1e-7);
});

test('EI equals its closed form and is monotone in the mean', () => {
  const mean = 1, sigma = 0.5, best = 1.2;
  const z = (best - 1e-4 - mean) / sigma;
  close(Math.exp(logExpectedImprovement(mean, sigma, best)), sigma * (z * normalCdf(z) + normalPdf(z)), 1e-12);
  close(Math.exp(logProbabilityOfImprovement(mean, sigma, best)), normalCdf(z), 1e-12);
  assert.ok(logExpectedImprovement(5, 0.1, 0) < logExpectedImprovement(4, 0.1, 0));
  assert.ok(Number.isFinite(logExpectedImprovement(100, 0.01, 0)));
});

test('probability of meeting an SLO', () => {
  close(Math.exp(logProbabilityWithin(0, 1, undefined, 1.959963984540054)), 0.975, 1e-12);
  close(Math.exp(logProbabilityWithin(0, 1, -1.959963984540054, undefined)), 0.975, 1e-12);
  close(Math.exp(logProbabilityWithin(0, 1, -1, 1)), 0.6826894921370859, 1e-12);
  assert.equal(logProbabilityWithin(0, 1, undefined, undefined), 0);
});

test('UCB kappa follows the β schedule and grows with t and d', () => {
  // t = 1: β = 2·0.5·log(π²/0.03)
  close(ucbKappa(1, 1, 4), Math.sqrt(Math.log(Math.PI ** 2 / 0.03)), 1e-12);
  assert.ok(ucbKappa(30, 1, 4) > ucbKappa(10, 1, 4));
  assert.ok(ucbKappa(30, 1, 12) > ucbKappa(30, 1, 4));
  close(ucbKappa(40, 4, 4), ucbKappa(10, 1, 4), 1e-12);
});
