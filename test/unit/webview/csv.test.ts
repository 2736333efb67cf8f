import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, exportFileName, toCsv, trialsCsv, trialsJson } from '../../../webview/logic/csv.js';
import type { StudySnapshot } from '../../../src/protocol/study.js';
import { trial } from './helpers.js';

test('fields are quoted per RFC 4180 and formula-like text is neutralised', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(-3.5), '-3.5');
  assert.equal(csvField(true), 'true');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(Number.NaN), '');
  assert.equal(toCsv(['a', 'b'], [[1, 'x'], [undefined, 2]]), 'a,b\r\n1,x\r\n,2\r\n');
});

function snapshot(): StudySnapshot {
  return {
    study: 'bot a100/x2', studyDir: '/w/.scoot/bot', engine: 'vllm', status: 'running',
    objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
    slo: { ttft_p99: { max: 2000 } },
    parameters: [{ name: 'max-num-seqs', type: 'int', min: 16, max: 1024, log: true }, { name: 'enable-prefix-caching', type: 'bool' }],
    budget: 30, parallel: 1, running: [], elapsedSeconds: 0,
    trials: [
      trial(1, { metrics: { ttft_mean: 120.5, tpot_mean: 30, ttft_p99: 800, request_throughput: 9.1 }, pofThreshold: 0.5 }),
      trial(0, { metrics: { ttft_mean: 300, tpot_mean: 40, ttft_p99: 1900 } }),
      trial(2, { status: 'infeasible', reasonCode: 'out-of-memory', reason: 'engine exited with code 1: CUDA out of memory, "tried" 2 GiB' }),
      trial(3, { metrics: { ttft_mean: 5000, tpot_mean: 12 }, earlyStop: { rule: 'saturation', reason: 'saturated: 30 requests waiting', atSeconds: 4, savedSeconds: 30, censored: ['ttft_mean', 'tpot_mean'], evidence: {} } }),
    ],
  };
}

test('trials CSV: header, one row per trial in trial order, params then metrics', () => {
  const csv = trialsCsv(snapshot());
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 5);
  assert.equal(lines[0], 'trial,source,status,slot,started_at,ended_at,duration_s,pof_threshold,reason_code,reason,retest_of,arrival_seed,stopped_early,censored_metrics,max-num-seqs,enable-prefix-caching,ttft_mean,tpot_mean,ttft_p99,request_throughput');
  assert.match(lines[1], /^0,default,ok,0,2025-01-01T00:00:00.000Z,2025-01-01T00:04:00.000Z,240,,,,,,,,64,true,300,40,1900,$/);
  assert.match(lines[2], /^1,bo,ok,.*,0.5,.*,128,false,120.5,30,800,9.1$/);
  assert.ok(lines[3].includes('out-of-memory,"engine exited with code 1: CUDA out of memory, ""tried"" 2 GiB"'));
  // A trial stopped early: status ok, its rule and the metrics that are only bounds in their own columns.
  assert.match(lines[4], /^3,bo,ok,.*,saturated: 30 requests waiting,,,saturation,ttft_mean tpot_mean,.*,5000,12,,$/);
});

test('trials JSON round-trips every record unchanged', () => {
  const s = snapshot();
  const doc = JSON.parse(trialsJson(s)) as { study: string; trials: unknown[]; objectives: unknown };
  assert.equal(doc.study, s.study);
  assert.deepEqual(doc.objectives, s.objectives);
  assert.deepEqual(doc.trials, [...s.trials].sort((a, b) => a.trial - b.trial));
});

test('export file names are safe', () => {
  assert.equal(exportFileName('bot a100/x2', 'csv'), 'bot-a100-x2-trials.csv');
  assert.equal(exportFileName('../..', 'json'), 'study-trials.json');
});
