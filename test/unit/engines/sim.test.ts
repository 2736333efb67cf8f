import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng.js';
import type { Params } from '../../../src/core/types.js';
import { sim } from '../../../src/engines/sim.js';
import { vllmV0 } from '../../../src/engines/vllm-v0.js';
import { planEngine } from '../../../src/sim/engine-plan.js';
import { parseSimArgs, SIM_FLAGS } from '../../../src/sim/flags.js';
import { MODEL_PROFILES } from '../../../src/sim/profiles.js';
import { assertDefaultsFeasible, buildSpace, CTX, parsedConstraints } from './helpers.js';

const OPTIONS = { gpusPerTrial: 2 };

/** Every flag spelling the simulator accepts: --name, --no-name for booleans, -alias. */
function simSpellings(): Set<string> {
  const out = new Set<string>();
  for (const f of SIM_FLAGS) {
    out.add(`--${f.name}`);
    if (f.kind === 'bool') out.add(`--no-${f.name}`);
    for (const a of f.aliases ?? []) out.add(`-${a}`);
  }
  return out;
}

test('sim: the space is Table 1 plus gpu-memory-utilization [0.7, 0.98] (default 0.9)', () => {
  const spec = sim.space(OPTIONS);
  assert.deepEqual(Object.keys(spec), [...Object.keys(vllmV0.space(OPTIONS)), 'gpu-memory-utilization']);
  assert.deepEqual(spec['gpu-memory-utilization'], { type: 'float', min: 0.7, max: 0.98, step: 0.01, default: 0.9 });
  assert.equal(buildSpace(sim, OPTIONS).dim, 10);
});

test('sim: default parameters render to the expected argv', () => {
  const params = buildSpace(sim, OPTIONS).defaults();
  assert.deepEqual(sim.render(params, sim.defaultCommand, CTX).argv, [
    'scoot', 'sim', 'serve', '--model-profile', 'llama2-13b', '--gpu', 'a100-80g', '--num-gpus', '2', '--max-model-len', '4096', '--host', '127.0.0.1', '--port', '8123',
    '--tensor-parallel-size', '1', '--max-num-seqs', '256', '--max-num-batched-tokens', '4096', '--block-size', '16',
    '--scheduler-delay-factor', '0', '--gpu-memory-utilization', '0.9',
  ]);
});

test('sim: every flag the preset can render is one the simulator accepts (SIM_FLAGS), and it parses', () => {
  const known = simSpellings();
  const space = buildSpace(sim, OPTIONS);
  // All booleans true, then all false, plus the defaults: every flag the table can emit.
  const allTrue: Params = { ...space.defaults(), 'enable-chunked-prefill': true, 'enable-prefix-caching': true, 'disable-custom-all-reduce': true, 'use-v2-block-manager': true };
  const allFalse: Params = { ...space.defaults(), 'enable-chunked-prefill': false };
  const rng = new Rng(7);
  const samples: Params[] = [allTrue, allFalse, ...Array.from({ length: 50 }, () => space.decode(Array.from({ length: space.dim }, () => rng.uniform())))];
  for (const params of samples) {
    const argv = sim.render(params, sim.defaultCommand, CTX).argv;
    for (const token of argv.slice(3)) if (token.startsWith('-') && !/^-\d/.test(token)) assert.ok(known.has(token.split('=')[0]), `the simulator does not accept ${token}`);
    const cfg = parseSimArgs(argv.slice(3));
    assert.equal(cfg.maxNumSeqs, params['max-num-seqs']);
    assert.equal(cfg.maxNumBatchedTokens, params['max-num-batched-tokens']);
    assert.equal(cfg.blockSize, params['block-size']);
    assert.equal(cfg.enableChunkedPrefill, params['enable-chunked-prefill']);
    assert.equal(cfg.enablePrefixCaching, params['enable-prefix-caching']);
    assert.equal(cfg.tensorParallelSize, params['tensor-parallel-size']);
    assert.equal(cfg.gpuMemoryUtilization, params['gpu-memory-utilization']);
    assert.equal(cfg.schedulerDelayFactor, params['scheduler-delay-factor']);
    assert.equal(cfg.port, CTX.port);
  }
});

test('sim: the default configuration starts in the simulator, and the known constraints match its start-up checks', () => {
  const facts = { maxPromptTokens: 1000, maxOutputTokens: 500, maxTotalTokens: 1400, maxModelLen: MODEL_PROFILES['llama2-13b'].maxContext };
  assertDefaultsFeasible(sim, OPTIONS, facts);
  const space = buildSpace(sim, OPTIONS);
  const defaults = space.defaults();
  const argv = (params: typeof defaults) => sim.render(params, sim.defaultCommand, CTX).argv.slice(3);
  assert.equal(planEngine(parseSimArgs(argv(defaults))).ok, true);
  // A configuration that violates the model-length constraint is one the simulator refuses to start.
  const constraints = parsedConstraints(sim, OPTIONS, facts);
  const tooFewTokens = { ...defaults, 'max-num-batched-tokens': 2048 };
  assert.equal(constraints.every((c) => c.test(tooFewTokens)), false);
  const plan = planEngine(parseSimArgs(argv(tooFewTokens)));
  assert.equal(plan.ok, false);
  if (!plan.ok) assert.equal(sim.classifyFailure(plan.failure.message)?.reason, 'invalid-config');
});
