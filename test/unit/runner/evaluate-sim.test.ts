// LocalEvaluator against the real simulated engine (`scoot sim serve`, here src/sim/bin.ts through
// tsx): the outcomes come from the simulator's own behaviour, not from scripted faults.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LocalEvaluator } from '../../../src/runner/evaluate-local.js';
import { liveProcessGroups } from '../../../src/runner/local-process.js';
import { portState } from '../../../src/runner/ports.js';
import { requests, simCommand, simSetup, slot0, tempDir, trial, workload } from './helpers.js';

const SYSTEM = Array.from({ length: 120 }, (_, i) => `rule${i}`).join(' ');

function portFromLog(logPath: string): number {
  const m = /\[scoot\] trial \d+ on .*, port (\d+)/.exec(readFileSync(logPath, 'utf8'));
  assert.ok(m);
  return Number(m[1]);
}

describe('LocalEvaluator with the simulator', () => {
  it('measures a healthy configuration', async (t) => {
    const dir = tempDir(t);
    const evaluator = new LocalEvaluator(simSetup());
    const logPath = join(dir, 'logs', '0.log');
    const outcome = await evaluator.evaluate(trial(0, { 'max-num-seqs': 64, 'enable-chunked-prefill': false }), slot0, logPath, new AbortController().signal);
    assert.equal(outcome.status, 'ok', outcome.reason);
    const m = outcome.metrics ?? {};
    assert.equal(m.error_rate, 0);
    for (const k of ['ttft_mean', 'ttft_p99', 'tpot_mean', 'itl_mean', 'e2e_p95', 'request_throughput', 'output_throughput', 'goodput'])
      assert.ok(Number.isFinite(m[k]) && m[k] > 0, `${k} = ${m[k]}`);
    // The engine's own /metrics view of the same load is recorded next to the client's figures.
    const e = outcome.engineMetrics ?? {};
    assert.ok(e.requests !== undefined && e.requests > 0, `engine saw ${e.requests} requests`);
    assert.ok(Math.abs(e.tpot_mean - m.tpot_mean) / m.tpot_mean < 0.25, `engine TPOT ${e.tpot_mean} vs client ${m.tpot_mean}`);
    assert.ok(Number.isFinite(e.ttft_mean) && Number.isFinite(e.e2e_mean));
    const log = readFileSync(logPath, 'utf8');
    assert.match(log, /--max-num-seqs 64/);
    assert.match(log, /Uvicorn running on/);
    assert.equal(await portState('127.0.0.1', portFromLog(logPath)), 'free');
    assert.deepEqual(liveProcessGroups(), []);
  });

  it('reports the simulated CUDA out-of-memory at start-up', async (t) => {
    const dir = tempDir(t);
    const setup = simSetup({ baseCommand: simCommand(['--model-profile', 'llama2-13b', '--gpu', 'a10', '--num-gpus', '1']) });
    const outcome = await new LocalEvaluator(setup).evaluate(trial(1), slot0, join(dir, 'logs', '1.log'), new AbortController().signal);
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'out-of-memory');
    assert.match(outcome.reason ?? '', /^engine exited with code 1 during start-up: torch.OutOfMemoryError: CUDA out of memory\./);
  });

  it('records the crash of chunked prefill meeting a prefix-cache hit as crash-under-load', async (t) => {
    const dir = tempDir(t);
    const shared = requests(6, 16).map((r, i) => ({ ...r, prompt: `${SYSTEM} question ${i}`, promptTokens: 130 }));
    const setup = simSetup({ workload: workload({ requests: shared, warmupRequests: 0, count: 12, rate: 20 }) });
    const outcome = await new LocalEvaluator(setup).evaluate(
      trial(2, { 'enable-chunked-prefill': true, 'enable-prefix-caching': true }),
      slot0,
      join(dir, 'logs', '2.log'),
      new AbortController().signal,
    );
    assert.equal(outcome.status, 'infeasible', outcome.reason);
    assert.equal(outcome.reasonCode, 'crash-under-load');
    assert.match(outcome.reason ?? '', /^engine exited with code 1 during the load test: .*chunked prefill cannot be used with prefix caching/);
  });

  it('detects the custom all-reduce deadlock on PCIe GPUs as a hang', async (t) => {
    const dir = tempDir(t);
    const setup = simSetup({
      baseCommand: simCommand(['--model-profile', 'llama2-7b', '--gpu', 'a10', '--num-gpus', '2']),
      workload: workload({ requests: requests(8, 200), warmupRequests: 0, count: 300, rate: 1000, requestTimeoutSec: 1.5 }),
    });
    const started = Date.now();
    const outcome = await new LocalEvaluator(setup).evaluate(trial(3, { 'tensor-parallel-size': 2 }), slot0, join(dir, 'logs', '3.log'), new AbortController().signal);
    assert.equal(outcome.status, 'infeasible', outcome.reason);
    assert.equal(outcome.reasonCode, 'hang');
    assert.ok(Date.now() - started < 10_000);
  });
});
