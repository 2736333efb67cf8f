import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LaunchFlag } from '../../../src/engines/preset.js';
import { getPreset } from '../../../src/engines/registry.js';
import { findLaunchSites } from '../../../src/launch/launch-sites.js';
import { describeChange, patchLaunchText, PatchError } from '../../../src/launch/patch.js';
import { planPatch } from '../../../src/launch/patch-plan.js';
import { applyEdits } from '../../../src/launch/text-map.js';

const value = (name: string, v: string, aliases: string[] = []): LaunchFlag => ({ name, argv: [`--${name}`, v], strip: [{ names: [`--${name}`, ...aliases], value: 'required' }] });

test('planner: value-only replacement keeps the alias and the = style; equal values (0.90 = 0.9) stay', () => {
  const tokens = ['vllm', 'serve', 'm', '-tp', '2', '--gpu-memory-utilization=0.90', '--max-num-seqs', '${N:-64}'];
  const plan = planPatch(tokens, [value('tensor-parallel-size', '4', ['-tp']), value('gpu-memory-utilization', '0.9'), value('max-num-seqs', '64')]);
  assert.deepEqual(plan.operations, [{ kind: 'replace', token: 4, value: '4' }]);
  assert.deepEqual(plan.unchanged, ['gpu-memory-utilization', 'max-num-seqs']);
  assert.deepEqual(plan.changes, [{ name: 'tensor-parallel-size', before: ['-tp', '2'], after: ['-tp', '4'] }]);
  assert.equal(describeChange(plan.changes[0]), '~ -tp 2 → -tp 4');
});

test('planner: the last occurrence is the one edited; new flags follow the tuned flags\' style', () => {
  const tokens = ['x', '--a=1', '--b', '2', '--a=3'];
  const plan = planPatch(tokens, [value('a', '5'), value('c', '7')]);
  assert.deepEqual(plan.operations, [
    { kind: 'replace-inline', token: 4, name: '--a', value: '5' },
    { kind: 'append', groups: [['--c=7']] },
  ]);
});

test('planner: switches — negation, removal, explicit literals', () => {
  const on: LaunchFlag = { name: 'p', argv: ['--p'], strip: [{ names: ['--p', '--no-p'], value: /^(true|false)$/i }] };
  const off: LaunchFlag = { name: 'p', argv: [], strip: on.strip };
  const neg: LaunchFlag = { name: 'p', argv: ['--no-p'], strip: on.strip };
  assert.deepEqual(planPatch(['x', '--p'], [on]).operations, []);
  assert.deepEqual(planPatch(['x', '--p', 'True'], [on]).operations, [], '--p True already means on');
  assert.deepEqual(planPatch(['x', '--p', 'False'], [off]).operations, [], '--p False already means off');
  assert.deepEqual(planPatch(['x', '--no-p'], [off]).operations, [], '--no-p already means off');
  assert.deepEqual(planPatch(['x', '--p', 'False'], [on]).operations, [{ kind: 'replace-range', from: 1, to: 3, values: ['--p'] }]);
  assert.deepEqual(planPatch(['x', '--p', '--q'], [off]).operations, [{ kind: 'remove', from: 1, to: 2 }]);
  assert.deepEqual(planPatch(['x', '--p'], [neg]).operations, [{ kind: 'replace-range', from: 1, to: 2, values: ['--no-p'] }]);
  assert.deepEqual(planPatch(['x'], [off]).operations, [], 'absent and off: nothing to add');
});

test('planner: flags before firstFlag and after -- are not the engine\'s', () => {
  assert.deepEqual(planPatch(['--a', '1', 'x', '--', '--a', '2'], [value('a', '9')], 1).operations, [{ kind: 'append', groups: [['--a', '9']] }]);
});

test('shell: a removed flag alone on its line takes the line; on a shared line, only itself', () => {
  const preset = getPreset('vllm');
  const script = 'vllm serve m \\\n  --enforce-eager \\\n  --max-num-seqs 8 --enforce-eager --block-size 16 \\\n  --port 1\n';
  const { edits } = patchLaunchText(script, 'a.sh', preset, { 'enforce-eager': false });
  assert.equal(applyEdits(script, edits), 'vllm serve m \\\n  --enforce-eager \\\n  --max-num-seqs 8 --block-size 16 \\\n  --port 1\n');
  const again = patchLaunchText(applyEdits(script, edits), 'a.sh', preset, { 'enforce-eager': false });
  // The earlier, ignored duplicate is the last occurrence now: it goes with its line.
  assert.equal(applyEdits(applyEdits(script, edits), again.edits), 'vllm serve m \\\n  --max-num-seqs 8 --block-size 16 \\\n  --port 1\n');
  const last = 'vllm serve m \\\n  --port 1 \\\n  --enforce-eager\necho ok\n';
  assert.equal(applyEdits(last, patchLaunchText(last, 'a.sh', preset, { 'enforce-eager': false }).edits), 'vllm serve m \\\n  --port 1\necho ok\n');
});

test('block lists: removing an item takes its line; flow lists: its separator', () => {
  const preset = getPreset('vllm');
  const block = 'c:\n  - name: x\n    command:\n      - vllm\n      - serve\n      - m\n      - --enforce-eager\n      - --port\n      - "1"\n';
  assert.equal(applyEdits(block, patchLaunchText(block, 'k.yaml', preset, { 'enforce-eager': false }).edits), 'c:\n  - name: x\n    command:\n      - vllm\n      - serve\n      - m\n      - --port\n      - "1"\n');
  const flow = 'c:\n  - command: ["vllm", "serve", "--enforce-eager", "m"]\n';
  assert.equal(applyEdits(flow, patchLaunchText(flow, 'k.yaml', preset, { 'enforce-eager': false }).edits), 'c:\n  - command: ["vllm", "serve", "m"]\n');
  const firstArg = 'c:\n  - command: ["vllm", "serve"]\n    args: ["--enforce-eager", "m"]\n';
  assert.equal(applyEdits(firstArg, patchLaunchText(firstArg, 'k.yaml', preset, { 'enforce-eager': false }).edits), 'c:\n  - command: ["vllm", "serve"]\n    args: ["m"]\n');
});

test('an empty args list receives the flags; numbers are quoted so Kubernetes reads strings', () => {
  const preset = getPreset('vllm');
  const text = 'c:\n  - image: vllm/vllm-openai\n    args: []\n';
  const { edits } = patchLaunchText(text, 'k.yaml', preset, { 'max-num-seqs': 32 });
  assert.equal(applyEdits(text, edits), 'c:\n  - image: vllm/vllm-openai\n    args: [--max-num-seqs, "32"]\n');
});

test('K8s: flow lists spread over lines keep one item (or one pair) per line', () => {
  const preset = getPreset('vllm');
  const perItem = 'c:\n  - command: [\n      "vllm",\n      "serve"\n    ]\n';
  assert.equal(applyEdits(perItem, patchLaunchText(perItem, 'k.yaml', preset, { 'max-num-seqs': 32 }).edits), 'c:\n  - command: [\n      "vllm",\n      "serve",\n      "--max-num-seqs",\n      "32"\n    ]\n');
  const pairs = 'c:\n  - command: ["vllm", "serve", "m",\n      "--port", "1"]\n';
  assert.equal(applyEdits(pairs, patchLaunchText(pairs, 'k.yaml', preset, { 'max-num-seqs': 32 }).edits), 'c:\n  - command: ["vllm", "serve", "m",\n      "--port", "1",\n      "--max-num-seqs", "32"]\n');
});

test('patchLaunchText names the problem when the file has no command of the engine', () => {
  assert.throws(() => patchLaunchText('llama-server -m x\n', 'a.sh', getPreset('vllm'), {}), (e: unknown) => e instanceof PatchError && /no vllm launch command.*found llamacpp/.test(e.message));
  assert.throws(() => patchLaunchText('echo hi\n', 'a.sh', getPreset('vllm'), {}), PatchError);
});

test('the site index picks one of several commands', () => {
  const text = 'vllm serve a --max-num-seqs 1\nvllm serve b --max-num-seqs 2\n';
  assert.equal(findLaunchSites(text, 's.sh').length, 2);
  const out = applyEdits(text, patchLaunchText(text, 's.sh', getPreset('vllm'), { 'max-num-seqs': 9 }, { site: 1 }).edits);
  assert.equal(out, 'vllm serve a --max-num-seqs 1\nvllm serve b --max-num-seqs 9\n');
});
