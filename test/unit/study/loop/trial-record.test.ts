import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EarlyStopInfo } from '../../../../src/protocol/study.js';
import { buildRecord } from '../../../../src/study/loop/trial-record.js';

const place = { trial: 4, slot: 1, startedAt: new Date('2026-01-01T00:00:00Z'), endedAt: new Date('2026-01-01T00:01:30Z') };

test('a plain suggestion that ran: configuration, measurements and place; no optional field written as undefined', () => {
  const record = buildRecord({ params: { x: 0.2, mode: 'fast' }, source: 'bo' }, { status: 'ok', metrics: { ttft_mean: 120 } }, place);
  assert.deepEqual(record, {
    trial: 4,
    params: { x: 0.2, mode: 'fast' },
    status: 'ok',
    metrics: { ttft_mean: 120 },
    source: 'bo',
    slot: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:01:30.000Z',
  });
  assert.ok(Object.values(record).every((v) => v !== undefined));
});

test('every provenance and outcome field is kept: a re-test, the default violating a constraint, a failure with its reason, an early stop', () => {
  const earlyStop: EarlyStopInfo = { rule: 'dominated', reason: 'behind trial 2', atSeconds: 10, savedSeconds: 50, censored: ['ttft_mean'], evidence: {} };
  const record = buildRecord(
    { params: { x: 1 }, source: 'robustness', retestOf: 2, arrivalSeed: 9, pofThreshold: 0.3, violates: ['x <= 0.9'] },
    { status: 'infeasible', reason: 'engine died', reasonCode: 'crash-under-load', queuedSeconds: 1, runningSeconds: 5, phases: { startup: 2 }, engineMetrics: { kv: 1 }, earlyStop },
    place,
  );
  assert.equal(record.retestOf, 2);
  assert.equal(record.arrivalSeed, 9);
  assert.equal(record.pofThreshold, 0.3);
  assert.deepEqual(record.violatesConstraints, ['x <= 0.9']);
  assert.equal(record.reason, 'engine died');
  assert.equal(record.reasonCode, 'crash-under-load');
  assert.equal(record.queuedSeconds, 1);
  assert.equal(record.runningSeconds, 5);
  assert.deepEqual(record.phases, { startup: 2 });
  assert.deepEqual(record.engineMetrics, { kv: 1 });
  assert.equal(record.earlyStop, earlyStop);
  const ran = buildRecord({ params: { x: 1 }, source: 'bo' }, { status: 'ok', metrics: { ttft_mean: 1 }, loadRates: { arrivalPerSec: 8, completionPerSec: 7.9 } }, place);
  assert.deepEqual(ran.loadRates, { arrivalPerSec: 8, completionPerSec: 7.9 });
  assert.equal('metrics' in record, false);
});
