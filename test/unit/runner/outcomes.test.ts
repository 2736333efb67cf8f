import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset } from '../../../src/engines/index.js';
import { errorRateOutcome } from '../../../src/runner/outcomes.js';
import { loadAndDrain } from '../../../src/runner/server-trial.js';
import type { RequestRecord } from '../../../src/workload/index.js';

test("failed requests the engine's own patterns recognise give the trial their reason code (llama.cpp: slot too small)", () => {
  const body = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'llamacpp', 'ctx-too-small.response.json'), 'utf8')) as { error: { message: string } };
  const failures = { http: { count: 16, example: `HTTP 400: ${body.error.message}` }, timeout: { count: 1, example: 'no complete response within 5000 ms' } };
  const llamacpp = getPreset('llamacpp');
  const o = errorRateOutcome(0.17, 0.05, 100, failures, { ttft_mean: 10 }, { startupSeconds: 1 }, llamacpp.classifyFailure(failures.http.example));
  assert.equal(o.status, 'infeasible');
  assert.equal(o.reasonCode, 'context-too-small');
  assert.match(o.reason ?? '', /^17% of requests failed \(limit 5%; 17 of 100\), mostly http \(16\): HTTP 400: request \(1473 tokens\) exceeds the available context size \(256 tokens\)/);
  // Unrecognised messages keep the generic code.
  assert.equal(errorRateOutcome(0.17, 0.05, 100, failures, {}, {}, undefined).reasonCode, 'error-rate');
});

test('the stress test splits at the last request sent: load before it, drain after', () => {
  const rec = (sendMs: number): RequestRecord => ({ index: 0, scheduledMs: sendMs, sendMs, chunkMs: [], endMs: sendMs + 1, promptTokens: 1, outputTokens: 1, requestedOutputTokens: 1, ok: true });
  assert.deepEqual(loadAndDrain([rec(0), rec(9500), rec(4000)], 14), { load: 9.5, drain: 4.5 });
  assert.deepEqual(loadAndDrain([], 0.2), { load: 0, drain: 0.2 });
});
