import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logExpectedImprovement, logProbabilityOfImprovement, lowerConfidenceBound } from '../../../src/core/acquisition.js';
import { parseConstraint } from '../../../src/core/constraints.js';
import { ExpectedHypervolumeImprovement } from '../../../src/core/ehvi.js';
import { FeasibilityModel } from '../../../src/core/feasibility.js';
import { pofThreshold } from '../../../src/core/pof-threshold.js';
import { satisfiesKnownConstraints, type OptimizationProblem } from '../../../src/core/problem.js';
import { createProblem } from '../../../src/core/problems/index.js';
import { boxSpace, type TestProblem } from '../../../src/core/problems/test-problem.js';
import { Rng } from '../../../src/core/rng.js';
import { Space } from '../../../src/core/space.js';
import { admissibility } from '../../../src/core/suggesters/acquisition-search.js';
import { ehviBatch } from '../../../src/core/suggesters/ehvi-search.js';
import { maceParetoSet } from '../../../src/core/suggesters/mace.js';
import { ScootSuggester } from '../../../src/core/suggesters/scoot.js';
import { fitSurrogates, logFeasibility, POF_WEIGHT_EXPONENT, scootPriorMean, scootSurrogateOptions } from '../../../src/core/suggesters/surrogates.js';
import { runOptimization } from '../../../src/core/benchmark/run.js';
import { createSuggester } from '../../../src/core/suggesters/index.js';
import type { Observation, Params } from '../../../src/core/types.js';

function observe(p: TestProblem, params: Params, source: Observation['source'] = 'bo'): Observation {
  const y = p.evaluate(params);
  return y ? { params, feasible: true, objectives: y, source } : { params, feasible: false, source };
}

/** n uniformly random points of p, evaluated (seeded). */
function randomHistory(p: TestProblem, n: number, seed: number): Observation[] {
  const rng = new Rng(seed, 99);
  const out: Observation[] = [];
  while (out.length < n) {
    const params = p.space.decode(p.space.names.map(() => rng.uniform()));
    if (satisfiesKnownConstraints(p, params)) out.push(observe(p, params, 'sobol'));
  }
  return out;
}

/** Pareto dominance for minimisation with a small tolerance (the solver's front is approximate). */
function dominates(a: readonly number[], b: readonly number[], tol: number): boolean {
  return a.every((v, k) => v <= b[k] - tol);
}

test('SCOOT is a deterministic function of (problem, seed, history, pending): the same request twice, or to a fresh suggester, gives the same suggestions', () => {
  const p = createProblem('branin');
  const full = runOptimization(new ScootSuggester(p, { seed: 5 }), p, 8).observations;
  const request = { history: full.slice(0, 6), pending: [full[6].params], q: 2 };
  const a = new ScootSuggester(p, { seed: 5 });
  const first = a.suggest(request);
  assert.deepEqual(a.suggest(request), first, 'same suggester, same request');
  assert.deepEqual(new ScootSuggester(p, { seed: 5 }).suggest(request), first, 'a fresh suggester (a resumed study)');
  assert.notDeepEqual(new ScootSuggester(p, { seed: 6 }).suggest(request), first, 'another seed');
  // A resumed run continues exactly where the original stopped.
  for (const cut of [0, 2, 5, 7]) {
    const [next] = new ScootSuggester(p, { seed: 5 }).suggest({ history: full.slice(0, cut), q: 1 });
    assert.deepEqual(next.params, full[cut].params, `after ${cut} observations`);
  }
});

test('the initial design is the seed\'s scrambled Sobol sequence (d + 1 points, as random search draws them); BO follows', () => {
  const p = createProblem('hartmann6');
  const run = runOptimization(new ScootSuggester(p, { seed: 2 }), p, 9).observations;
  const random = runOptimization(createSuggester('random', p, 2), p, 7).observations;
  assert.deepEqual(run.slice(0, 7).map((o) => o.params), random.map((o) => o.params));
  assert.deepEqual(run.map((o) => o.source), ['sobol', 'sobol', 'sobol', 'sobol', 'sobol', 'sobol', 'sobol', 'bo', 'bo']);
});

test('a batch is q distinct admissible configurations, none evaluated or pending, under known constraints', () => {
  const space = new Space({
    'max-num-seqs': { type: 'int', min: 8, max: 1024, log: true },
    'max-num-batched-tokens': { type: 'int', min: 256, max: 4096, step: 256 },
    'enable-prefix-caching': { type: 'bool' },
    'enable-chunked-prefill': { type: 'bool' },
    'gpu-memory-utilization': { type: 'float', min: 0.8, max: 0.95 },
  });
  const p: TestProblem = {
    name: 'engine', description: '', space, objectives: 1, optimalValue: 0,
    constraints: [parseConstraint('max-num-batched-tokens >= max-num-seqs * 4', space.names), parseConstraint('!(enable-chunked-prefill && enable-prefix-caching)', space.names)],
    evaluate: (x) => [Math.abs(Math.log2((x['max-num-seqs'] as number) / 64)) + ((x['gpu-memory-utilization'] as number) - 0.9) ** 2],
  };
  const history = randomHistory(p, 12, 1);
  const pending = [history[10].params, history[11].params];
  const batch = new ScootSuggester(p, { seed: 3 }).suggest({ history: history.slice(0, 10), pending, q: 4 });
  assert.equal(batch.length, 4);
  const keys = new Set(history.map((o) => space.key(o.params)));
  for (const s of batch) {
    assert.equal(space.check(s.params), undefined);
    assert.ok(satisfiesKnownConstraints(p, s.params), JSON.stringify(s.params));
    assert.ok(!keys.has(space.key(s.params)), 'not evaluated or pending');
    keys.add(space.key(s.params));
  }
  assert.ok(batch.every((s) => s.source === 'bo'));
});

test('when the solver comes back short, Sobol fills the batch; a nearly exhausted space gives what is left', () => {
  // 3 × 3 configurations, one excluded by a known constraint: 8 admissible.
  const space = new Space({ a: { type: 'int', min: 0, max: 2 }, b: { type: 'int', min: 0, max: 2 } });
  const p: TestProblem = {
    name: 'tiny', description: '', space, objectives: 1, optimalValue: 0, initialDesignSize: 2,
    constraints: [parseConstraint('!(a == 2 && b == 2)', space.names)],
    evaluate: (x) => [((x.a as number) - 1) ** 2 + ((x.b as number) - 1) ** 2],
  };
  const suggester = new ScootSuggester(p, { seed: 5 });
  const history: Observation[] = [];
  for (const params of [{ a: 0, b: 0 }, { a: 2, b: 0 }, { a: 0, b: 2 }]) history.push(observe(p, params, 'sobol'));
  const batch = suggester.suggest({ history, q: 4 });
  assert.equal(batch.length, 4);
  const keys = new Set(history.map((o) => space.key(o.params)));
  for (const s of batch) {
    assert.ok(satisfiesKnownConstraints(p, s.params) && !keys.has(space.key(s.params)), JSON.stringify(s.params));
    keys.add(space.key(s.params));
  }
  // MACE's front over 5 unevaluated configurations holds fewer than 4 of them: Sobol made up the rest.
  assert.ok(batch.some((s) => s.source === 'bo') && batch.some((s) => s.source === 'fill'), batch.map((s) => s.source).join());
  // 3 evaluated + 4 suggested = 7 of 8: asked for 4 more, only the last admissible one remains.
  const last = suggester.suggest({ history, pending: batch.map((s) => s.params), q: 4 });
  assert.equal(last.length, 1);
  assert.ok(!keys.has(space.key(last[0].params)) && satisfiesKnownConstraints(p, last[0].params));
  assert.deepEqual(suggester.suggest({ history, pending: [...batch, ...last].map((s) => s.params), q: 2 }), []);
});

test('hidden constraints: every BO suggestion meets POF >= δ of Algorithm 1 and records that δ', () => {
  const p = createProblem('hartmann6-crash');
  const history = randomHistory(p, 14, 7).map((o, i) => ({ ...o, source: i < 6 ? ('sobol' as const) : ('bo' as const) }));
  assert.ok(history.some((o) => !o.feasible) && history.some((o) => o.feasible));
  const delta = pofThreshold(history);
  assert.ok(delta > 0.5, 'crashes among the BO observations raised δ');
  const pof = FeasibilityModel.fit(history.map((o) => p.space.encode(o.params)), history.map((o) => o.feasible), { seed: 4 });
  const batch = new ScootSuggester(p, { seed: 4 }).suggest({ history, q: 3 });
  assert.equal(batch.length, 3);
  for (const s of batch) {
    assert.equal(s.source, 'bo');
    assert.equal(s.pofThreshold, delta);
    assert.ok(pof.predict(p.space.encode(s.params)) >= delta, `POF ${pof.predict(p.space.encode(s.params))} < δ ${delta}`);
  }
});

test('admissibility is the known-constraint violation plus the POF shortfall below δ', () => {
  const space = boxSpace([[0, 10], [0, 10]]);
  const constraint = parseConstraint('x1 + x2 <= 10', space.names);
  const p: OptimizationProblem = { space, objectives: 1, constraints: [constraint] };
  const pof = FeasibilityModel.fit([[0.1, 0.1], [0.9, 0.9]], [true, false], { seed: 1, trees: 200 });
  const violation = admissibility(p, pof, 0.6);
  assert.equal(violation([0.1, 0.1]), 0);
  // (9, 9) breaks x1 + x2 <= 10 and is the crash itself (POF 0, shortfall 0.6).
  const known = constraint.violation({ x1: 9, x2: 9 });
  assert.ok(known > 0);
  assert.ok(Math.abs(violation([0.9, 0.9]) - (known + 0.6)) < 1e-12, `${violation([0.9, 0.9])}`);
  assert.equal(admissibility(p, pof, 0)([0.4, 0.5]), 0);
});

test('the acquisition weight is POF^8: 8·log POF, and 0 while nothing has crashed', () => {
  const p = createProblem('hartmann6-crash');
  const history = randomHistory(p, 12, 3);
  const s = fitSurrogates(p, history, { seed: 1, outputTransform: 'auto', warp: 'auto' });
  assert.equal(POF_WEIGHT_EXPONENT, 8);
  for (const x of [[0.2, 0.2, 0.2, 0.2, 0.2, 0.2], [0.9, 0.9, 0.1, 0.9, 0.9, 0.1]]) {
    const pof = s.pof.predict(x);
    assert.ok(Math.abs(logFeasibility(s, x) - 8 * Math.log(Math.max(1e-6, pof))) < 1e-12);
  }
  const safe = fitSurrogates(p, history.filter((o) => o.feasible), { seed: 1, outputTransform: 'auto', warp: 'auto' });
  assert.equal(logFeasibility(safe, [0.9, 0.9, 0.1, 0.9, 0.9, 0.1]), 0);
});

test('MACE: the front is non-dominated in (LCB, −log PI, −log EI) and reaches the EI and PI maxima of a dense grid', () => {
  // A 1-D objective with two basins, five observations.
  const space = boxSpace([[0, 1]]);
  const f = (x: number) => Math.sin(12 * x) * (1 - x) + 0.3 * x;
  const p: TestProblem = { name: 'wave', description: '', space, constraints: [], objectives: 1, evaluate: (q) => [f(q.x1 as number)] };
  const history = [0.05, 0.3, 0.52, 0.77, 0.95].map((x) => observe(p, { x1: x }, 'sobol'));
  const s = fitSurrogates(p, history, { seed: 0, outputTransform: 'standardize', warp: false });
  const gp = s.objectives[0];
  const kappa = 2;
  const { candidates } = maceParetoSet({ problem: p, surrogates: s, delta: 0, kappa, rng: new Rng(1) });
  assert.ok(candidates.length >= 3, `front of ${candidates.length}`);
  const tau = Math.min(...gp.predict(s.X).mean);
  const acq = (xs: number[][]) => {
    const { mean, variance } = gp.predict(xs);
    return xs.map((_, i) => {
      const sd = Math.sqrt(variance[i]);
      return [lowerConfidenceBound(mean[i], sd, kappa), -logProbabilityOfImprovement(mean[i], sd, tau), -logExpectedImprovement(mean[i], sd, tau)];
    });
  };
  const front = acq(candidates);
  const grid = Array.from({ length: 4001 }, (_, i) => [i / 4000]);
  const onGrid = acq(grid);
  for (const a of front) assert.ok(!onGrid.some((g) => dominates(g, a, 1e-3)), `front member ${a} is dominated on the grid`);
  for (const k of [1, 2]) {
    const gridBest = Math.min(...onGrid.map((r) => r[k]));
    const frontBest = Math.min(...front.map((r) => r[k]));
    assert.ok(frontBest <= gridBest + 1e-3, `acquisition ${k}: front ${frontBest} vs grid ${gridBest}`);
  }
});

test('EHVI batch: the first pick reaches the EHVI maximum of a dense grid; q picks are distinct', () => {
  const p = createProblem('branin-currin');
  const history = randomHistory(p, 8, 2);
  const s = fitSurrogates(p, history, { seed: 0, outputTransform: 'standardize', warp: false });
  const reference = [...(p.reference as readonly number[])];
  const picks = ehviBatch({ problem: p, surrogates: s, reference, delta: 0, rng: new Rng(3), q: 3, isTaken: () => false });
  assert.equal(picks.length, 3);
  assert.equal(new Set(picks.map((x) => x.join())).size, 3);
  const toModel = (y: readonly number[]) => y.map((v, k) => s.objectives[k].toModel(v));
  const ehvi = new ExpectedHypervolumeImprovement(s.Y.map(toModel), toModel(reference));
  const value = (xs: number[][]) => {
    const pr = s.objectives.map((gp) => gp.predict(xs));
    return xs.map((_, i) => ehvi.value(pr.map((q) => q.mean[i]), pr.map((q) => Math.sqrt(q.variance[i]))));
  };
  const grid: number[][] = [];
  for (let i = 0; i <= 100; i++) for (let j = 0; j <= 100; j++) grid.push([i / 100, j / 100]);
  const gridBest = Math.max(...value(grid));
  const [picked] = value([picks[0]]);
  assert.ok(gridBest > 0);
  assert.ok(picked >= 0.99 * gridBest, `EHVI at the pick ${picked} vs grid maximum ${gridBest}`);
});

test("SCOOT's objective GPs take the worst observation as prior mean from 5 parameters up, the data's mean below", () => {
  for (const [name, expected] of [['hartmann6', 'worst'], ['ackley-mixed', 'worst'], ['branin', 'mean'], ['zdt1', 'mean']] as const) {
    const p = createProblem(name);
    assert.equal(scootPriorMean(p), expected, name);
    const s = fitSurrogates(p, randomHistory(p, 8, 1), scootSurrogateOptions(p, 1));
    const worst = Math.max(...s.objectives[0].yModel);
    assert.equal(s.objectives[0].meanConstant, expected === 'worst' ? worst : 0, name);
  }
});
