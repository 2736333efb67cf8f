import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConstraint } from '../../../src/core/constraints.js';
import { satisfiesKnownConstraints, type OptimizationProblem } from '../../../src/core/problem.js';
import { createProblem } from '../../../src/core/problems/index.js';
import { boxSpace, type TestProblem } from '../../../src/core/problems/test-problem.js';
import { Space } from '../../../src/core/space.js';
import { SobolSequence } from '../../../src/core/sobol.js';
import { createSuggester, SUGGESTER_NAMES } from '../../../src/core/suggesters/index.js';
import { GeneticSuggester } from '../../../src/core/suggesters/ga.js';
import { GridSuggester } from '../../../src/core/suggesters/grid.js';
import { runOptimization, scoreRun } from '../../../src/core/benchmark/run.js';
import { median } from '../../../src/core/stats.js';
import type { Observation, Params, Suggester } from '../../../src/core/types.js';

const BASELINES = ['random', 'grid', 'ga'] as const;

/** A mixed engine-like space with a known constraint that removes a real share of it. */
function engineProblem(): TestProblem {
  const space = new Space({
    'max-num-seqs': { type: 'int', min: 8, max: 1024, log: true },
    'max-num-batched-tokens': { type: 'int', min: 256, max: 4096, step: 256 },
    'block-size': { type: 'enum', values: [8, 16, 32] },
    'enable-prefix-caching': { type: 'bool' },
    'enable-chunked-prefill': { type: 'bool' },
    'gpu-memory-utilization': { type: 'float', min: 0.8, max: 0.95 },
  });
  const constraints = [
    parseConstraint('max-num-batched-tokens >= max-num-seqs * 4', space.names),
    parseConstraint('!(enable-chunked-prefill && enable-prefix-caching)', space.names),
  ];
  return {
    name: 'engine', description: '', space, constraints, objectives: 1, optimalValue: 0,
    evaluate: (p) => [Math.abs(Math.log2((p['max-num-seqs'] as number) / 64)) + ((p['gpu-memory-utilization'] as number) - 0.9) ** 2],
  };
}

function loop(s: Suggester, p: TestProblem, n: number, q = 1): Observation[] {
  return runOptimization(s, p, n, q).observations;
}

test('each baseline is deterministic under its seed and differs between seeds', () => {
  const p = createProblem('hartmann6');
  for (const name of BASELINES) {
    const a = loop(createSuggester(name, p, 7), p, 25).map((o) => o.params);
    const b = loop(createSuggester(name, p, 7), p, 25).map((o) => o.params);
    const c = loop(createSuggester(name, p, 8), p, 25).map((o) => o.params);
    assert.deepEqual(a, b, name);
    assert.notDeepEqual(a, c, name);
  }
});

test('a resumed run continues exactly: a fresh suggester given the history suggests what the original did', () => {
  const p = createProblem('branin-currin');
  for (const name of BASELINES) {
    const full = loop(createSuggester(name, p, 3), p, 24);
    for (const cut of [0, 5, 11, 23]) {
      const [next] = createSuggester(name, p, 3).suggest({ history: full.slice(0, cut), q: 1 });
      assert.deepEqual(next.params, full[cut].params, `${name} at ${cut}`);
    }
  }
});

test('suggestions satisfy the known constraints, lie in the space and never repeat history, pending or each other', () => {
  const p = engineProblem();
  let rejectedShare = 0;
  const seq = new SobolSequence(p.space.dim, { scramble: true, seed: 1 });
  for (let i = 0; i < 1000; i++) if (!satisfiesKnownConstraints(p, p.space.decode(seq.next()))) rejectedShare += 1 / 1000;
  assert.ok(rejectedShare > 0.3, `the constraints should bite (${rejectedShare})`);
  for (const name of BASELINES) {
    const s = createSuggester(name, p, 11, { budget: 40 });
    const history = loop(s, p, 40, 3);
    const pending = [history[0].params, history[1].params];
    const batch = s.suggest({ history: history.slice(2), pending, q: 5 });
    assert.equal(batch.length, 5, name);
    const all = [...history.map((o) => o.params), ...batch.map((b) => b.params)];
    for (const x of all) {
      assert.equal(p.space.check(x), undefined, name);
      assert.ok(satisfiesKnownConstraints(p, x), `${name}: ${JSON.stringify(x)}`);
    }
    assert.equal(new Set(all.map((x) => p.space.key(x))).size, all.length, `${name}: duplicates`);
  }
});

test('on a finite space each baseline enumerates every admissible configuration once, then runs dry', () => {
  const space = new Space({ a: { type: 'bool' }, b: { type: 'enum', values: ['x', 'y', 'z'] }, c: { type: 'int', min: 1, max: 3 } });
  const problem: OptimizationProblem = { space, constraints: [parseConstraint('!(a && c == 3)', space.names)], objectives: 1 };
  const admissible = 2 * 3 * 3 - 3;
  for (const name of BASELINES) {
    const s = createSuggester(name, problem, 5, { budget: 10 });
    const history: Observation[] = [];
    for (;;) {
      const [next] = s.suggest({ history, q: 1 });
      if (!next) break;
      history.push({ params: next.params, feasible: true, objectives: [history.length] });
      assert.ok(history.length <= admissible, name);
    }
    assert.equal(new Set(history.map((o) => space.key(o.params))).size, admissible, name);
  }
});

test('random search is the scrambled Sobol sequence of the seed (the same points SCOOT starts from)', () => {
  const p = createProblem('branin');
  const seq = new SobolSequence(2, { scramble: true, seed: 4 });
  const expected = Array.from({ length: 8 }, () => p.space.decode(seq.next()));
  const got = loop(createSuggester('random', p, 4), p, 8).map((o) => o.params);
  assert.deepEqual(got, expected);
  const batch = createSuggester('random', p, 4).suggest({ history: [], q: 8 }).map((s) => s.params);
  assert.deepEqual(batch, expected, 'q at once gives the same points as one by one');
});

test('grid: Branin with budget 30 is the 5 × 5 grid of cell centres in a shuffled order, then a finer grid', () => {
  const p = createProblem('branin');
  const g = new GridSuggester(p, { seed: 0, budget: 30 });
  assert.equal(g.level, 5);
  const run = loop(g, p, 30).map((o) => o.params);
  const first = run.slice(0, 25).map((x) => `${x.x1},${x.x2}`).sort();
  const centres: string[] = [];
  for (const x1 of [-3.5, -0.5, 2.5, 5.5, 8.5]) for (const x2 of [1.5, 4.5, 7.5, 10.5, 13.5]) centres.push(`${x1},${x2}`);
  assert.deepEqual(first, centres.sort());
  const lexicographic = run.slice(0, 25).every((x, i, a) => i === 0 || (a[i - 1].x2 as number) <= (x.x2 as number));
  assert.equal(lexicographic, false, 'visited in a shuffled order');
  // The next points come from the 6 × 6 grid: cell centres (k + 0.5) / 6 of [−5, 10].
  for (const x of run.slice(25)) {
    const k = ((x.x1 as number) + 5) / 2.5 - 0.5;
    assert.ok(Math.abs(k - Math.round(k)) < 1e-9, JSON.stringify(x));
  }
  // Sizes chosen nearest the budget on a log scale.
  assert.equal(new GridSuggester(createProblem('hartmann6'), { seed: 0, budget: 30 }).level, 2);
  assert.equal(new GridSuggester(createProblem('ackley-mixed'), { seed: 0, budget: 30 }).gridSize(1), 32);
  assert.notDeepEqual(loop(new GridSuggester(p, { seed: 1, budget: 30 }), p, 25).map((o) => o.params), run.slice(0, 25));
});

test('GA: the initial population is the Sobol design, later children are bred and labelled "ga"', () => {
  const p = createProblem('hartmann6');
  const ga = new GeneticSuggester(p, { seed: 2 });
  assert.equal(ga.populationSize, 10);
  const run = runOptimization(ga, p, 20).observations;
  const random = loop(createSuggester('random', p, 2), p, 10);
  assert.deepEqual(run.slice(0, 10).map((o) => o.params), random.map((o) => o.params));
  assert.ok(run.slice(0, 10).every((o) => o.source === 'sobol'));
  assert.ok(run.slice(10).every((o) => o.source === 'ga'));
});

test('GA parent pool: non-dominated rank, then crowding; infeasible results last', () => {
  const space = boxSpace([[0, 1]]);
  const p: OptimizationProblem = { space, constraints: [], objectives: 2 };
  const ga = new GeneticSuggester(p, { seed: 0, populationSize: 5 });
  const obs = (x: number, objectives?: number[]): Observation => (objectives ? { params: { x1: x }, feasible: true, objectives } : { params: { x1: x }, feasible: false });
  const history = [obs(0.1), obs(0.2, [3, 3]), obs(0.3, [1, 4]), obs(0.4, [2, 2]), obs(0.5, [4, 1]), obs(0.6, [2.5, 2.5])];
  const pool = ga.parentPool(history);
  // Front 0 = {(1,4), (2,2), (4,1)}: the extremes have infinite crowding, so (2,2) comes third.
  assert.deepEqual(pool.map((m) => m.rank), [0, 0, 0, 1, 2]);
  assert.deepEqual(pool.slice(0, 3).map((m) => m.x[0]).sort(), [0.3, 0.5, 0.4].sort());
  assert.equal(pool[2].x[0], 0.4);
  assert.equal(pool[3].x[0], 0.6);
  assert.equal(pool[4].x[0], 0.2);
  const withInfeasible = new GeneticSuggester(p, { seed: 0, populationSize: 6 }).parentPool(history);
  assert.equal(withInfeasible[5].rank, Infinity);
  assert.equal(withInfeasible[5].x[0], 0.1);
});

test('GA beats random search on a 6-D sphere within 60 evaluations (medians over 10 seeds)', () => {
  const centre = [0.3, 0.7, 0.4, 0.6, 0.55, 0.45];
  const space = boxSpace(centre.map(() => [0, 1] as const));
  const sphere: TestProblem = {
    name: 'sphere', description: '', space, constraints: [], objectives: 1, optimalValue: 0,
    evaluate: (x: Params) => [space.names.reduce((s, n, i) => s + ((x[n] as number) - centre[i]) ** 2, 0)],
  };
  const best = (name: string) => median(Array.from({ length: 10 }, (_, seed) => scoreRun(sphere, loop(createSuggester(name, sphere, seed), sphere, 60)).value));
  const ga = best('ga');
  const random = best('random');
  assert.ok(ga < 0.5 * random, `GA ${ga} vs random ${random}`);
});

test('the factory knows every name and rejects others with the list', () => {
  assert.deepEqual([...SUGGESTER_NAMES], ['scoot', 'vbo', 'random', 'ga', 'grid']);
  const p = createProblem('branin');
  for (const name of SUGGESTER_NAMES) assert.equal(createSuggester(name, p, 0).name, name);
  assert.throws(() => createSuggester('annealing', p, 0), /unknown optimizer "annealing"; choose from scoot, vbo, random, ga, grid/);
});
