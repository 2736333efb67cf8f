import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellText, compareTrials, insertionPoint, sortedOrder, tableColumns, type Column } from '../../../webview/logic/table.js';
import type { TrialRecord } from '../../../src/protocol/study.js';
import { Rng } from '../../../src/core/rng.js';
import { trial } from './helpers.js';

const source = (trials: TrialRecord[]) => ({
  trials,
  objectives: [{ metric: 'request_throughput', goal: 'max' as const }],
  slo: { ttft_p99: { max: 2000 } },
  parameters: [{ name: 'max-num-seqs', type: 'int' as const, min: 1, max: 1024 }, { name: 'enable-prefix-caching', type: 'bool' as const }],
});

test('columns: objectives and SLO metrics before parameters, other metrics after', () => {
  const cols = tableColumns(source([trial(0, { metrics: { request_throughput: 3, ttft_p99: 10, tpot_mean: 5, zz_custom: 1 } })]));
  assert.deepEqual(cols.map((c) => c.id), [
    'trial', 'status', 'source', 'metric:request_throughput', 'metric:ttft_p99', 'param:max-num-seqs', 'param:enable-prefix-caching',
    'metric:tpot_mean', 'metric:zz_custom', 'duration', 'slot', 'delta', 'reason',
  ]);
  assert.equal(cols[3].objective, true);
  assert.equal(cols[3].label, 'request_throughput (req/s)');
});

test('sorting: numeric, descending, missing values last both ways, ties by trial', () => {
  const ts = [
    trial(0, { metrics: { request_throughput: 5 } }),
    trial(1, { status: 'infeasible' }),
    trial(2, { metrics: { request_throughput: 9 } }),
    trial(3, { metrics: { request_throughput: 5 } }),
  ];
  const col = tableColumns(source(ts)).find((c) => c.id === 'metric:request_throughput') as Column;
  assert.deepEqual(sortedOrder(ts, col, false).map((i) => ts[i].trial), [0, 3, 2, 1]);
  assert.deepEqual(sortedOrder(ts, col, true).map((i) => ts[i].trial), [2, 0, 3, 1]);
  const status = tableColumns(source(ts)).find((c) => c.id === 'status') as Column;
  assert.deepEqual(sortedOrder(ts, status, false).map((i) => ts[i].trial), [1, 0, 2, 3]);
});

test('strings sort naturally (block sizes as enum strings)', () => {
  const ts = ['16', '8', '128'].map((v, i) => trial(i, { params: { bs: v } }));
  const col: Column = { id: 'param:bs', kind: 'param', key: 'bs', label: 'bs', numeric: false };
  assert.deepEqual(sortedOrder(ts, col, false).map((i) => ts[i].params.bs), ['8', '16', '128']);
});

test('binary insertion keeps the order equal to a full sort', () => {
  const rng = new Rng(3);
  const ts: TrialRecord[] = [];
  const col = tableColumns(source([trial(0, { metrics: { request_throughput: 1 } })])).find((c) => c.id === 'metric:request_throughput') as Column;
  for (const desc of [false, true]) {
    ts.length = 0;
    const order: number[] = [];
    for (let i = 0; i < 120; i++) {
      ts.push(rng.uniform() < 0.2 ? trial(i, { status: 'infeasible' }) : trial(i, { metrics: { request_throughput: rng.int(20) } }));
      order.splice(insertionPoint(order, ts, i, col, desc), 0, i);
    }
    assert.deepEqual(order, sortedOrder(ts, col, desc));
  }
  assert.ok(compareTrials(ts[0], ts[0], col, false) === 0);
});

test('cell text: failed trials show reason code and text; δ with two decimals', () => {
  const t = trial(4, { status: 'infeasible', reasonCode: 'out-of-memory', reason: 'CUDA OOM', pofThreshold: 0.55 });
  const cols = tableColumns(source([t]));
  const text = (id: string) => cellText(t, cols.find((c) => c.id === id) as Column);
  assert.equal(text('reason'), 'out-of-memory: CUDA OOM');
  assert.equal(text('delta'), '0.55');
  assert.equal(text('duration'), '4m 00s');
  assert.equal(text('param:enable-prefix-caching'), 'true');
  assert.equal(text('metric:request_throughput'), '');
});
