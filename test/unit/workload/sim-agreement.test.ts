// The client's TTFT and TPOT agree within 5% with what the engine reports in its own /metrics
// histograms (issue 4), measured against the simulated engine run as a separate process, as a real
// engine would be.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildSchedule } from '../../../src/workload/arrivals.js';
import { engineLatencyDelta, scrapeEngineMetrics } from '../../../src/workload/engine-metrics.js';
import { runLoad } from '../../../src/workload/load.js';
import { computeMetrics } from '../../../src/workload/metrics.js';
import { firstServedModel } from '../../../src/workload/models.js';
import { Rng } from '../../../src/core/rng.js';
import type { TraceRequest } from '../../../src/workload/trace.js';

const ROOT = join(__dirname, '../../..');

function startSim(args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/sim/bin.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = (): Promise<void> => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /Uvicorn running on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve({ url: m[1], stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before listening:\n${out}`)));
  });
}

// Prompts of 300-700 words and 32-64 output tokens at 16 req/s: prefill and queueing make TTFT ~0.7 s
// (a fixed few ms of HTTP handling and timer lateness on a busy machine stay far below 5%), and decode
// steps are many.
function syntheticTrace(n: number): TraceRequest[] {
  const rng = new Rng(11);
  return Array.from({ length: n }, (_, i) => {
    const words = 300 + rng.int(400);
    const prompt = Array.from({ length: words }, (_, k) => `w${(i * 7 + k * 13) % 997}`).join(' ');
    return { prompt, promptTokens: words, outputTokens: 32 + rng.int(33) };
  });
}

test('client TTFT and TPOT means agree within 5% with the simulator\'s /metrics histograms (completions and chat)', { timeout: 120_000 }, async (t) => {
  const sim = await startSim(['--port', '0', '--startup-seconds', '0', '--model-profile', 'llama2-7b', '--gpu', 'a10', '--seed', '3']);
  t.after(() => sim.stop());
  const model = await firstServedModel(sim.url);
  for (const api of ['completions', 'chat'] as const) {
    const before = await scrapeEngineMetrics(sim.url, 'vllm');
    const schedule = buildSchedule({ requests: syntheticTrace(40), rate: 16, count: 32, arrival: 'poisson', seed: 5 });
    const records = await runLoad({ baseUrl: sim.url, api, model, schedule, timeoutMs: 60_000 });
    const after = await scrapeEngineMetrics(sim.url, 'vllm');

    const client = computeMetrics(records);
    const engine = engineLatencyDelta(before, after);
    const report = `${api}: client TTFT ${client.ttft_mean.toFixed(2)} ms vs engine ${engine.ttftMeanMs?.toFixed(2)} ms; ` +
      `client TPOT ${client.tpot_mean.toFixed(3)} ms vs engine ${engine.tpotMeanMs?.toFixed(3)} ms (${engine.tpotSource}); ` +
      `client ITL ${client.itl_mean.toFixed(3)} vs engine ${engine.itlMeanMs?.toFixed(3)} ms`;
    t.diagnostic(report);
    assert.equal(client.error_rate, 0, `${api}: every request succeeded`);
    assert.equal(engine.requests, records.length, `${api}: the delta holds exactly this load's requests`);
    const rel = (a: number, b: number | undefined): number => Math.abs(a - (b ?? NaN)) / (b ?? NaN);
    assert.ok(rel(client.ttft_mean, engine.ttftMeanMs) <= 0.05, report);
    assert.ok(rel(client.tpot_mean, engine.tpotMeanMs) <= 0.05, report);
    assert.ok(rel(client.itl_mean, engine.itlMeanMs) <= 0.05, report);
  }
});
