// startBatch: the initial design and the Sobol fill-in that SCOOT and vanilla BO share.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProblem } from '../../../src/core/problems/index.js';
import { startBatch } from '../../../src/core/suggesters/batch-start.js';
import { DesignPicker } from '../../../src/core/suggesters/design-picker.js';
import type { Observation } from '../../../src/core/types.js';

const hartmann = createProblem('hartmann6'); // initial design: d + 1 = 7 points

function design(count: number, feasible: (i: number) => boolean): Observation[] {
  const points = new DesignPicker(hartmann, 3, [], []).sobol(count);
  return points.map((params, i) => (feasible(i) ? { params, feasible: true, objectives: [-i], source: 'sobol' } : { params, feasible: false, source: 'sobol' }));
}

test('the initial design comes first, in the order of the seeded Sobol sequence', () => {
  const start = startBatch(hartmann, 3, { history: [], q: 4 });
  assert.deepEqual(
    start.out.map((s) => s.source),
    ['sobol', 'sobol', 'sobol', 'sobol'],
  );
  assert.deepEqual(
    start.out.map((s) => s.params),
    new DesignPicker(hartmann, 3, [], []).sobol(4),
  );
  assert.equal(start.wanted, 0);
});

test('a batch that straddles the end of the design leaves the rest to the model', () => {
  const start = startBatch(hartmann, 3, { history: design(5, () => true), q: 4 });
  assert.deepEqual(
    start.out.map((s) => s.source),
    ['sobol', 'sobol'],
  );
  assert.equal(start.wanted, 2);
});

test('pending points count as designed, so parallel slots do not repeat a design point', () => {
  const history = design(2, () => true);
  const pending = new DesignPicker(hartmann, 3, history, []).sobol(5);
  const start = startBatch(hartmann, 3, { history, pending, q: 2 });
  assert.equal(start.wanted, 2);
  assert.equal(start.out.length, 0);
});

test('with fewer than two feasible observations there is no model: Sobol fills the whole batch', () => {
  const start = startBatch(hartmann, 3, { history: design(7, (i) => i === 0), q: 3 });
  assert.deepEqual(
    start.out.map((s) => s.source),
    ['fill', 'fill', 'fill'],
  );
  assert.equal(start.wanted, 0);
  const taken = new Set(design(7, () => true).map((o) => hartmann.space.key(o.params)));
  for (const s of start.out) assert.ok(!taken.has(hartmann.space.key(s.params)), 'fill-in repeats a design point');
});

test('two feasible observations are enough for the model to take the whole batch', () => {
  const start = startBatch(hartmann, 3, { history: design(7, (i) => i < 2), q: 3 });
  assert.equal(start.out.length, 0);
  assert.equal(start.wanted, 3);
});

test('the random stream depends only on the seed, the history length and the pending count', () => {
  const history = design(6, () => true);
  const a = startBatch(hartmann, 3, { history, q: 1 }).rng;
  const b = startBatch(hartmann, 3, { history, q: 4 }).rng;
  const c = startBatch(hartmann, 3, { history: history.slice(0, 5).concat(design(7, () => true).slice(6)), q: 1 }).rng;
  const draws = (r: typeof a) => Array.from({ length: 5 }, () => r.uniform());
  const da = draws(a);
  assert.deepEqual(da, draws(b));
  assert.deepEqual(da, draws(c));
  assert.notDeepEqual(da, draws(startBatch(hartmann, 4, { history, q: 1 }).rng));
});
