import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imputeCensored, inverseMillsRatio, truncatedNormalMean } from '../../../src/core/censored.js';
import type { OptimizationProblem } from '../../../src/core/problem.js';
import { Space } from '../../../src/core/space.js';
import type { Observation } from '../../../src/core/types.js';

test('truncated normal mean: published values, both sides, and far tails without cancellation', () => {
  // E[Z | Z >= 0] = φ(0)/(1 − Φ(0)) = √(2/π).
  assert.ok(Math.abs(truncatedNormalMean(0, 1, 0, 'above') - Math.sqrt(2 / Math.PI)) < 1e-12);
  assert.ok(Math.abs(truncatedNormalMean(0, 1, 0, 'below') + Math.sqrt(2 / Math.PI)) < 1e-12);
  // E[Z | Z >= 1] = φ(1)/(1 − Φ(1)) = 1.525135276...
  assert.ok(Math.abs(truncatedNormalMean(0, 1, 1, 'above') - 1.525135276160981) < 1e-9);
  // Scaled and shifted: E[X | X >= 13] for X ~ N(10, 3²) = 10 + 3·1.5251...
  assert.ok(Math.abs(truncatedNormalMean(10, 3, 13, 'above') - (10 + 3 * 1.525135276160981)) < 1e-9);
  // A bound 40σ above the mean: the mean is just above the bound (λ(a) ≈ a + 1/a).
  const far = truncatedNormalMean(0, 1, 40, 'above');
  assert.ok(far > 40 && far < 40.03, String(far));
  assert.ok(Math.abs(inverseMillsRatio(40) - (40 + 1 / 40 - 2 / 40 ** 3)) < 1e-6);
  // Far below the mean the bound hardly matters.
  assert.ok(Math.abs(truncatedNormalMean(5, 1, -30, 'above') - 5) < 1e-12);
  assert.equal(truncatedNormalMean(5, 0, 7, 'above'), 7);
});

const space = new Space({ x: { type: 'float', min: 0, max: 1 } });
const problem: OptimizationProblem = { space, constraints: [], objectives: 1, outcomeConstraints: [{ name: 'p99', upper: 100 }] };
const obs = (x: number, y: number, censored = false, outcome = 50, outcomeSide: 'above' | 'below' | null = null): Observation => ({
  params: { x }, feasible: true, objectives: [y], outcomes: [outcome],
  ...(censored || outcomeSide ? { censored: { objectives: [censored], outcomes: [outcomeSide] } } : {}),
});

test('imputeCensored: measured values untouched, every censored value on the right side of its bound, marks dropped', () => {
  // f(x) = 10x²: smooth, increasing; the censored points sit where the truth is 6.4 and 8.1, bounds at 2.
  const history = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((x) => obs(x, 10 * x * x));
  history.push(obs(0.8, 2, true), obs(0.9, 2, true, 300, 'above'));
  history.push({ params: { x: 0.95 }, feasible: false });
  const out = imputeCensored(problem, history, { seed: 1 });
  for (let i = 0; i < 7; i++) assert.deepEqual(out[i], history[i]);
  assert.ok(out.every((o) => o.censored === undefined));
  assert.equal(out[9].feasible, false);
  const [a, b] = [out[7].objectives?.[0] as number, out[8].objectives?.[0] as number];
  assert.ok(a >= 2 && b >= 2);
  // The GP extrapolates the trend: both imputations lie well above the bound, towards the truth.
  assert.ok(a > 3.5 && b > 3.5, `imputed ${a}, ${b}`);
  assert.ok((out[8].outcomes?.[0] as number) >= 300, 'a censored SLO metric stays above its bound');
  // The bound alone would have made x = 0.8 look better than x = 0.5 (2 < 2.5); the imputation does not.
  assert.ok(a > 2.5);
});

test('imputeCensored: a throughput-like bound from above stays below it; too little data falls back to max(bound, worst seen)', () => {
  const few = [obs(0.1, 1), obs(0.2, 3), obs(0.7, 0.5, true)];
  assert.deepEqual(imputeCensored(problem, few, { seed: 1 })[2].objectives, [3]);
  const below = [0, 0.2, 0.4, 0.6].map((x) => obs(x, x, false, 100 - 10 * x));
  below.push(obs(0.9, 0.9, false, 120, 'below'));
  const v = imputeCensored(problem, below, { seed: 2 })[4].outcomes?.[0] as number;
  assert.ok(v <= 120, String(v));
  assert.deepEqual(imputeCensored(problem, below, { seed: 2, method: 'bound' })[4].outcomes, [120]);
  assert.deepEqual(imputeCensored(problem, few, { seed: 1, method: 'worst-observed' })[2].objectives, [3]);
});

test('imputeCensored: deterministic under a seed, and a history without censoring is returned as is', () => {
  const history = [0, 0.1, 0.3, 0.5, 0.7].map((x) => obs(x, Math.sin(6 * x)));
  history.push(obs(0.9, -0.5, true));
  assert.deepEqual(imputeCensored(problem, history, { seed: 4 }), imputeCensored(problem, history, { seed: 4 }));
  const clean = history.slice(0, 5);
  assert.deepEqual(imputeCensored(problem, clean, { seed: 4 }), clean);
});
