// Outcome constraints (issue 2, item 8): a GP per SLO metric, and acquisitions weighted by the
// probability of meeting every SLO. The problem: minimise f = (x1 − 0.9)² + (x2 − 0.5)² while a
// measured metric g = x1 must stay ≤ 0.5, so the unconstrained optimum (0.9, 0.5) breaks the SLO and
// the constrained one is (0.5, 0.5) with f = 0.16.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalCdf } from '../../../src/core/normal.js';
import type { OptimizationProblem } from '../../../src/core/problem.js';
import { boxSpace } from '../../../src/core/problems/test-problem.js';
import { ScootSuggester } from '../../../src/core/suggesters/scoot.js';
import { fitSurrogates, logProbabilityOfSlos } from '../../../src/core/suggesters/surrogates.js';
import type { Observation, Params } from '../../../src/core/types.js';

const SLO = 0.5;
const CONSTRAINED_OPTIMUM = 0.16;

function problem(withSlo: boolean): OptimizationProblem {
  return {
    space: boxSpace([
      [0, 1],
      [0, 1],
    ]),
    constraints: [],
    objectives: 1,
    outcomeConstraints: withSlo ? [{ name: 'g', upper: SLO }] : [],
    initialDesignSize: 5,
  };
}

function observe(params: Params): Observation {
  const [x1, x2] = [params.x1 as number, params.x2 as number];
  return { params, feasible: true, objectives: [(x1 - 0.9) ** 2 + (x2 - 0.5) ** 2], outcomes: [x1], source: 'bo' };
}

function run(p: OptimizationProblem, seed: number, evaluations: number): Observation[] {
  const suggester = new ScootSuggester(p, { seed, populationSize: 40, generations: 30 });
  const history: Observation[] = [];
  while (history.length < evaluations) {
    const [next] = suggester.suggest({ history, q: 1 });
    history.push({ ...observe(next.params), source: next.source });
  }
  return history;
}

test('one GP per SLO metric; log P(SLO) is log Φ of the bound against its posterior', () => {
  const p = problem(true);
  const history = [0.1, 0.3, 0.45, 0.7, 0.95].flatMap((x1) => [0.2, 0.8].map((x2) => observe({ x1, x2 })));
  const s = fitSurrogates(p, history, { seed: 1, outputTransform: 'standardize', warp: false });
  assert.equal(s.outcomes.length, 1);
  assert.deepEqual(s.meetsSlos, history.map((o) => (o.outcomes as number[])[0] <= SLO));

  const candidates = [
    [0.1, 0.5],
    [0.5, 0.5],
    [0.9, 0.5],
  ];
  const logP = logProbabilityOfSlos(s.outcomes, candidates);
  const { mean, variance } = s.outcomes[0].gp.predict(candidates);
  // Where Φ is representable, the stable log form agrees with the direct one.
  [0, 1].forEach((i) => {
    const expected = Math.log(normalCdf((s.outcomes[0].gp.toModel(SLO) - mean[i]) / Math.sqrt(variance[i])));
    assert.ok(Math.abs(logP[i] - expected) < 1e-9, `candidate ${i}: ${logP[i]} vs ${expected}`);
  });
  // g = x1 is smooth and well sampled: clearly inside, on the bound, clearly outside.
  assert.ok(Math.exp(logP[0]) > 0.99, `P(SLO) at x1 = 0.1: ${Math.exp(logP[0])}`);
  assert.ok(Math.abs(Math.exp(logP[1]) - 0.5) < 0.1, `P(SLO) at x1 = 0.5: ${Math.exp(logP[1])}`);
  assert.ok(logP[2] < Math.log(0.01), `P(SLO) at x1 = 0.9: ${Math.exp(logP[2])}`);
});

test('with several SLOs the log-probabilities add (independent GPs)', () => {
  const p: OptimizationProblem = { ...problem(true), outcomeConstraints: [{ name: 'g', upper: SLO }, { name: 'g', lower: 0.3 }] };
  const history = [0.1, 0.3, 0.45, 0.7, 0.95].flatMap((x1) => [0.2, 0.8].map((x2) => ({ ...observe({ x1, x2 }), outcomes: [x1, x1] })));
  const s = fitSurrogates(p, history, { seed: 1, outputTransform: 'standardize', warp: false });
  const x = [[0.3, 0.5]]; // on the lower bound: P(g ≥ 0.3) ≈ ½
  const both = logProbabilityOfSlos(s.outcomes, x)[0];
  const each = logProbabilityOfSlos([s.outcomes[0]], x)[0] + logProbabilityOfSlos([s.outcomes[1]], x)[0];
  assert.ok(Math.abs(both - each) < 1e-12);
  // Near the lower bound the second SLO bites: P(both) is visibly below P(upper alone).
  assert.ok(both < logProbabilityOfSlos([s.outcomes[0]], x)[0] - 0.05, `log P: both ${both}, upper alone ${logProbabilityOfSlos([s.outcomes[0]], x)[0]}`);
});

test('SCOOT optimises for the SLO instead of filtering afterwards: it converges on the constrained optimum', (t) => {
  for (const seed of [0, 1]) {
    const history = run(problem(true), seed, 20);
    const bo = history.filter((o) => o.source === 'bo');
    const meeting = bo.filter((o) => (o.outcomes as number[])[0] <= SLO + 0.02).length / bo.length;
    const best = Math.min(...history.filter((o) => (o.outcomes as number[])[0] <= SLO).map((o) => (o.objectives as number[])[0]));
    assert.ok(meeting >= 0.75, `seed ${seed}: ${(meeting * 100).toFixed(0)}% of BO suggestions near or inside the SLO`);
    assert.ok(best - CONSTRAINED_OPTIMUM < 0.01, `seed ${seed}: best SLO-meeting f ${best.toFixed(4)} (optimum ${CONSTRAINED_OPTIMUM})`);

    // Without the SLO the same optimiser heads for the unconstrained optimum at x1 = 0.9.
    const free = run(problem(false), seed, 20).filter((o) => o.source === 'bo');
    const freeMeeting = free.filter((o) => (o.outcomes as number[])[0] <= SLO + 0.02).length / free.length;
    t.diagnostic(`seed ${seed}: ${(meeting * 100).toFixed(0)}% of BO suggestions meet the SLO (${(freeMeeting * 100).toFixed(0)}% without it); best f ${best.toFixed(4)}`);
    assert.ok(freeMeeting < 0.5, `seed ${seed}: without the SLO ${(freeMeeting * 100).toFixed(0)}% still met it`);
  }
});
