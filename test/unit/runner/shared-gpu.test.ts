// Two trial slots sharing one GPU (target.slotsPerGpu 2): the mechanics a single GPU can check before
// several are lent (issue 18) — each slot its own port and its own log, the same CUDA_VISIBLE_DEVICES,
// and one slot's engine crashing under load leaves the other slot's trial untouched.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalEvaluator } from '../../../src/runner/evaluate-local.js';
import { liveProcessGroups } from '../../../src/runner/local-process.js';
import { portState } from '../../../src/runner/ports.js';
import { createSlots } from '../../../src/runner/slots.js';
import { parseConfigText } from '../../../src/study/load-config.js';
import { fakeSetup, tempDir, trial, workload } from './helpers.js';

test('two slots on one GPU: disjoint ports and logs, one GPU for both, and a crash in one slot does not disturb the other', async (t) => {
  const config = parseConfigText(
    JSON.stringify({
      engine: { type: 'sim', command: ['scoot'] },
      target: { type: 'local', gpus: [0], slotsPerGpu: 2 },
      objectives: [{ metric: 'ttft_mean', goal: 'min' }],
      workload: { trace: 't.jsonl' },
      budget: { evaluations: 4, parallel: 2 },
    }),
    'scoot.config.json',
  );
  assert.ok(config.target?.type === 'local');
  const slots = createSlots(config.target, 1, 2);
  assert.deepEqual(slots.map((s) => [s.id, s.gpus, s.label]), [[0, [0], 'slot 0 (GPU 0, shared by 2 slots)'], [1, [0], 'slot 1 (GPU 0, shared by 2 slots)']]);

  const dir = tempDir(t);
  // Slot 0 serves 60 requests at 40 req/s (~1.5 s); slot 1's engine dies at its 3rd generation request.
  const evaluator = new LocalEvaluator(fakeSetup(['--print-env', 'CUDA_VISIBLE_DEVICES', '--itl-ms', '2'], { workload: workload({ count: 60, rate: 40, warmupRequests: 0 }) }));
  t.after(() => evaluator.close());
  const logs = [join(dir, 'logs', '1.log'), join(dir, 'logs', '2.log')];
  const ended: number[] = [];
  const [steady, crashing] = await Promise.all([
    evaluator.evaluate(trial(1), slots[0], logs[0], new AbortController().signal).then((o) => (ended.push(1), o)),
    evaluator.evaluate(trial(2, { 'die-after': 3 }), slots[1], logs[1], new AbortController().signal).then((o) => (ended.push(2), o)),
  ]);

  assert.equal(crashing.status, 'infeasible');
  assert.equal(crashing.reasonCode, 'crash-under-load');
  assert.deepEqual(ended, [2, 1], 'the crash ended while the other trial was still running');
  assert.equal(steady.status, 'ok', steady.reason);
  assert.equal(steady.metrics?.error_rate, 0, 'no request of the steady slot failed');

  const text = logs.map((p) => readFileSync(p, 'utf8'));
  const ports = text.map((l) => Number(/\[scoot\] trial \d+ on slot \d+ \(GPU 0, shared by 2 slots\), port (\d+), CUDA_VISIBLE_DEVICES=0/.exec(l)?.[1]));
  assert.ok(ports.every((p) => p > 0), 'each log names its slot, port and GPU');
  assert.notEqual(ports[0], ports[1], 'disjoint ports');
  assert.match(text[0], /\[scoot\] trial 1 on slot 0/);
  assert.doesNotMatch(text[0], /trial 2|CUDA error/, "slot 0's log holds only its own engine");
  assert.match(text[1], /\[scoot\] trial 2 on slot 1/);
  assert.doesNotMatch(text[1], /trial 1 /);
  for (const l of text) assert.match(l, /CUDA_VISIBLE_DEVICES=0/);
  for (const p of ports) assert.equal(await portState('127.0.0.1', p), 'free');
  assert.deepEqual(liveProcessGroups(), []);
});
