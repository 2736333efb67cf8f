import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrialRecord } from '../../../src/protocol/study.js';
import { improvements } from '../../../webview/logic/best-so-far.js';
import { describeTrial } from '../../../webview/logic/chart-data.js';
import { cellText, tableColumns } from '../../../webview/logic/table.js';
import { boundMark, classifyTrial, isFrontCandidate } from '../../../webview/logic/trials.js';
import { trial } from './helpers.js';

const objectives = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'request_throughput', goal: 'max' as const }];
const stopped: TrialRecord = trial(3, {
  metrics: { ttft_mean: 40, request_throughput: 9.5, error_rate: 0 },
  earlyStop: { rule: 'dominated', reason: 'dominated by trial 1 whatever the rest of the load does', atSeconds: 6.5, savedSeconds: 4.2, censored: ['ttft_mean', 'request_throughput'], evidence: { dominatedBy: 1 } },
});

test('a trial stopped early is its own class: never a front candidate nor a best-so-far step, even with bounds that look better than everything', () => {
  const full = trial(1, { metrics: { ttft_mean: 50, request_throughput: 9 } });
  assert.equal(classifyTrial(stopped, {}), 'stopped-early');
  assert.equal(isFrontCandidate(stopped, objectives, {}), false);
  assert.deepEqual(improvements([full, stopped], objectives[0], {}).map((i) => i.trial), [1]);
});

test('the table and the tooltip say "stopped early", why, and mark bounds (≥ latency, ≤ throughput)', () => {
  const cols = tableColumns({ trials: [stopped], objectives, slo: {}, parameters: [] });
  const cell = (id: string) => cellText(stopped, cols.find((c) => c.id === id) as (typeof cols)[number]);
  assert.equal(cell('status'), 'stopped early');
  assert.match(cell('metric:ttft_mean'), /^≥ 40/);
  assert.match(cell('metric:request_throughput'), /^≤ 9\.5/);
  assert.equal(cell('metric:error_rate'), '0', 'a count, not a bound');
  assert.equal(cell('reason'), 'dominated: dominated by trial 1 whatever the rest of the load does');
  assert.equal(boundMark(trial(2, { metrics: { ttft_mean: 1 } }), 'ttft_mean'), '');
  const d = describeTrial(stopped, objectives, {});
  assert.match(d.title, /· stopped early: dominated$/);
  assert.ok(d.lines.includes('ttft_mean: ≥ 40 ms') || d.lines.some((l) => /^ttft_mean: ≥ 40/.test(l)), d.lines.join('\n'));
  assert.ok(d.lines.some((l) => /at 6\.5 s of load, about 4 s saved\); values are bounds/.test(l)));
});
