// Our POF forest against ml-random-forest, the library issue 2 names for it, on the hidden crash region
// of the benchmark (a half-space and a ball in 6-D, 40% of the cube). The library stays a
// devDependency for this comparison only: its CART trees cut halfway between samples (ml-cart's only
// split rule), so they agree with each other and report 0 or 1 far from the evidence, where our
// randomised cuts fall off gradually. If the library ever ranks crashes better, this test says so.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomForestRegression } from 'ml-random-forest';
import { FeasibilityModel } from '../../../src/core/feasibility.js';
import { hartmann6Crashes } from '../../../src/core/problems/hartmann6-crash.js';
import { Rng } from '../../../src/core/rng.js';
import { median } from '../../../src/core/stats.js';

/** Probability that a random feasible point gets a higher POF than a random crashing one. */
function auc(pof: readonly number[], feasible: readonly boolean[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < pof.length; i++) {
    if (!feasible[i]) continue;
    for (let j = 0; j < pof.length; j++) {
      if (feasible[j]) continue;
      pairs++;
      wins += pof[i] > pof[j] ? 1 : pof[i] === pof[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

test('on the benchmark crash region our forest ranks crashes at least as well as ml-random-forest', (t) => {
  const ours: number[] = [];
  const library: number[] = [];
  for (let seed = 0; seed < 12; seed++) {
    const rng = new Rng(1000 + seed, 20);
    // 20 observations, as a tuning run has after its design; tests half uniform, half near the
    // observations (where a BO proposes).
    const X = Array.from({ length: 20 }, () => Array.from({ length: 6 }, () => rng.uniform()));
    const y = X.map((x) => !hartmann6Crashes(x));
    if (y.every(Boolean) || !y.some(Boolean)) continue;
    const T = Array.from({ length: 240 }, (_, i) =>
      i % 2 ? Array.from({ length: 6 }, () => rng.uniform()) : X[i % 20].map((v) => Math.min(1, Math.max(0, v + 0.3 * (rng.uniform() - 0.5)))),
    );
    const truth = T.map((x) => !hartmann6Crashes(x));

    const model = FeasibilityModel.fit(X, y, { seed });
    ours.push(auc(T.map((x) => model.predict(x)), truth));

    // The configuration SCOOT used before (bagged CART trees over all inputs, grown to purity).
    const forest = new RandomForestRegression({
      nEstimators: 50,
      maxFeatures: 1.0,
      replacement: false,
      useSampleBagging: true,
      noOOB: true,
      seed: seed + 1,
      selectionMethod: 'mean',
      treeOptions: { minNumSamples: 2, gainThreshold: -1 },
    });
    forest.train(X, y.map((f) => (f ? 1 : 0)));
    library.push(auc(forest.predict(T), truth));
  }
  assert.ok(ours.length >= 10, `only ${ours.length} seeds had both classes`);
  const [a, b] = [median(ours), median(library)];
  t.diagnostic(`median AUC over ${ours.length} seeds: ours ${a.toFixed(3)}, ml-random-forest ${b.toFixed(3)}`);
  assert.ok(a >= b, `median AUC: ours ${a.toFixed(3)}, ml-random-forest ${b.toFixed(3)}`);
  assert.ok(a > 0.85, `median AUC of our forest ${a.toFixed(3)}`);
});
