import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toYaml } from '../../../src/engines/yaml.js';

test('nested maps become indented blocks in insertion order', () => {
  assert.equal(toYaml({ a: 1, b: { c: true, d: { e: 'x' } }, f: 0.25 }), 'a: 1\nb:\n  c: true\n  d:\n    e: x\nf: 0.25\n');
});

test('strings a YAML parser would read as something else are quoted', () => {
  assert.equal(toYaml({ a: 'on', b: 'No', c: '123', d: '1e5', e: 'null', f: '.inf' }), 'a: "on"\nb: "No"\nc: "123"\nd: "1e5"\ne: "null"\nf: ".inf"\n');
  assert.equal(toYaml({ a: 'has space', b: 'x: y', c: '#c', d: '' }), 'a: "has space"\nb: "x: y"\nc: "#c"\nd: ""\n');
  assert.equal(toYaml({ policy: 'GUARANTEED_NO_EVICT', v: 'v1.2-rc' }), 'policy: GUARANTEED_NO_EVICT\nv: v1.2-rc\n');
});

test('numbers print without float noise; non-finite numbers and odd keys are refused', () => {
  assert.equal(toYaml({ x: 0.1 + 0.2, n: -3 }), 'x: 0.3\nn: -3\n');
  assert.throws(() => toYaml({ x: Number.NaN }), /finite/);
  assert.throws(() => toYaml({ 'bad key': 1 }), /plain identifier/);
});
