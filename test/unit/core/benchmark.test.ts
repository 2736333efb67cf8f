import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runOptimizerBenchmark } from '../../../src/core/benchmark/harness.js';
import type { SuggesterSpec } from '../../../src/core/benchmark/job.js';
import { runOptimization, scoreRun } from '../../../src/core/benchmark/run.js';
import { boxSpace, inequalityConstraint, type TestProblem } from '../../../src/core/problems/test-problem.js';
import { Space } from '../../../src/core/space.js';
import type { Suggester, SuggestRequest } from '../../../src/core/types.js';

const WORKER_ENTRY = resolve(__dirname, 'benchmark-worker-entry.ts');

/** f(x) = x on [0, 1]; known constraint x >= 0.1; crashes above 0.8; design = first 2 evaluations. */
function line(): TestProblem {
  const space = boxSpace([[0, 1]]);
  return {
    name: 'line', description: '', space, objectives: 1, optimalValue: 0.1, initialDesignSize: 2,
    constraints: [inequalityConstraint('x1 >= 0.1', (p) => 0.1 - (p.x1 as number))],
    evaluate: (p) => ((p.x1 as number) > 0.8 ? undefined : [p.x1 as number]),
  };
}

/** Suggests a fixed list of x1 values in order (by history length), shifted by `shift`. */
function scripted(xs: readonly number[], shift = 0): Suggester {
  return {
    name: 'scripted',
    suggest: (r: SuggestRequest) =>
      xs.slice(r.history.length + (r.pending?.length ?? 0), r.history.length + r.q).map((x) => ({ params: { x1: x + shift }, source: 'random' as const })),
  };
}

test('a scripted run: regret of the best feasible value, infeasible share after the design counts known and hidden', () => {
  const p = line();
  const trace = runOptimization(scripted([0.5, 0.9, 0.05, 0.3, 0.95, 0.2]), p, 6);
  assert.deepEqual(trace.observations.map((o) => o.feasible), [true, false, false, true, false, true]);
  assert.equal(trace.suggestSeconds.length, 6);
  const score = scoreRun(p, trace.observations);
  assert.equal(score.metric, 'regret');
  assert.ok(Math.abs(score.value - 0.1) < 1e-12);
  assert.deepEqual(score.trajectory.map((v) => +v.toFixed(12)), [0.4, 0.4, 0.4, 0.2, 0.2, 0.1]);
  // After the 2-point design: 0.05 (known), 0.3, 0.95 (hidden), 0.2 -> 2 of 4.
  assert.equal(score.afterDesign, 4);
  assert.equal(score.infeasibleAfterDesign, 2);
});

test('q at a time: calls ask for q, the last one for the remainder', () => {
  const asked: number[] = [];
  const s: Suggester = { name: 'count', suggest: (r) => { asked.push(r.q); return Array.from({ length: r.q }, (_, i) => ({ params: { x1: 0.1 + 0.01 * (r.history.length + i) }, source: 'random' as const })); } };
  const trace = runOptimization(s, line(), 10, 4);
  assert.deepEqual(asked, [4, 4, 2]);
  assert.equal(trace.observations.length, 10);
});

test('hypervolume of the feasible observations after each evaluation, by hand', () => {
  const space = boxSpace([[0, 1]]);
  const points: Record<string, number[] | undefined> = { '0.1': [1, 1], '0.2': undefined, '0.3': [0.5, 1.5], '0.4': [1.5, 0.5], '0.5': [3, 0] };
  const p: TestProblem = {
    name: 'bi', description: '', space, constraints: [], objectives: 2, reference: [2, 2], maxHypervolume: 4, initialDesignSize: 1,
    evaluate: (x) => points[String(x.x1)],
  };
  const score = scoreRun(p, runOptimization(scripted([0.1, 0.2, 0.3, 0.4, 0.5]), p, 5).observations);
  assert.equal(score.metric, 'hv');
  // (1,1): 1; + (0.5,1.5): 0.25; + (1.5,0.5): 0.25; (3,0) lies outside the reference box.
  assert.deepEqual(score.trajectory, [1, 1, 1.25, 1.5, 1.5]);
  assert.equal(score.value, 1.5);
  assert.equal(score.infeasibleAfterDesign, 1);
  assert.equal(score.afterDesign, 4);
});

test('the harness aggregates median, p25, p75 over seeds, pools the infeasible fraction and flags failed runs', async () => {
  const scripts = [
    [0.5, 0.9, 0.05, 0.3, 0.95, 0.2], // best 0.2 -> regret 0.1; after the design 2 of 4 infeasible
    [0.5, 0.6, 0.4, 0.85, 0.7, 0.9], // best 0.4 -> regret 0.3; 2 of 4
    [0.9, 0.6, 0.7, 0.75, 0.65, 0.8], // best 0.6 -> regret 0.5; 0 of 4 (0.8 itself does not crash)
    [0.5, 1.5], // leaves the space: the run fails and is left out of the statistics
  ];
  const spec: SuggesterSpec = { name: 'scripted', create: (_p, seed) => scripted(scripts[seed]) };
  const events: string[] = [];
  const report = await runOptimizerBenchmark({
    suggesters: [spec], problems: [line()], seeds: [0, 1, 2, 3], evaluations: 6, latency: false,
    onProgress: (e) => events.push(e.kind === 'run' ? `${e.done}/${e.total}` : 'latency'),
  });
  assert.deepEqual(events, ['1/4', '2/4', '3/4', '4/4']);
  assert.equal(report.results.length, 1);
  const row = report.results[0];
  assert.equal(row.problem, 'line');
  assert.equal(row.suggester, 'scripted');
  assert.equal(row.metric, 'regret');
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-12;
  assert.ok(near(row.median, 0.3) && near(row.p25, 0.2) && near(row.p75, 0.4), JSON.stringify(row));
  assert.ok(near(row.infeasibleFraction, 4 / 12), String(row.infeasibleFraction));
  assert.equal(row.seeds, 3);
  assert.equal(row.failures, 1);
  assert.match(report.runs[3].error ?? '', /outside the space of line/);
  assert.deepEqual(report.latency, []);
});

test('worker threads give the same runs as one thread', async () => {
  const options = { suggesters: ['random', 'ga'], problems: ['branin', 'zdt1', 'hartmann6-crash'], seeds: 2, evaluations: 12, latency: false as const };
  const strip = (r: { problem: string; suggester: string; seed: number; value: number; trajectory: number[]; infeasibleAfterDesign: number }) =>
    [r.problem, r.suggester, r.seed, r.value, r.trajectory, r.infeasibleAfterDesign];
  const inline = await runOptimizerBenchmark(options);
  const threaded = await runOptimizerBenchmark({ ...options, workers: 2, worker: { entry: WORKER_ENTRY } });
  assert.equal(threaded.runs.length, 12);
  assert.deepEqual(threaded.runs.map(strip), inline.runs.map(strip));
  assert.deepEqual(threaded.results.map((r) => [r.median, r.p25, r.p75, r.infeasibleFraction]), inline.results.map((r) => [r.median, r.p25, r.p75, r.infeasibleFraction]));
});

test('a suggester that runs dry on a continuous space is an error, on a used-up finite space the run just ends', () => {
  const dry: Suggester = { name: 'dry', suggest: (r) => (r.history.length < 3 ? [{ params: { x1: 0.2 + 0.1 * r.history.length }, source: 'random' }] : []) };
  assert.throws(() => runOptimization(dry, line(), 10), /dry returned no suggestion after 3 of 10 evaluations on line/);
  const space = new Space({ a: { type: 'bool' } });
  const tiny: TestProblem = { name: 'tiny', description: '', space, constraints: [], objectives: 1, optimalValue: 0, evaluate: (p) => [p.a ? 1 : 0] };
  const both: Suggester = { name: 'both', suggest: (r) => [{ params: { a: true }, source: 'random' as const }, { params: { a: false }, source: 'random' as const }].slice(r.history.length, r.history.length + r.q) };
  assert.equal(runOptimization(both, tiny, 5).observations.length, 2);
});

test('a noisy problem is scored by the noise-free value of the recommended configuration, and its noise is fixed by the seed', () => {
  const space = boxSpace([[0, 1]]);
  const truth = (x: number) => (x - 0.4) ** 2;
  // Measurement noise that makes x = 0.9 look best: a lucky draw.
  const lucky: TestProblem = {
    name: 'lucky', description: '', space, constraints: [], objectives: 1, optimalValue: 0, initialDesignSize: 1, noise: 'scripted',
    evaluate: (p, rng) => {
      const x = p.x1 as number;
      if (!rng) return [truth(x)];
      return [truth(x) + (x === 0.9 ? -0.3 : 0.01 * rng.normal())];
    },
  };
  const xs = Array.from({ length: 12 }, (_, i) => 0.05 + 0.08 * i).concat([0.9]);
  const trace = runOptimization(scripted(xs), lucky, xs.length, 1, 4);
  const measured = trace.observations.map((o) => (o.objectives as number[])[0]);
  assert.equal(measured.indexOf(Math.min(...measured)), xs.length - 1, 'the lucky measurement is the lowest');
  const score = scoreRun(lucky, trace.observations, 4);
  assert.ok(score.value < 0.01, `regret of the recommended configuration ${score.value} (the lucky one would score ${truth(0.9)})`);
  assert.ok(Math.abs(score.trajectory[score.trajectory.length - 1] - Math.min(...xs.map(truth))) < 1e-12, 'the trajectory tracks noise-free values');
  const again = runOptimization(scripted(xs), lucky, xs.length, 1, 4);
  assert.deepEqual(again.observations, trace.observations);
  assert.notDeepEqual(runOptimization(scripted(xs), lucky, xs.length, 1, 5).observations, trace.observations);
});
