import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisTypeFor, deltaSeries, describeTrial, jitterUnit, paramAxis, paramX, reasonCounts } from '../../../webview/logic/chart-data.js';
import { classifyTrial, reasonCodeOf, isFrontCandidate } from '../../../webview/logic/trials.js';
import { sloLinesFor } from '../../../webview/logic/slo.js';
import { sloViolations } from '../../../src/protocol/slo.js';
import { trial } from './helpers.js';

test('log axis only for positive values spanning more than the ratio', () => {
  assert.equal(axisTypeFor([16, 40, 15000]), 'logarithmic');
  assert.equal(axisTypeFor([16, 40, 300]), 'linear');
  assert.equal(axisTypeFor([0, 40, 15000]), 'linear');
  assert.equal(axisTypeFor([]), 'linear');
});

test('categorical parameters sit at their index with a bounded deterministic jitter', () => {
  const axis = paramAxis({ name: 'block-size', type: 'enum', values: [8, 16, 32] });
  assert.deepEqual(axis.labels, ['8', '16', '32']);
  const x = paramX(axis, 16, 7) as number;
  assert.ok(Math.abs(x - 1) <= 0.18 && x === paramX(axis, 16, 7));
  assert.equal(paramX(axis, 64, 1), undefined);
  assert.deepEqual(paramAxis({ name: 'fa', type: 'bool' }).labels, ['false', 'true']);
  assert.equal(paramAxis({ name: 'n', type: 'int', min: 16, max: 1024, log: true }).kind, 'logarithmic');
  assert.equal(paramX({ kind: 'linear' }, 0.9, 1), 0.9);
  for (let t = 0; t < 1000; t++) assert.ok(Math.abs(jitterUnit(t)) <= 1);
});

test('SLO violations and trial classes', () => {
  const slo = { ttft_p99: { max: 2000 }, request_throughput: { min: 5 } };
  assert.deepEqual(sloViolations(slo, { ttft_p99: 2500, request_throughput: 4 }), ['ttft_p99', 'request_throughput']);
  assert.deepEqual(sloViolations(slo, { ttft_p99: 2000, request_throughput: 5 }), [], 'bounds are inclusive');
  assert.deepEqual(sloViolations(slo, { ttft_p99: 2000 }), ['request_throughput'], 'a missing SLO metric does not meet its bound');
  assert.deepEqual(sloViolations(slo, { ttft_p99: NaN, request_throughput: 6 }), ['ttft_p99'], 'nor does one that is not a number');
  assert.equal(classifyTrial(trial(1, { metrics: { ttft_mean: 5 } }), slo), 'slo-violation', 'the panel counts a trial without the SLO metrics as missing them, as the study does');
  assert.equal(classifyTrial(trial(0, { metrics: { ttft_p99: 10, request_throughput: 9 }, violatesConstraints: ['a >= b'] }), slo), 'outside-constraints');
  assert.equal(classifyTrial(trial(1, { metrics: { ttft_p99: 2001 } }), slo), 'slo-violation');
  assert.equal(classifyTrial(trial(1, { status: 'error' }), slo), 'error');
  assert.equal(reasonCodeOf(trial(1, { status: 'infeasible' })), 'unspecified');
  assert.deepEqual(sloLinesFor('request_throughput', slo), [{ metric: 'request_throughput', bound: 'min', value: 5 }]);
  const objectives = [{ metric: 'ttft_p99', goal: 'min' as const }];
  assert.equal(isFrontCandidate(trial(1, { metrics: { ttft_p99: 10, request_throughput: 6 } }), objectives, slo), true);
  assert.equal(isFrontCandidate(trial(1, { metrics: { ttft_p99: 10 } }), objectives, slo), false, 'request_throughput, bounded by the SLO, is missing');
  assert.equal(isFrontCandidate(trial(1, { metrics: { ttft_p99: 10, request_throughput: 6 }, source: 'robustness' }), objectives, slo), false);
});

test('failures by reason, most frequent first; δ by trial number', () => {
  const ts = [
    trial(3, { status: 'infeasible', reasonCode: 'out-of-memory', pofThreshold: 0.55 }),
    trial(1, { status: 'infeasible', reasonCode: 'start-timeout', pofThreshold: 0.5 }),
    trial(5, { status: 'infeasible', reasonCode: 'out-of-memory' }),
    trial(6, { status: 'error' }),
    trial(2, { metrics: { x: 1 }, pofThreshold: 0.5 }),
  ];
  assert.deepEqual(reasonCounts(ts), [{ code: 'out-of-memory', count: 2 }, { code: 'error', count: 1 }, { code: 'start-timeout', count: 1 }]);
  assert.deepEqual(deltaSeries(ts), [{ x: 1, y: 0.5 }, { x: 2, y: 0.5 }, { x: 3, y: 0.55 }]);
});

test('tooltip text names the reason, objectives, SLO verdict and parameters', () => {
  const d = describeTrial(trial(7, { status: 'infeasible', reasonCode: 'out-of-memory', reason: 'CUDA out of memory' }), [{ metric: 'ttft_mean', goal: 'min' }], {});
  assert.equal(d.title, 'Trial 7 · bo · infeasible: out-of-memory');
  assert.equal(d.lines[0], 'CUDA out of memory');
  assert.ok(d.lines.some((l) => l.includes('max-num-seqs=512')));
  const ok = describeTrial(trial(8, { metrics: { ttft_mean: 90, ttft_p99: 2400 }, source: 'robustness', retestOf: 3 }), [{ metric: 'ttft_mean', goal: 'min' }], { ttft_p99: { max: 2000 } });
  assert.equal(ok.title, 'Trial 8 · robustness of #3 · ok');
  assert.deepEqual(ok.lines.slice(0, 3), ['ttft_mean: 90.00 ms', 'ttft_p99: 2,400 ms', 'violates SLO on ttft_p99']);
});

import { FAILED_Y, pcAxes, pcLines, pcPosition, pcTicks } from '../../../webview/logic/parallel.js';

test('parallel coordinates: log, category and goal-oriented objective axes', () => {
  const params = [
    { name: 'max-num-seqs', type: 'int' as const, min: 16, max: 1024, log: true },
    { name: 'block-size', type: 'enum' as const, values: [8, 16, 32] },
  ];
  const ts = [
    trial(0, { params: { 'max-num-seqs': 16, 'block-size': 8 }, metrics: { ttft_mean: 100, request_throughput: 2 } }),
    trial(1, { params: { 'max-num-seqs': 128, 'block-size': 32 }, metrics: { ttft_mean: 300, request_throughput: 8 } }),
    trial(2, { params: { 'max-num-seqs': 1024, 'block-size': 16 }, status: 'infeasible' }),
  ];
  const axes = pcAxes(params, [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'request_throughput', goal: 'max' }], ts);
  assert.deepEqual(axes.map((a) => a.scale), ['log', 'category', 'linear', 'linear']);
  assert.ok(Math.abs((pcPosition(axes[0], 128) as number) - 0.5) < 1e-12); // log midpoint of 16..1024
  assert.equal(pcPosition(axes[1], '16'), 0.5);
  const lines = pcLines(ts, axes, {});
  assert.deepEqual(lines[0].ys, [0, 0, 1, 0]); // lowest TTFT is "better": drawn at the top
  assert.deepEqual(lines[1].ys.map((y) => Math.round((y as number) * 1e9) / 1e9), [0.5, 1, 0, 1]);
  assert.deepEqual(lines[2].ys, [1, 0.5, FAILED_Y, FAILED_Y]);
  assert.equal(lines[2].cls, 'infeasible');
  assert.deepEqual(pcTicks(axes[2], String).map((t) => [t.at, t.text]), [[1, '100'], [0.5, '200'], [0, '300']]);
});
