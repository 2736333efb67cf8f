// The headline compares like with like (issue 13, item 5): the default is re-tested under the same
// arrival orders as the chosen configuration, each is judged by its worst case over them, the tuning
// runs alone are kept as single-run figures, and a failed run is left out with a note, never hidden.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPreset } from '../../../src/engines/index.js';
import type { EnginePreset } from '../../../src/engines/preset.js';
import type { StudySummary, TrialRecord } from '../../../src/protocol/study.js';
import type { Evaluator, Slot, TrialOutcome, TrialSpec } from '../../../src/runner/types.js';
import { compareWithDefault } from '../../../src/study/default-comparison.js';
import type { ResolvedStudy } from '../../../src/study/resolve.js';
import { retestJobs, retestTargets } from '../../../src/study/retests.js';
import { runStudy } from '../../../src/study/run-study.js';
import { inProcessSuggestService } from '../../../src/study/suggest-service.js';
import { summarize } from '../../../src/study/summary.js';

const rec = (trial: number, metrics: Record<string, number> | undefined, extra: Partial<TrialRecord> = {}): TrialRecord => ({
  trial,
  params: { x: trial },
  status: metrics ? 'ok' : 'infeasible',
  ...(metrics ? { metrics } : { reason: 'engine died' }),
  source: trial === 0 ? 'default' : 'bo',
  slot: 0,
  startedAt: '',
  endedAt: '',
  ...extra,
});
const retest = (trial: number, of: number, seed: number, metrics: Record<string, number> | undefined): TrialRecord =>
  rec(trial, metrics, { source: 'robustness', retestOf: of, arrivalSeed: seed, params: { x: of } });
const objectives = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'request_throughput', goal: 'max' as const }];
const summaryOf = (records: TrialRecord[]): StudySummary => summarize({ study: 's', engine: 'sim 1', objectives, budget: 2, records, wallSeconds: 1, suggestSeconds: 0 });

test('worst case against worst case over the same arrival orders, with the single runs beside it', () => {
  const records = [
    rec(0, { ttft_mean: 100, request_throughput: 9 }),
    rec(1, { ttft_mean: 50, request_throughput: 10 }),
    retest(2, 1, 1, { ttft_mean: 80, request_throughput: 9.5 }),
    retest(3, 1, 2, { ttft_mean: 60, request_throughput: 9.8 }),
    retest(4, 0, 1, { ttft_mean: 110, request_throughput: 8.5 }),
    retest(5, 0, 2, { ttft_mean: 105, request_throughput: 8.9 }),
  ];
  const c = summaryOf(records).comparison;
  assert.ok(c);
  assert.equal(c.basis, 'worst-case');
  assert.equal(c.arrivalOrders, 3);
  assert.deepEqual(c.retestSeeds, [1, 2]);
  assert.equal(c.chosenTrial, 1);
  const ttft = c.metrics.find((m) => m.metric === 'ttft_mean');
  const tput = c.metrics.find((m) => m.metric === 'request_throughput');
  // Worst: the highest latency, the lowest throughput, of each over the three orders.
  assert.deepEqual([ttft?.default, ttft?.chosen], [110, 80]);
  assert.ok(Math.abs((ttft?.percent ?? 0) - ((80 - 110) / 110) * 100) < 1e-9);
  assert.deepEqual([tput?.default, tput?.chosen], [8.5, 9.5]);
  // The tuning runs alone: the figure the search saw, −50%, much rosier than the worst case's −27%.
  assert.deepEqual(ttft?.singleRun, { default: 100, chosen: 50, percent: -50 });
});

test('an arrival order only one of the two ran is not compared; a failed run is left out with a note', () => {
  const records = [
    rec(0, { ttft_mean: 100, request_throughput: 9 }),
    rec(1, { ttft_mean: 50, request_throughput: 10 }),
    retest(2, 1, 1, { ttft_mean: 90, request_throughput: 9 }),
    retest(3, 1, 2, { ttft_mean: 500, request_throughput: 1 }), // the default never ran seed 2
    retest(4, 0, 1, undefined),
  ];
  const c = compareWithDefault(summaryOf(records).best, summaryOf(records).default, records, ['ttft_mean']);
  assert.ok(c);
  assert.equal(c.basis, 'single-run', 'no arrival order besides the tuning run has both measured');
  assert.equal(c.arrivalOrders, 1);
  assert.deepEqual([c.metrics[0].default, c.metrics[0].chosen], [100, 50]);
  assert.equal(c.notes.length, 1);
  assert.match(c.notes[0], /the default failed under arrival-order seed 1 \(engine died\)/);
});

test('no re-tests: a single-run comparison; no default measured: no comparison at all', () => {
  const records = [rec(0, { ttft_mean: 100, request_throughput: 9 }), rec(1, { ttft_mean: 50, request_throughput: 10 })];
  assert.equal(summaryOf(records).comparison?.basis, 'single-run');
  assert.equal(summaryOf([rec(0, undefined), rec(1, { ttft_mean: 50, request_throughput: 10 })]).comparison, undefined);
});

test('re-test targets: the chosen configuration and the default; a re-test re-runs the recorded parameters as they were', () => {
  // A baseline recorded with no tuned flag at all (the engine's own defaults) is re-run as exactly that.
  const records = [rec(0, { ttft_mean: 100, request_throughput: 9 }, { params: {} }), rec(1, { ttft_mean: 50, request_throughput: 10 })];
  const s = summaryOf(records);
  const targets = retestTargets(s, 1);
  assert.deepEqual(targets.map((p) => p.trial), [1, 0]);
  const jobs = retestJobs(targets, [...records, retest(2, 1, 6, { ttft_mean: 1, request_throughput: 1 })], 2, 5);
  assert.deepEqual(jobs.map((j) => [j.retestOf, j.arrivalSeed, j.params]), [[1, 7, { x: 1 }], [0, 6, {}], [0, 7, {}]]);
  // The default chosen: re-tested once, not twice.
  assert.deepEqual(retestTargets(summaryOf([rec(0, { ttft_mean: 10, request_throughput: 20 })]), 1).map((p) => p.trial), [0]);
});

/** Latency that depends on x, worse under some arrival orders than others. */
class OrderSensitiveEvaluator implements Evaluator {
  specs: TrialSpec[] = [];
  async evaluate(spec: TrialSpec): Promise<TrialOutcome> {
    this.specs.push(spec);
    // A baseline run as the bare base command has no x: the engine then does what x = 0.9 does.
    const x = spec.params.x === undefined ? 0.9 : Number(spec.params.x);
    const order = 1 + 0.2 * ((spec.arrivalSeed ?? 0) % 3);
    return { status: 'ok', metrics: { ttft_mean: (10 + 100 * (x - 0.2) ** 2) * order, request_throughput: 5 } };
  }
  async close(): Promise<void> {}
}

function studyOf(dir: string, preset: EnginePreset): ResolvedStudy {
  return {
    name: 'compare',
    config: { engine: { type: 'command', evaluate: ['true'] }, objectives: [{ metric: 'ttft_mean', goal: 'min' }], budget: { evaluations: 6 } },
    configDir: dir,
    preset,
    problem: { space: { x: { type: 'float', min: 0, max: 1, default: 0.9 } }, fixed: { mode: 'fast' }, constraints: [], objectives: 1, outcomeConstraints: [], initialDesignSize: 3 },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }],
    slo: {},
    budget: 6,
    parallel: 1,
    gpusPerTrial: 1,
    target: { type: 'local' },
    algorithm: 'random',
    seed: 3,
    robustnessRepeats: 2,
    robustnessTop: 1,
    traceFacts: { count: 0, maxPromptTokens: 0, maxOutputTokens: 0, maxTotalTokens: 0, meanPromptTokens: 0, meanOutputTokens: 0 },
    setup: { preset, baseCommand: [], env: {}, host: '127.0.0.1', readyTimeoutSec: 1, cwd: dir, workload: { requests: [], rate: 1, arrival: 'poisson', burstiness: 1, api: 'completions', warmupRequests: 0, requestTimeoutSec: 1, maxErrorRate: 0.05, seed: 10 }, stopGraceSec: 1 },
  };
}

test('a study re-tests the default under the same arrival orders as the chosen configuration, with its recorded parameters', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-compare-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const resolved = studyOf(dir, getPreset('command'));
  const evaluator = new OrderSensitiveEvaluator();
  const slot: Slot = { id: 0, kind: 'local', gpus: [], label: 'slot 0' };
  const out = await runStudy({ resolved, studyDir: dir, resume: false, evaluator, slots: [slot], suggest: inProcessSuggestService(), signal: new AbortController().signal });
  assert.equal(out.status, 'finished', out.error);
  const s = out.summary;
  assert.ok(s.best && s.default && s.best.trial !== s.default.trial, 'a configuration beat the default');
  const retests = evaluator.specs.filter((x) => x.source === 'robustness');
  const seedsOf = (trial: number) => retests.filter((x) => JSON.stringify(x.params) === JSON.stringify(trial === s.default?.trial ? s.default.params : s.best?.params)).map((x) => x.arrivalSeed);
  assert.deepEqual(seedsOf(s.default.trial), [11, 12]);
  assert.deepEqual(seedsOf(s.best.trial), [11, 12]);
  assert.deepEqual(s.default.params, { x: 0.9, mode: 'fast' }, 'the default ran with the fixed value');
  assert.equal(s.comparison?.basis, 'worst-case');
  assert.equal(s.comparison?.arrivalOrders, 3);
  // Seeds 10 (the tuning run), 11 and 12 scale latency by 1.2, 1.4 and 1.0: the worst is the 1.4× run, for both.
  const ttft = s.comparison?.metrics[0];
  const latency = (x: number) => 10 + 100 * (x - 0.2) ** 2;
  assert.ok(Math.abs((ttft?.default ?? 0) - latency(0.9) * 1.4) < 1e-9);
  assert.ok(Math.abs((ttft?.chosen ?? 0) - latency(Number(s.best.params.x)) * 1.4) < 1e-9);
  const report = await readFile(join(dir, 'report.md'), 'utf8');
  assert.match(report, /worst case of each over the same 3 arrival orders \(the tuning run's and re-tests with seeds 11, 12\)/);
  assert.match(report, /\| \d+ \(default\) \| 2 \|/);
  assert.doesNotMatch(report, /meets SLOs/, 'no SLO set: no SLO column');
});

test('the extension quotes the same comparison, saying which kind it is', async () => {
  const { chosenChangeText } = await import('../../../src/extension/study/metric-text.js');
  const records = [
    rec(0, { ttft_mean: 100, request_throughput: 9 }),
    rec(1, { ttft_mean: 50, request_throughput: 10 }),
    retest(2, 1, 1, { ttft_mean: 80, request_throughput: 9.5 }),
    retest(3, 0, 1, { ttft_mean: 110, request_throughput: 8.5 }),
  ];
  assert.equal(chosenChangeText(summaryOf(records)), 'TTFT −27%, req/s +12%, worst case of 2 arrival orders');
  assert.equal(chosenChangeText(summaryOf(records.slice(0, 2))), 'TTFT −50%, req/s +11%, single run');
});

test('a baseline run as the bare base command is re-tested as exactly that, under the same arrival orders', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-compare-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const evaluator = new OrderSensitiveEvaluator();
  const slot: Slot = { id: 0, kind: 'local', gpus: [], label: 'slot 0' };
  const resolved = studyOf(dir, { ...getPreset('command'), baseline: 'base-command' });
  const out = await runStudy({ resolved, studyDir: dir, resume: false, evaluator, slots: [slot], suggest: inProcessSuggestService(), signal: new AbortController().signal });
  assert.equal(out.status, 'finished', out.error);
  const baselineRuns = evaluator.specs.filter((x) => !('x' in x.params));
  assert.deepEqual(baselineRuns.map((x) => [x.source, x.arrivalSeed ?? null, x.params]), [['default', null, { mode: 'fast' }], ['robustness', 11, { mode: 'fast' }], ['robustness', 12, { mode: 'fast' }]]);
  assert.equal(out.summary.comparison?.basis, 'worst-case');
  assert.equal(out.summary.comparison?.arrivalOrders, 3);
});
