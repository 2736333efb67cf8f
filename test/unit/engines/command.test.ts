import { test } from 'node:test';
import assert from 'node:assert/strict';
import { command, placeholdersOf, renderEvaluate } from '../../../src/engines/command.js';
import { PresetError } from '../../../src/engines/preset.js';
import { CTX } from './helpers.js';

const PARAMS = { 'tensor-parallel': 2, 'gpu-memory-utilization': 0.9000000000000001, 'enable-prefix-caching': false, policy: 'lpm', fast: true };

test('placeholders are replaced by values; each template element stays one argv element', () => {
  const argv = renderEvaluate(
    ['python3', 'bench.py', '--tp', '{tensor-parallel}', '--mem={gpu-memory-utilization}', '--cache', '{enable-prefix-caching}', '--name', 'run {policy} {fast}'],
    PARAMS,
  );
  assert.deepEqual(argv, ['python3', 'bench.py', '--tp', '2', '--mem=0.9', '--cache', 'false', '--name', 'run lpm true']);
});

test('a placeholder for an unknown name is an error naming it and listing the parameters', () => {
  assert.throws(() => renderEvaluate(['bench', '{tensor-paralel}'], PARAMS), (e: unknown) => {
    assert.ok(e instanceof PresetError);
    assert.match(e.message, /\{tensor-paralel\}, which is not a parameter \(parameters: tensor-parallel, gpu-memory-utilization/);
    return true;
  });
  assert.throws(() => renderEvaluate([], PARAMS), /engine\.evaluate is empty/);
});

test('doubled braces are literal; braces around non-names (JSON) are left alone', () => {
  assert.deepEqual(renderEvaluate(['{{tensor-parallel}}', '{"tp": {tensor-parallel}}', '{}', 'a}}b{{'], PARAMS), ['{tensor-parallel}', '{"tp": 2}', '{}', 'a}b{']);
});

test('placeholdersOf lists each name once, in order', () => {
  assert.deepEqual(placeholdersOf(['{b}', '--x={a}-{b}', '{{c}}', '{"j": 1}']), ['b', 'a']);
});

test('the command preset has no server, an empty default space, and renders the evaluate template', () => {
  assert.equal(command.readiness, null);
  assert.deepEqual(command.space({ gpusPerTrial: 1 }), {});
  assert.deepEqual(command.render({ n: 3 }, ['bench', '-n', '{n}'], CTX), { argv: ['bench', '-n', '3'], files: [], env: {} });
  assert.equal(command.classifyFailure('torch.OutOfMemoryError: CUDA out of memory.')?.reason, 'out-of-memory');
});
