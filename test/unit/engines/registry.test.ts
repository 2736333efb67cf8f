import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PresetError } from '../../../src/engines/preset.js';
import { ENGINE_TYPES, getPreset, listPresets } from '../../../src/engines/registry.js';
import { vllmV0 } from '../../../src/engines/vllm-v0.js';
import { vllmV1 } from '../../../src/engines/vllm-v1.js';
import { assertDefaultsFeasible, buildSpace, CTX } from './helpers.js';

test('no version means the current flag set; versions match by dotted prefix, aliases and a v prefix', () => {
  assert.equal(getPreset('vllm'), vllmV1);
  assert.equal(getPreset('vllm', '0.11'), vllmV1);
  assert.equal(getPreset('vllm', '0.11.2'), vllmV1);
  assert.equal(getPreset('vllm', 'v0.11.0'), vllmV1);
  assert.equal(getPreset('vllm', 'v1'), vllmV1);
  assert.equal(getPreset('vllm', '0.5.5'), vllmV0);
  assert.equal(getPreset('vllm', '0.4.2'), vllmV0);
  assert.equal(getPreset('llamacpp', 'b6343').type, 'llamacpp');
  assert.equal(getPreset('llamacpp', 'b7100').type, 'llamacpp');
  assert.equal(getPreset('trtllm', '1.1.0').version, '1.1');
});

test('unknown types and versions give one-line errors listing what exists', () => {
  assert.throws(() => getPreset('tgi'), (e: unknown) => e instanceof PresetError && /unknown engine type "tgi": use one of vllm, sglang, trtllm, llamacpp, sim, command/.test(e.message));
  assert.throws(() => getPreset('vllm', '0.6'), /no vllm preset for version "0.6": known versions are 0\.11\/v1, 0\.5\/0\.4\/v0/);
  assert.throws(() => getPreset('vllm', '0.1'), PresetError);
  assert.throws(() => getPreset('llamacpp', 'b6000'), /b6343 \(and later builds\)/);
  for (const t of ENGINE_TYPES) assert.doesNotThrow(() => getPreset(t));
});

test('every server preset: space builds, constraints parse, defaults are feasible and render with host/port once', () => {
  for (const { type, version, checkedAgainst } of listPresets()) {
    assert.ok(checkedAgainst.length > 20, `${type} ${version} says what it was checked against`);
    if (type === 'command') continue;
    const preset = getPreset(type, version);
    for (const gpusPerTrial of [1, 2, 8]) {
      assertDefaultsFeasible(preset, { gpusPerTrial });
      const defaults = buildSpace(preset, { gpusPerTrial }).defaults();
      const argv = preset.render(defaults, preset.defaultCommand, CTX).argv;
      assert.deepEqual(argv.slice(0, preset.defaultCommand.length), [...preset.defaultCommand]);
      assert.equal(argv.filter((t) => t === '--port').length, 1);
      assert.equal(argv[argv.indexOf('--port') + 1], '8123');
      assert.equal(argv[argv.indexOf('--host') + 1], '127.0.0.1');
      assert.ok(argv.every((t) => typeof t === 'string' && t.length > 0), `${type}: no empty argv elements`);
    }
    assert.ok(preset.readiness?.path.startsWith('/'));
  }
});

test('bad launch inputs are refused with a clear message', () => {
  assert.throws(() => vllmV1.render({}, [], CTX), /engine command is empty/);
  assert.throws(() => vllmV1.render({}, ['vllm'], { ...CTX, port: 70000 }), /port must be 1-65535/);
  assert.throws(() => vllmV1.space({ gpusPerTrial: 0 }), /gpusPerTrial must be a positive integer/);
  assert.throws(() => vllmV1.workloadConstraints({ maxPromptTokens: 1, maxOutputTokens: 0, maxTotalTokens: 1 }), /maxOutputTokens/);
  assert.throws(() => vllmV1.render({ 'enforce-eager': 'yes' }, ['vllm'], CTX), /"enforce-eager" must be true or false/);
  assert.throws(() => vllmV1.render({ 'max-num-seqs': true }, ['vllm'], CTX), /"max-num-seqs" takes a value/);
});
