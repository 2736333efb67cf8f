// The initial design under known constraints keeps every level of an unordered parameter as evenly as
// its size allows (DesignPicker.design), where rejecting Sobol points alone does not: on the llama.cpp
// space of the H200 run (seed 0) the plain constrained sequence gave one point of six with continuous
// batching on (the 6-point design of that run), the balanced design three; with today's d + 1 = 7 points,
// two against three.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConstraint } from '../../../src/core/constraints.js';
import type { OptimizationProblem } from '../../../src/core/problem.js';
import { Space } from '../../../src/core/space.js';
import { startBatch } from '../../../src/core/suggesters/batch-start.js';
import { DesignPicker, initialDesignSize } from '../../../src/core/suggesters/design-picker.js';
import type { Observation, Params, SpaceSpec } from '../../../src/core/types.js';

// The llamacpp preset's space and constraints for the chat trace (longest request 1,446 tokens).
const spec: SpaceSpec = {
  parallel: { type: 'int', min: 1, max: 64, log: true },
  'ctx-size': { type: 'int', min: 512, max: 131072, log: true },
  'batch-size': { type: 'enum', values: [256, 512, 1024, 2048, 4096] },
  'ubatch-size': { type: 'enum', values: [64, 128, 256, 512, 1024, 2048] },
  'flash-attn': { type: 'enum', values: ['on', 'off', 'auto'] },
  'cont-batching': { type: 'bool' },
};
const space = new Space(spec);
const constraints = ['ubatch-size <= batch-size', 'ctx-size >= parallel * 1446'].map((c) => parseConstraint(c, space.names));
// The H200 run's design had d = 6 points.
const llamacpp: OptimizationProblem = { space, constraints, objectives: 2, initialDesignSize: 6 };

const count = (points: readonly Params[], name: string, value: Params[string]) => points.filter((p) => p[name] === value).length;

test('rejection alone unbalances the design; the balanced design has 3 of 6 with each boolean level and 2 of each flash-attn value', () => {
  const plain = new DesignPicker(llamacpp, 0, [], []).sobol(6);
  assert.equal(count(plain, 'cont-batching', true), 1);
  const balanced = new DesignPicker(llamacpp, 0, [], []).design(6);
  assert.equal(balanced.length, 6);
  assert.equal(count(balanced, 'cont-batching', true), 3);
  assert.equal(count(balanced, 'cont-batching', false), 3);
  for (const v of ['on', 'off', 'auto']) assert.equal(count(balanced, 'flash-attn', v), 2);
  for (const p of balanced) assert.ok(llamacpp.constraints.every((c) => c.test(p)), JSON.stringify(p));
  // Still the seeded Sobol sequence: the points it keeps come in the sequence's order, the first two unchanged.
  assert.deepEqual(balanced.slice(0, 2), plain.slice(0, 2));
  // The default design size, d + 1 = 7: quota 4 per boolean level, 3 per flash-attn value.
  const seven: OptimizationProblem = { space, constraints, objectives: 2 };
  assert.equal(initialDesignSize(seven), 7);
  assert.equal(count(new DesignPicker(seven, 0, [], []).sobol(7), 'cont-batching', true), 2);
  const balancedSeven = new DesignPicker(seven, 0, [], []).design(initialDesignSize(seven));
  assert.equal(balancedSeven.length, 7);
  // What SCOOT and vBO draw by default is that design (startBatch, no design size given).
  const drawn = startBatch(seven, 0, { history: [], pending: [], q: 7 }).out.map((x) => x.params);
  assert.deepEqual(drawn, balancedSeven);
  assert.deepEqual([count(balancedSeven, 'cont-batching', true), count(balancedSeven, 'cont-batching', false)], [3, 4]);
});

test('the quota counts what the study already holds, so a design finished over several batches (or resumed) stays balanced', () => {
  const first = new DesignPicker(llamacpp, 0, [], []).design(6);
  const history: Observation[] = first.slice(0, 4).map((params) => ({ params, feasible: true, objectives: [1, 1], source: 'sobol' }));
  const pending = [first[4]];
  const rest = new DesignPicker(llamacpp, 0, history, pending).design(1);
  assert.deepEqual(rest, [first[5]]);
  // Through startBatch, the way SCOOT and vanilla BO draw their design.
  const start = startBatch(llamacpp, 0, { history, pending, q: 1 });
  assert.deepEqual(start.out.map((s) => s.params), [first[5]]);
  // The default and re-tests do not count towards the design or its quota.
  const withDefault: Observation[] = [{ params: { ...first[0], 'cont-batching': true }, feasible: true, objectives: [1, 1], source: 'default' }];
  assert.deepEqual(new DesignPicker(llamacpp, 0, withDefault, []).design(6), first);
});

test('when the constraints leave too few points for the quota, the plain sequence fills the design', () => {
  // Only continuous batching on is admissible: a 4-point design cannot have 2 of each level.
  const onlyOn: OptimizationProblem = { ...llamacpp, constraints: [...llamacpp.constraints, parseConstraint('cont-batching == true', space.names)], initialDesignSize: 4 };
  const points = new DesignPicker(onlyOn, 0, [], []).design(4);
  assert.equal(points.length, 4);
  assert.equal(count(points, 'cont-batching', true), 4);
});
