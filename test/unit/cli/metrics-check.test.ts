// A trial is never `ok` without every objective and SLO metric as a finite number, nor with a negative
// time or rate. When the default (first) trial already lacks one, the study stops at once as a set-up
// error naming the metric and what the benchmark printed; a later trial lacking one is an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { benchConfig, runCli, studyRecords, workspace, writeConfig } from './cli-helpers.js';

async function setupError(t: Parameters<typeof workspace>[0], printed: string, extra: Record<string, unknown> = {}): Promise<{ line: string; stdout: string; records: number }> {
  const dir = await workspace(t);
  await writeConfig(dir, benchConfig(['--print', printed], { budget: { evaluations: 4 }, ...extra }));
  const t0 = Date.now();
  const r = await runCli(['tune', '-q'], dir);
  const seconds = (Date.now() - t0) / 1000;
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(seconds < 20, `stopped at once (${seconds} s)`);
  return { line: lines[0], stdout: r.stdout, records: (await studyRecords(join(dir, '.scoot', 'safe'))).length };
}

test('the default trial without the objective metric (a typo): the study stops at once, naming the metric and what the benchmark printed', { timeout: 60_000 }, async (t) => {
  const r = await setupError(t, '{"ttft_men": 12.5, "tpot_mean": 2}');
  assert.match(r.line, /^scoot: the default configuration's evaluation gave no "ttft_mean" metric \(objectives\[0\]\.metric\) in the results; it printed: \{"ttft_men": 12\.5, "tpot_mean": 2\}\. Fix /);
  assert.equal(r.records, 0, 'nothing recorded: the default runs again once the benchmark is fixed');
  assert.doesNotMatch(r.stdout, /scoot:/, 'the error is on stderr, not stdout');
});

test('the string "NaN" is not a metric', { timeout: 60_000 }, async (t) => {
  const r = await setupError(t, '{"ttft_mean": "NaN"}');
  assert.match(r.line, /no "ttft_mean" metric \(objectives\[0\]\.metric\).*it printed: \{"ttft_mean": "NaN"\}/);
});

test('an SLO metric missing from the default trial stops the study too', { timeout: 60_000 }, async (t) => {
  const r = await setupError(t, '{"ttft_mean": 11}', { slo: { ttft_p99: { max: 100 } } });
  assert.match(r.line, /no "ttft_p99" metric \(slo\.ttft_p99\)/);
});

test('a negative time is rejected', { timeout: 60_000 }, async (t) => {
  const r = await setupError(t, '{"ttft_mean": -4}');
  assert.match(r.line, /"ttft_mean" is -4, but a time or rate cannot be negative/);
});

test('a later trial without the metric is an error with the reason; the study goes on', { timeout: 60_000 }, async (t) => {
  const dir = await workspace(t);
  await writeConfig(dir, benchConfig(['--print', '{"ttft_mean": "NaN"}', '--print-above', '5'], { budget: { evaluations: 6 } }));
  const r = await runCli(['tune', '-q'], dir);
  assert.equal(r.code, 0, r.stderr);
  const records = await studyRecords(join(dir, '.scoot', 'safe'));
  assert.equal(records.length, 6);
  const bad = records.filter((rec) => Number(rec.params.x) > 5);
  assert.ok(bad.length > 0, 'some trial printed NaN');
  for (const rec of bad) {
    assert.equal(rec.status, 'error');
    assert.equal(rec.reasonCode, 'bad-metrics');
    assert.match(rec.reason ?? '', /no "ttft_mean" metric \(objectives\[0\]\.metric\) in the results \(printed: \{"ttft_mean": "NaN"\}\)/);
  }
  assert.ok(records.filter((rec) => Number(rec.params.x) <= 5).every((rec) => rec.status === 'ok'));
});
