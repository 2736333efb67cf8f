import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRecommendation, recommend } from '../../../src/core/recommend.js';
import type { OptimizationProblem } from '../../../src/core/problem.js';
import { createProblem } from '../../../src/core/problems/index.js';
import { boxSpace, inequalityConstraint } from '../../../src/core/problems/test-problem.js';
import { Rng } from '../../../src/core/rng.js';
import type { Observation } from '../../../src/core/types.js';

const line: OptimizationProblem = { space: boxSpace([[0, 1]]), constraints: [], objectives: 1 };
const truth = (x: number) => 100 + 200 * (x - 0.4) ** 2;

/** 15 measurements of a smooth bowl with σ = 3 noise, and one lucky measurement far from the optimum (x = 0.9: true 150, measured 95). */
function noisyBowl(): Observation[] {
  const rng = new Rng(3);
  const xs = Array.from({ length: 15 }, (_, i) => 0.03 + (0.94 * i) / 14);
  const history = xs.map((x): Observation => ({ params: { x1: x }, feasible: true, objectives: [truth(x) + 3 * rng.normal()] }));
  history.push({ params: { x1: 0.9 }, feasible: true, objectives: [95] });
  return history;
}

test('noise-free data: the recommendation is the best measurement', () => {
  const p = createProblem('branin');
  const rng = new Rng(1);
  const history: Observation[] = Array.from({ length: 20 }, () => {
    const params = { x1: rng.range(-5, 10), x2: rng.range(0, 15) };
    return { params, feasible: true, objectives: p.evaluate(params) };
  });
  const r = recommend(p, history, { seed: 2 });
  const measured = history.map((o) => (o.objectives as number[])[0]);
  assert.equal(r.best, measured.indexOf(Math.min(...measured)));
  assert.deepEqual(r.pareto, [r.best]);
});

test('noisy data: a lucky measurement far from the optimum is not recommended; the posterior mean is', () => {
  const history = noisyBowl();
  const measured = history.map((o) => (o.objectives as number[])[0]);
  assert.equal(measured.indexOf(Math.min(...measured)), 15, 'the lucky one is the best measurement');
  const r = recommend(line, history, { seed: 1 });
  assert.ok(r.best !== undefined && r.best !== 15, `recommended ${r.best}`);
  const x = history[r.best].params.x1 as number;
  assert.ok(truth(x) < 103, `recommended x = ${x}, true value ${truth(x)}`);
  // The estimate of the lucky configuration is pulled towards its neighbours' (true value 150).
  assert.ok((r.estimates[15] as number[])[0] > 120, `estimate at x = 0.9: ${r.estimates[15]}`);
});

test('only feasible observations that met every SLO and the known constraints are candidates; too few for a GP: the measurements decide', () => {
  const p: OptimizationProblem = { ...line, outcomeConstraints: [{ name: 'p99', upper: 10 }], constraints: [inequalityConstraint('x1 <= 0.8', (q) => (q.x1 as number) - 0.8)] };
  const history: Observation[] = [
    { params: { x1: 0.1 }, feasible: true, objectives: [5], outcomes: [20] }, // best value, breaks the SLO
    { params: { x1: 0.5 }, feasible: false },
    { params: { x1: 0.9 }, feasible: true, objectives: [6], outcomes: [9], source: 'default' }, // a default measured outside the known constraints
    { params: { x1: 0.7 }, feasible: true, objectives: [7], outcomes: [9] },
  ];
  const r = recommend(p, history);
  assert.equal(r.best, 3);
  assert.deepEqual(r.estimates.map((e) => e !== undefined), [false, false, false, true]);
  assert.deepEqual(recommend(p, [history[0], history[1]]), { pareto: [], estimates: [undefined, undefined] });
});

test('several objectives: the Pareto set, and as best the point with the largest own box against the reference (or the nadir)', () => {
  const points = [
    [20, 45], // box against (100, 50): 80 × 5 = 400
    [60, 20], // 40 × 30 = 1200  ← best
    [70, 30], // dominated by [60, 20]
    [90, 10], // 10 × 40 = 400
  ];
  assert.deepEqual(chooseRecommendation(points, [100, 50]), { best: 1, pareto: [0, 1, 3] });
  // Nothing beats (10, 10) in both: boxes against the front's nadir (90, 45) + 10% of its range (7, 3.5) = (97, 48.5).
  const fallback = chooseRecommendation(points, [10, 10]);
  assert.equal(fallback.best, 1); // (97−60)·(48.5−20) = 1054.5 beats (97−20)·3.5 and (97−90)·38.5
  assert.deepEqual(chooseRecommendation([[3], [1], [2]]), { best: 1, pareto: [1] });
  assert.deepEqual(chooseRecommendation([]), { pareto: [] });
});

test('a reference given as an observation uses that observation\'s estimate', () => {
  const p: OptimizationProblem = { space: boxSpace([[0, 1]]), constraints: [], objectives: 2 };
  const history: Observation[] = [
    { params: { x1: 0.5 }, feasible: true, objectives: [100, 50], source: 'default' },
    { params: { x1: 0.1 }, feasible: true, objectives: [20, 45] },
  ];
  assert.deepEqual(recommend(p, history, { reference: { observation: 0 } }).best, 1);
});

test('an evaluation stopped early (censored: its value is a bound) is never recommended, however good the bound looks', () => {
  const history = noisyBowl().slice(0, 15);
  // x = 0.4 would be the true optimum; measured only up to a lower bound of 60 before it was stopped.
  history.push({ params: { x1: 0.41 }, feasible: true, objectives: [60], censored: { objectives: [true] } });
  history.push({ params: { x1: 0.42 }, feasible: true, objectives: [99] });
  const r = recommend(line, history, { seed: 1 });
  assert.ok(r.best !== undefined && r.best !== 15, `recommended ${r.best}`);
  assert.equal(r.estimates[15], undefined);
  assert.equal(recommend(line, history, { seed: 1, excluded: [r.best] }).best === r.best, false, 'excluded indices are never chosen');
});
