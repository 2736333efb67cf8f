import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotState } from '../../../src/extension/study/snapshot-state.js';
import { statusText } from '../../../src/extension/study/status-text.js';
import { TerminalFormatter } from '../../../src/extension/study/terminal-format.js';
import { changesText, formatMetric, shortMetric, signedPercent } from '../../../src/extension/study/metric-text.js';
import { harness } from './fakes.js';
import { snapshot, studyEvents } from './study-data.js';

test('snapshot state: every event becomes the panel messages that keep it in step', () => {
  const state = new SnapshotState();
  const events = studyEvents('/w/.scoot/bot');
  const messages = events.flatMap((e, i) => state.apply(e, 1000 + i * 1000));
  assert.equal(messages[0].type, 'snapshot');
  assert.equal(messages.filter((m) => m.type === 'trial').length, 4);
  const final = state.snapshot;
  assert.ok(final);
  assert.equal(final.status, 'finished');
  assert.equal(final.trials.length, 4);
  assert.deepEqual(final.running, []);
  assert.equal(final.summary?.best?.trial, 1);
  assert.equal(final.elapsedSeconds, (events.length - 1), 'one second per event in this replay');
  const last = messages.at(-1);
  assert.ok(last?.type === 'status' && last.status === 'finished');
  // Running trials carry their phase.
  const s2 = new SnapshotState();
  s2.apply(events[0], 0);
  s2.apply(events[1], 0);
  const [m] = s2.apply(events[2], 0);
  assert.ok(m.type === 'running' && m.running[0].phase === 'load');
  assert.deepEqual(s2.stopping(0), [{ type: 'status', status: 'stopping', elapsedSeconds: 0 }]);
});

test('status text: trial k/N, best so far per objective, and a tooltip with the details', () => {
  const s = { ...snapshot('/w'), trials: [], summary: undefined };
  assert.equal(statusText(s).text, '$(sync~spin) SCOOT 0/4');
  const state = new SnapshotState();
  for (const e of studyEvents('/w').slice(0, 10)) state.apply(e, 0);
  const st = statusText(state.snapshot ?? s);
  assert.equal(st.text, '$(sync~spin) SCOOT 2/4 · TTFT 60.0 ms · TPOT 18.0 ms');
  assert.match(st.tooltip, /2 of 4 trials, 0 infeasible/);
  assert.match(st.tooltip, /Best so far \(trial 1\)/);
  assert.equal(statusText({ ...s, status: 'failed', error: 'boom' }).text, '$(error) SCOOT failed 0/4');
});

test('terminal: a header per trial, engine output with CRLF, outcomes; lines tagged when trials run in parallel', () => {
  const f = new TerminalFormatter();
  const out = studyEvents('/w').map((e) => f.format(e)).join('');
  assert.match(out, /SCOOT: study "bot" \(vllm 0\.11\), 4 trials/);
  assert.match(out, /── trial 0 \(default, slot 0\) max-num-seqs=256 enable-prefix-caching=true ──/);
  assert.ok(!/[^\r]\n/.test(out), 'every newline is CRLF');
  assert.match(out, /✓ trial 1 ok: TTFT 60\.0 ms, TPOT 18\.0 ms/);
  const p = new TerminalFormatter();
  p.format({ type: 'started', snapshot: { ...snapshot('/w'), parallel: 2 } });
  assert.equal(p.format({ type: 'engine-output', trial: 3, chunk: 'a\nb' }), '\x1b[2m[t3]\x1b[0m a\r\n');
  assert.equal(p.format({ type: 'engine-output', trial: 4, chunk: 'x\n' }), '\x1b[2m[t4]\x1b[0m x\r\n');
  const end = p.format({ type: 'trial-finished', record: { trial: 3, params: {}, status: 'error', reason: 'cancelled', source: 'bo', slot: 0, startedAt: '', endedAt: '' }, summary: { study: 'bot', engine: '', objectives: [], evaluated: 0, infeasible: 0, budget: 1, pareto: [], robustness: [], wallSeconds: 0, suggestSeconds: 0 } });
  assert.ok(end.startsWith('\x1b[2m[t3]\x1b[0m b\r\n'), 'the unfinished line of the trial comes first');
  assert.ok(end.includes('✗ trial 3 error: cancelled'));
});

test('metric text: short names, units and signed percentages', () => {
  assert.equal(shortMetric('ttft_mean'), 'TTFT');
  assert.equal(shortMetric('tpot_p99'), 'TPOT p99');
  assert.equal(shortMetric('request_throughput'), 'req/s');
  assert.equal(formatMetric('ttft_p99', 12_345), '12.3 s');
  assert.equal(formatMetric('output_throughput', 1234.5), '1235/s');
  // a command benchmark's own names keep the unit they say
  assert.equal(formatMetric('kv_throughput', 12.34), '12.3/s');
  assert.equal(formatMetric('ttft_max', 250), '250 ms');
  assert.equal(formatMetric('accuracy', 0.5), '0.50');
  assert.equal(signedPercent(-40), '−40%');
  assert.equal(signedPercent(3.25), '+3.3%');
  assert.equal(changesText([{ metric: 'request_throughput', goal: 'max' }], { request_throughput: 15 }, { request_throughput: 10 }), 'req/s +50%');
});

test('the session: stop shows "stopping", a crash after start marks the study failed, dispose kills the run', async (t) => {
  const h = await harness(t);
  const started = h.services.session.start({ configPath: '/w/scoot.config.json', resume: false });
  const run = h.runs[0];
  assert.equal(run.request.scootCommand[0], 'scoot');
  const phases: string[] = [];
  started.onPhase((p) => phases.push(p));
  const events = studyEvents('/w');
  for (const e of events.slice(0, 3)) run.handlers.onEvent(e);
  assert.deepEqual(phases, ['trial 0: starting', 'trial 0: replaying the workload']);
  h.services.session.stop();
  assert.equal(run.stopped, 1);
  assert.deepEqual(h.panelMessages.at(-1), { type: 'status', status: 'stopping', elapsedSeconds: h.panelMessages.at(-1)?.type === 'status' ? (h.panelMessages.at(-1) as { elapsedSeconds: number }).elapsedSeconds : 0 });
  run.finish({ status: 'failed', error: { name: 'WorkerError', message: 'the study worker exited (code 1) before the study ended' } });
  await started.done;
  await started.firstTrial;
  assert.equal(h.services.session.snapshot?.status, 'failed');
  assert.equal(h.services.session.active, false);
  assert.ok(h.logs.includes('error WorkerError: the study worker exited (code 1) before the study ended'));
  h.services.session.start({ configPath: '/w/scoot.config.json', resume: true });
  h.services.session.killSync();
  assert.equal(h.runs[1].killed, 1);
  await h.services.session.dispose();
  assert.equal(h.runs[1].disposed, true);
  assert.equal(h.services.session.active, false);
});
