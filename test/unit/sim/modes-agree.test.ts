// The two modes agree: the same configuration and arrival schedule, run through the real server
// (wall clock, HTTP streaming) and through the virtual-time evaluator, give mean TTFT, TPOT and
// E2E within 10%. A scaled-down scenario: 25 s at 1 req/s of long prompts (three text-to-SQL
// prompts joined, ~2300 tokens) with outputs capped at 32 tokens on Llama-2-13B over 2xA10, so that
// latencies (TTFT ~0.7 s, TPOT ~80 ms) dwarf the milliseconds a busy test machine adds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluateConfig } from '../../../src/sim/evaluate.js';
import { loadTrace, poissonSchedule } from './sim-workload.js';
import { startSimServer } from './sim-process.js';
import { clientMeans, replay } from './load-client.js';

const ARGS = ['--model-profile', 'llama2-13b', '--gpu', 'a10', '-tp', '2', '--num-gpus', '2', '--seed', '3'];

test('server and virtual evaluator: mean TTFT, TPOT and E2E within 10%', async (t) => {
  const sql = loadTrace(join(__dirname, '../../../traces/sql.jsonl'));
  const long = sql.map((r, i) => ({ prompt: [r.prompt, sql[(i + 7) % sql.length].prompt, sql[(i + 13) % sql.length].prompt].join('\n'), output_tokens: Math.min(32, r.output_tokens) }));
  const s = poissonSchedule(long, 1, 25, 21);
  const { proc, base } = await startSimServer(ARGS);
  t.after(() => proc.kill());
  const records = await replay(base, s.requests, s.arrivals);
  for (const r of records) assert.equal(r.status, 200, r.error);
  const real = clientMeans(records);
  const virtual = evaluateConfig(ARGS, s.requests, s.arrivals);
  assert.ok(virtual.ok && virtual.metrics);
  const v = { ttft: virtual.metrics.ttft_mean, tpot: virtual.metrics.tpot_mean, e2e: virtual.metrics.e2e_mean };
  const rel = (a: number, b: number) => Math.abs(a - b) / b;
  console.log(`${s.requests.length} requests; server TTFT ${real.ttft.toFixed(1)} / TPOT ${real.tpot.toFixed(2)} / E2E ${real.e2e.toFixed(0)} ms; ` +
    `evaluator ${v.ttft.toFixed(1)} / ${v.tpot.toFixed(2)} / ${v.e2e.toFixed(0)} ms; ` +
    `differences ${(100 * rel(real.ttft, v.ttft)).toFixed(1)}% / ${(100 * rel(real.tpot, v.tpot)).toFixed(1)}% / ${(100 * rel(real.e2e, v.e2e)).toFixed(1)}%`);
  assert.ok(rel(real.ttft, v.ttft) < 0.1, 'TTFT');
  assert.ok(rel(real.tpot, v.tpot) < 0.1, 'TPOT');
  assert.ok(rel(real.e2e, v.e2e) < 0.1, 'E2E');
});
