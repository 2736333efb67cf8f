import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeasibilityModel } from '../../../src/core/feasibility.js';
import { pofThreshold } from '../../../src/core/pof-threshold.js';
import { Rng } from '../../../src/core/rng.js';
import type { Observation } from '../../../src/core/types.js';

test('the forest learns a crash region: POF is low inside, high outside', () => {
  const rng = new Rng(5);
  const inCrash = (x: number[]) => x[0] > 0.6 && x[1] > 0.5;
  const X = Array.from({ length: 80 }, () => [rng.uniform(), rng.uniform(), rng.uniform()]);
  const model = FeasibilityModel.fit(X, X.map((x) => !inCrash(x)), { seed: 1 });
  let correct = 0;
  for (let i = 0; i < 2000; i++) {
    const x = [rng.uniform(), rng.uniform(), rng.uniform()];
    const p = model.predict(x);
    assert.ok(p >= 0 && p <= 1);
    if ((p >= 0.5) === !inCrash(x)) correct++;
  }
  assert.ok(correct / 2000 > 0.9, `accuracy ${correct / 2000}`);
  assert.ok(model.predict([0.9, 0.9, 0.5]) < 0.2);
  assert.ok(model.predict([0.1, 0.1, 0.5]) > 0.8);
});

test('with one class only, POF is that class; with no data, 1', () => {
  assert.equal(FeasibilityModel.fit([[0.1], [0.2]], [true, true]).predict([0.5]), 1);
  assert.equal(FeasibilityModel.fit([[0.1], [0.2]], [false, false]).predict([0.5]), 0);
  assert.equal(FeasibilityModel.fit([], []).predict([0.5]), 1);
});

test('the forest is deterministic under its seed', () => {
  const rng = new Rng(9);
  const X = Array.from({ length: 40 }, () => [rng.uniform(), rng.uniform()]);
  const y = X.map((x) => x[0] < 0.5);
  const a = FeasibilityModel.fit(X, y, { seed: 3 }), b = FeasibilityModel.fit(X, y, { seed: 3 });
  for (const x of [[0.2, 0.3], [0.49, 0.9], [0.7, 0.1]]) assert.equal(a.predict(x), b.predict(x));
});

test('between one feasible and one infeasible sample, POF falls linearly: every cut point is uniform between them', () => {
  // Each tree makes one split of [0.2, 0.8] at a uniform cut c; POF(x) = P(c > x) = (0.8 − x) / 0.6.
  const model = FeasibilityModel.fit([[0.2], [0.8]], [true, false], { seed: 4, trees: 4000 });
  assert.equal(model.predict([0.1]), 1);
  assert.equal(model.predict([0.2]), 1);
  assert.equal(model.predict([0.8]), 0);
  assert.equal(model.predict([0.95]), 0);
  for (const x of [0.35, 0.5, 0.65]) {
    const expected = (0.8 - x) / 0.6;
    assert.ok(Math.abs(model.predict([x]) - expected) < 0.03, `POF(${x}) = ${model.predict([x])}, expected ${expected}`);
  }
});

test('an input that cannot separate the labels is never split on', () => {
  // x1 is constant, so every cut is on x0; POF does not depend on x1 at all.
  const X = [[0.1, 0.5], [0.3, 0.5], [0.7, 0.5], [0.9, 0.5]];
  const model = FeasibilityModel.fit(X, [true, true, false, false], { seed: 2 });
  for (const x0 of [0.05, 0.5, 0.95]) assert.equal(model.predict([x0, 0]), model.predict([x0, 1]));
  assert.equal(model.predict([0.05, 0.5]), 1);
  assert.equal(model.predict([0.95, 0.5]), 0);
});

test('identical inputs with different labels give their mean; mismatched shapes are refused', () => {
  assert.equal(FeasibilityModel.fit([[0.4], [0.4], [0.4], [0.4]], [true, false, false, false]).predict([0.4]), 0.25);
  assert.throws(() => FeasibilityModel.fit([[0.1], [0.2]], [true]), /2 inputs but 1 labels/);
  assert.throws(() => FeasibilityModel.fit([[0.1, 0.2], [0.2]], [true, false]), /input 1 has 1 coordinates, expected 2/);
  assert.throws(() => FeasibilityModel.fit([[0.1], [0.2]], [true, false], { trees: 0 }), /positive integer/);
});

const obs = (feasible: boolean, source: Observation['source'] = 'bo'): Observation => ({ params: {}, feasible, source });

test('δ follows Algorithm 1: +0.05 after a crash (at least 0.5, at most 0.75), −0.05 per five feasible in a row (at least 0.25)', () => {
  assert.equal(pofThreshold([]), 0.5);
  assert.equal(pofThreshold([obs(false)]), 0.55);
  assert.equal(pofThreshold([obs(false), obs(false)]), 0.6);
  assert.equal(pofThreshold(Array(10).fill(obs(false))), 0.75);
  assert.equal(pofThreshold(Array(4).fill(obs(true))), 0.5);
  assert.equal(pofThreshold(Array(5).fill(obs(true))), 0.45);
  assert.equal(pofThreshold(Array(10).fill(obs(true))), 0.4);
  assert.equal(pofThreshold(Array(100).fill(obs(true))), 0.25);
  // from 0.25 a single crash jumps back to max(0.25 + 0.05, 0.5) = 0.5
  assert.equal(pofThreshold([...Array(100).fill(obs(true)), obs(false)]), 0.5);
  // a crash resets the feasible run
  assert.equal(pofThreshold([...Array(4).fill(obs(true)), obs(false), ...Array(4).fill(obs(true))]), 0.55);
});

test('initial-design, default and robustness observations do not move δ', () => {
  assert.equal(pofThreshold([obs(false, 'sobol'), obs(false, 'default'), obs(false, 'robustness')]), 0.5);
});
