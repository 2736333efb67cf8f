import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Space, SpaceError } from '../../../src/core/space.js';
import { Rng } from '../../../src/core/rng.js';

const space = new Space({
  'max-num-seqs': { type: 'int', min: 64, max: 8192, log: true, default: 256 },
  'block-size': { type: 'enum', values: [8, 16, 32], default: 16 },
  'enable-prefix-caching': { type: 'bool', default: false },
  'gpu-memory-utilization': { type: 'float', min: 0.8, max: 0.95, default: 0.9 },
  'swap-space': { type: 'int', min: 0, max: 16, step: 4 },
  quant: { type: 'enum', values: ['fp8', 'none'] },
});

test('defaults come from the spec, or the (geometric) middle of the range', () => {
  assert.deepEqual(space.defaults(), {
    'max-num-seqs': 256, 'block-size': 16, 'enable-prefix-caching': false,
    'gpu-memory-utilization': 0.9, 'swap-space': 8, quant: 'fp8',
  });
});

test('encode/decode round-trips valid points and bins discrete values at cell centres', () => {
  const p = space.defaults();
  assert.deepEqual(space.decode(space.encode(p)), p);
  const u = space.encode(p);
  assert.equal(u[1], 1.5 / 3); // 16 is the middle of three levels
  assert.equal(u[2], 0.25); // false is the first of two
  assert.equal(u[4], 2.5 / 5); // 8 in {0,4,8,12,16}
  assert.ok(Math.abs(u[0] - Math.log(256 / 64) / Math.log(8192 / 64)) < 1e-12);
});

test('decode lands on valid values for random points and snap is idempotent', () => {
  const rng = new Rng(3);
  for (let k = 0; k < 500; k++) {
    const u = Array.from({ length: space.dim }, () => rng.uniform());
    const p = space.decode(u);
    assert.equal(space.check(p), undefined);
    const s = space.snap(u);
    assert.deepEqual(space.snap(s), s);
    assert.equal(p['swap-space'] as number % 4, 0);
  }
  assert.deepEqual(space.decode([1, 1, 1, 1, 1, 1]), {
    'max-num-seqs': 8192, 'block-size': 32, 'enable-prefix-caching': true,
    'gpu-memory-utilization': 0.95, 'swap-space': 16, quant: 'none',
  });
});

test('cardinality, categorical flags and values', () => {
  assert.equal(space.cardinality(0), 8129);
  assert.equal(space.cardinality(1), 3);
  assert.equal(space.cardinality(3), Infinity);
  assert.deepEqual(space.values(4), [0, 4, 8, 12, 16]);
  assert.equal(space.isCategorical(1), false);
  assert.equal(space.isCategorical(2), true);
  assert.equal(space.isCategorical(5), true);
});

test('invalid specs and values are reported by name', () => {
  assert.throws(() => new Space({ a: { type: 'int', min: 0, max: 10, log: true } }), /"a": log scale needs min > 0/);
  assert.throws(() => new Space({}), SpaceError);
  assert.match(space.check({ ...space.defaults(), 'block-size': 12 }) ?? '', /block-size/);
  assert.match(space.check({ ...space.defaults(), 'max-num-seqs': 10 }) ?? '', /outside/);
});
