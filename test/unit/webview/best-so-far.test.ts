import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestSoFarLine, improvements } from '../../../webview/logic/best-so-far.js';
import { trial } from './helpers.js';

test('minimised objective: improvements only, infeasible and robustness trials ignored', () => {
  const ts = [
    trial(0, { metrics: { ttft_mean: 900 } }),
    trial(1, { metrics: { ttft_mean: 950 } }),
    trial(2, { status: 'infeasible', reason: 'OOM' }),
    trial(3, { metrics: { ttft_mean: 400 } }),
    trial(4, { metrics: { ttft_mean: 100 }, source: 'robustness', retestOf: 3 }),
    trial(5, { metrics: { ttft_mean: 390 } }),
  ];
  assert.deepEqual(improvements(ts, { metric: 'ttft_mean', goal: 'min' }, {}), [
    { trial: 0, value: 900 }, { trial: 3, value: 400 }, { trial: 5, value: 390 },
  ]);
});

test('maximised objective keeps the running maximum', () => {
  const ts = [3, 5, 4, 8, 8, 2].map((v, i) => trial(i, { metrics: { request_throughput: v } }));
  assert.deepEqual(improvements(ts, { metric: 'request_throughput', goal: 'max' }, {}).map((s) => s.value), [3, 5, 8]);
});

test('SLO violators never become the best', () => {
  const ts = [
    trial(0, { metrics: { request_throughput: 5, ttft_p99: 1500 } }),
    trial(1, { metrics: { request_throughput: 9, ttft_p99: 2500 } }),
    trial(2, { metrics: { request_throughput: 7, ttft_p99: 1999 } }),
  ];
  const steps = improvements(ts, { metric: 'request_throughput', goal: 'max' }, { ttft_p99: { max: 2000 } });
  assert.deepEqual(steps, [{ trial: 0, value: 5 }, { trial: 2, value: 7 }]);
});

test('trial order, not arrival order, decides (parallel slots finish out of order)', () => {
  const ts = [trial(2, { metrics: { m: 1 } }), trial(1, { metrics: { m: 3 } })];
  assert.deepEqual(improvements(ts, { metric: 'm', goal: 'min' }, {}).map((s) => s.trial), [1, 2]);
});

test('step line: flat, then a vertical jump at each improvement, extended to the last trial', () => {
  assert.deepEqual(bestSoFarLine([{ trial: 0, value: 9 }, { trial: 3, value: 4 }], 7), [
    { x: 0, y: 9 }, { x: 3, y: 9 }, { x: 3, y: 4 }, { x: 7, y: 4 },
  ]);
  assert.deepEqual(bestSoFarLine([], 5), []);
});

import { defaultTrial, highlights } from '../../../webview/logic/highlights.js';
import { summarize } from '../../../src/study/summary.js';
import type { ObjectiveSpec } from '../../../src/protocol/study.js';

test('highlights: the chosen trial and the Pareto set are summary.json\'s, not recomputed', () => {
  const ts = [
    trial(0, { metrics: { a: 5, b: 5 } }),
    trial(1, { metrics: { a: 1, b: 9 } }),
    trial(2, { metrics: { a: 9, b: 1 } }),
    trial(3, { metrics: { a: 6, b: 6 } }),
    trial(4, { status: 'infeasible' }),
    trial(5, { metrics: { a: 0.5, b: 0.5 }, source: 'robustness', retestOf: 0 }),
  ];
  const objectives: ObjectiveSpec[] = [{ metric: 'a', goal: 'min' }, { metric: 'b', goal: 'min' }];
  const summary = summarize({ study: 's', engine: 'sim', objectives, budget: 6, records: ts, wallSeconds: 1, suggestSeconds: 0 });
  const h = highlights({ objectives, summary });
  assert.equal(h.chosen, summary.best?.trial);
  assert.deepEqual([...h.front].sort(), [0, 1, 2]);
  // A summary that chose otherwise (the study's recommendation rule may pool neighbours' measurements) is followed.
  const other = highlights({ objectives, summary: { ...summary, best: summary.pareto[2], pareto: [summary.pareto[2]] } });
  assert.equal(other.chosen, 2);
  assert.deepEqual([...other.front], [2]);
  assert.equal(defaultTrial(ts)?.trial, 0);
  assert.deepEqual(highlights({ objectives: [{ metric: 'a', goal: 'max' }] }), { chosen: undefined, front: new Set() });
});
