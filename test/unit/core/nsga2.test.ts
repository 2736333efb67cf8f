import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constrainedFronts, nsga2, Nsga2Error, type Nsga2Problem } from '../../../src/core/nsga2.js';
import { hypervolume } from '../../../src/core/hypervolume.js';
import { dominates, paretoFrontIndices } from '../../../src/core/pareto.js';
import { Rng } from '../../../src/core/rng.js';

function zdt1(d: number): Nsga2Problem {
  return {
    dimension: d,
    objectives: 2,
    evaluate: (xs) =>
      xs.map((x) => {
        let s = 0;
        for (let i = 1; i < d; i++) s += x[i];
        const g = 1 + (9 * s) / (d - 1);
        return [x[0], g * (1 - Math.sqrt(x[0] / g))];
      }),
  };
}

test('ZDT1 (d = 30, population 100, 250 generations) gets within 0.05 of the front hypervolume 120.667', () => {
  const result = nsga2(zdt1(30), { rng: new Rng(1), populationSize: 100, generations: 250 });
  const hv = hypervolume(result.f, [11, 11]);
  assert.ok(hv >= 120.62 && hv <= 121 - 1 / 3, `HV ${hv}`);
  assert.equal(result.x.length, 100);
  // Returned points are mutually non-dominated and their objectives are what evaluate says.
  for (const a of result.f) for (const b of result.f) assert.ok(!dominates(a, b));
  assert.deepEqual(zdt1(30).evaluate(result.x), result.f);
});

// SRN (Srinivas & Deb 1994): x in [-20, 20]^2. The usually quoted Pareto set is x1 = -2.5,
// x2 in [2.5, 14.79]. The true set has two short end pieces besides: on the line x1 - 3 x2 + 10 = 0
// for x1 in [-2.5, 1.1] (f1 from its feasible minimum 10.1 to 24.5 at x = (-2.5, 2.5)), and on the
// circle x1^2 + x2^2 = 225 from x = (-2.5, 14.79) to (-4.84, 14.20), where f2 reaches its feasible
// minimum -217.74 (f1 = 222.97).
function srnPoint(u: readonly number[]) {
  const x1 = -20 + 40 * u[0], x2 = -20 + 40 * u[1];
  const f = [2 + (x1 - 2) ** 2 + (x2 - 1) ** 2, 9 * x1 - (x2 - 1) ** 2];
  const g = [x1 * x1 + x2 * x2 - 225, x1 - 3 * x2 + 10];
  return { x1, x2, f, g };
}

function srnTrueFront(): number[][] {
  const f = (x1: number, x2: number) => [2 + (x1 - 2) ** 2 + (x2 - 1) ** 2, 9 * x1 - (x2 - 1) ** 2];
  const points: number[][] = [];
  for (let k = 0; k <= 2000; k++) {
    const t = k / 2000;
    const onLine = -2.5 + 3.6 * t;
    const onCircle = -2.5 - 2.5 * t;
    points.push(f(onLine, (onLine + 10) / 3), f(-2.5, 2.5 + (Math.sqrt(218.75) - 2.5) * t), f(onCircle, Math.sqrt(225 - onCircle ** 2)));
  }
  return paretoFrontIndices(points).map((i) => points[i]);
}

test('constrained SRN: the front is feasible and within 1.5% of the true front', () => {
  const result = nsga2(
    {
      dimension: 2,
      objectives: 2,
      evaluate: (xs) => xs.map((u) => srnPoint(u).f),
      violation: (u) => srnPoint(u).g.reduce((s, g) => s + Math.max(0, g), 0),
    },
    { rng: new Rng(3), populationSize: 100, generations: 150 },
  );
  assert.ok(result.x.length >= 90);
  for (let i = 0; i < result.x.length; i++) {
    const p = srnPoint(result.x[i]);
    assert.equal(result.violation[i], 0);
    assert.ok(p.g[0] <= 0 && p.g[1] <= 0);
  }
  const truth = srnTrueFront();
  const lo = [0, 1].map((j) => Math.min(...truth.map((t) => t[j])));
  const hi = [0, 1].map((j) => Math.max(...truth.map((t) => t[j])));
  assert.ok(Math.abs(lo[0] - 10.1) < 1e-9 && Math.abs(hi[0] - 222.97) < 0.01 && Math.abs(lo[1] + 217.74) < 0.01);
  // Distance in objective space normalised by the front's extent.
  for (const f of result.f) {
    const distance = Math.min(...truth.map((t) => Math.hypot((f[0] - t[0]) / (hi[0] - lo[0]), (f[1] - t[1]) / (hi[1] - lo[1]))));
    assert.ok(distance < 0.015, `f = ${f} is ${distance} from the front`);
  }
  // 100 points lose about 1% of the continuous front's hypervolume to the staircase between them.
  const ref = [hi[0] + 0.1 * (hi[0] - lo[0]), hi[1] + 0.1 * (hi[1] - lo[1])];
  const ratio = hypervolume(result.f, ref) / hypervolume(truth, ref);
  assert.ok(ratio > 0.985 && ratio <= 1, `HV ratio ${ratio}`);
});

test('constrained TNK: feasible, and every front point on the wavy constraint boundary', () => {
  const scale = (u: readonly number[]) => [Math.PI * u[0], Math.PI * u[1]];
  const constraints = (u: readonly number[]) => {
    const [x1, x2] = scale(u);
    return [-(x1 * x1 + x2 * x2 - 1 - 0.1 * Math.cos(16 * Math.atan2(x1, x2))), (x1 - 0.5) ** 2 + (x2 - 0.5) ** 2 - 0.5];
  };
  const result = nsga2(
    { dimension: 2, objectives: 2, evaluate: (xs) => xs.map(scale), violation: (u) => constraints(u).reduce((s, g) => s + Math.max(0, g), 0) },
    { rng: new Rng(4), populationSize: 100, generations: 150 },
  );
  assert.ok(result.x.length >= 50);
  for (const u of result.x) {
    const [c1, c2] = constraints(u);
    assert.ok(c1 <= 0 && c2 <= 0);
    assert.ok(c1 > -0.02, `point ${scale(u)} is ${-c1} inside the boundary`);
  }
});

test('deterministic under a seed; another seed gives another run', () => {
  const run = (seed: number) => nsga2(zdt1(6), { rng: new Rng(seed), populationSize: 20, generations: 15 });
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7).x, run(8).x);
});

test('repair: every returned point is a fixed point of repair, evaluated as repaired, and distinct', () => {
  const cells = 10;
  const seen: number[][] = [];
  const snap = (x: number[]) => x.map((v) => (Math.min(cells - 1, Math.floor(v * cells)) + 0.5) / cells);
  const base = zdt1(5);
  const problem: Nsga2Problem = { ...base, repair: snap, evaluate: (xs) => (seen.push(...xs.map((x) => [...x])), base.evaluate(xs)) };
  const result = nsga2(problem, { rng: new Rng(2), populationSize: 40, generations: 30 });
  for (const x of result.x) assert.deepEqual(snap([...x]), x);
  for (const x of seen) assert.deepEqual(snap([...x]), x);
  assert.equal(new Set(result.x.map((x) => x.join())).size, result.x.length);
  // On the grid the best f1 values are the cell centres 0.05, 0.15, ... with g = 1 at x2..5 = 0.05.
  assert.ok(result.f.some((f) => Math.abs(f[0] - 0.05) < 1e-12));
});

test('a tiny discrete space is exhausted gracefully: the returned front is its true Pareto set', () => {
  // Two binary dimensions: four points in all, fewer than the population.
  const snap = (x: number[]) => x.map((v) => (v < 0.5 ? 0.25 : 0.75));
  const result = nsga2(
    { dimension: 2, objectives: 2, repair: snap, evaluate: (xs) => xs.map((x) => [x[0] + x[1], 1 - x[0] + x[1]]) },
    { rng: new Rng(1), populationSize: 10, generations: 5 },
  );
  // f: (0.25,0.25) -> (0.5, 1); (0.75,0.25) -> (1, 0.5); the others are dominated.
  assert.deepEqual(result.x.map((x) => x.join()).sort(), ['0.25,0.25', '0.75,0.25']);
});

test('mixed categorical: the optimum needs category 2 of 4, found through uniform crossover and reset mutation', () => {
  const categories = 4;
  const snapCategory = (x: number[]) => [(Math.min(categories - 1, Math.floor(x[0] * categories)) + 0.5) / categories, x[1], x[2]];
  const category = (x: readonly number[]) => Math.floor(x[0] * categories);
  const problem: Nsga2Problem = {
    dimension: 3,
    objectives: 2,
    categorical: [true, false, false],
    repair: snapCategory,
    // Category 2 costs nothing; the others are penalised in both objectives, unordered.
    evaluate: (xs) => xs.map((x) => {
      const penalty = [0.7, 1.5, 0, 0.4][category(x)];
      return [x[1] + penalty + (x[2] - 0.3) ** 2, 1 - x[1] + penalty + (x[2] - 0.3) ** 2];
    }),
  };
  // Seeded with category-0 points only, so category 2 has to be discovered by the operators.
  const initial = Array.from({ length: 10 }, (_, i) => [0.1, i / 10, 0.9]);
  const result = nsga2(problem, { rng: new Rng(5), populationSize: 40, generations: 60, initial });
  assert.ok(result.x.length >= 20);
  for (const x of result.x) assert.equal(category(x), 2);
  // On the true front f1 + f2 = 1. A finite front's points need only be mutually non-dominated, so
  // each may sit above it by up to about the spacing between neighbours (~1/40); most are far closer.
  const excess = result.f.map((f) => f[0] + f[1] - 1).sort((a, b) => a - b);
  assert.ok(excess[0] >= -1e-12 && excess[excess.length - 1] < 0.03 && excess[excess.length >> 1] < 1e-3, `excess ${excess}`);
});

test('seeded initial points survive by elitism', () => {
  // One objective with a needle at an irrational point random search cannot hit in a few generations.
  const target = [Math.SQRT1_2, Math.PI / 4, Math.E / 3];
  const problem: Nsga2Problem = { dimension: 3, objectives: 1, evaluate: (xs) => xs.map((x) => [x.reduce((s, v, j) => s + (v - target[j]) ** 2, 0)]) };
  const seeded = nsga2(problem, { rng: new Rng(1), populationSize: 20, generations: 5, initial: [[0.9, 0.9, 0.9], target] });
  assert.deepEqual(seeded.x, [target]);
  assert.deepEqual(seeded.f, [[0]]);
  const unseeded = nsga2(problem, { rng: new Rng(1), populationSize: 20, generations: 5 });
  assert.ok(unseeded.f[0][0] > 0);
});

test('infeasible everywhere: the least-violating points come back, with their violation', () => {
  const result = nsga2(
    { dimension: 2, objectives: 2, evaluate: (xs) => xs.map((x) => [x[0], x[1]]), violation: (x) => 1 + Math.abs(x[0] - 0.5) },
    { rng: new Rng(6), populationSize: 30, generations: 40 },
  );
  assert.ok(result.violation.every((v) => v > 1 && v < 1.01), `violations ${result.violation}`);
});

test('constraint domination ranks feasible fronts first, then violation groups', () => {
  const f = [[1, 1], [0, 0], [2, 0], [0.5, 0.5], [3, 3], [0, 2]];
  const violation = [0, 2, 0, 0.5, 0, 0.5];
  assert.deepEqual(constrainedFronts(f, violation), [[0, 2], [4], [3, 5], [1]]);
});

test('NaN objectives count as worst; bad problems are clear errors', () => {
  const result = nsga2(
    { dimension: 1, objectives: 2, evaluate: (xs) => xs.map((x) => (x[0] > 0.5 ? [Number.NaN, Number.NaN] : [x[0], 1 - x[0]])) },
    { rng: new Rng(1), populationSize: 10, generations: 5 },
  );
  assert.ok(result.x.length > 1 && result.f.every((f) => Number.isFinite(f[0]) && Number.isFinite(f[1])));
  const rng = new Rng(1);
  assert.throws(() => nsga2({ dimension: 2, objectives: 2, evaluate: (xs) => xs.slice(1).map(() => [0, 0]) }, { rng }), /evaluate returned 99 rows for 100 points/);
  assert.throws(() => nsga2({ dimension: 2, objectives: 2, evaluate: (xs) => xs.map(() => [0]) }, { rng }), /returned 1 objectives/);
  assert.throws(() => nsga2({ dimension: 0, objectives: 2, evaluate: () => [] }, { rng }), Nsga2Error);
  assert.throws(() => nsga2({ ...zdt1(3), categorical: [true] }, { rng }), /categorical has 1 entries/);
  assert.throws(() => nsga2(zdt1(3), { rng, initial: [[0.5]] }), /initial point has 1 coordinates, expected 3/);
});
