// The engine's true default as the baseline (EnginePreset.baseline 'base-command'): measured first, with
// no tuned flag, compared against, but never taught to the optimiser as a point of the space; and a
// study that tunes and chooses sensibly when that baseline fails.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStudy } from '../../../src/study/run-study.js';
import { inProcessSuggestService, type SuggestJob, type SuggestService } from '../../../src/study/suggest-service.js';
import type { ResolvedStudy } from '../../../src/study/resolve.js';
import type { Evaluator, Slot, TrialOutcome, TrialSpec } from '../../../src/runner/types.js';
import type { StudySummary, TrialRecord } from '../../../src/protocol/study.js';
import type { EnginePreset } from '../../../src/engines/preset.js';
import { getPreset } from '../../../src/engines/registry.js';
import { buildProblem } from '../../../src/study/problem-definition.js';
import { isSpacePoint, optimizerHistory, withBaselineReference } from '../../../src/study/history.js';
import { referencePoint } from '../../../src/core/suggesters/reference-point.js';
import { describeConfig } from '../../../src/study/report.js';

const OBJECTIVES = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'tpot_mean', goal: 'min' as const }];
const SPACE = { x: { type: 'float' as const, min: 0, max: 1, default: 0.5 }, y: { type: 'float' as const, min: 0, max: 1, default: 0.5 } };

/** A fake engine: smooth latency over (x, y); its own default (no x, no y) measures `baseline`, or fails. */
class BaselineEvaluator implements Evaluator {
  specs: TrialSpec[] = [];
  constructor(private readonly baseline: { ttft: number; tpot: number } | 'fails') {}
  async evaluate(spec: TrialSpec): Promise<TrialOutcome> {
    this.specs.push(spec);
    const phases = { startup: 2, warmup: 0.5, load: 10, drain: 3, teardown: 1 };
    if (!('x' in spec.params)) {
      if (this.baseline === 'fails') return { status: 'infeasible', reasonCode: 'context-too-small', reason: '16% of requests failed: request exceeds the available context size', phases };
      return { status: 'ok', metrics: { ttft_mean: this.baseline.ttft, tpot_mean: this.baseline.tpot }, phases };
    }
    const x = spec.params.x as number;
    const y = spec.params.y as number;
    return { status: 'ok', metrics: { ttft_mean: 100 + 400 * (x - 0.3) ** 2 + 50 * y, tpot_mean: 20 + 30 * (y - 0.6) ** 2 + 10 * x }, phases };
  }
  async close(): Promise<void> {}
}

function resolved(preset: EnginePreset, budget: number): ResolvedStudy {
  return {
    name: 'baseline', config: { engine: { type: 'command', evaluate: ['true'] }, objectives: OBJECTIVES, workload: { trace: 't' }, budget: { evaluations: budget } },
    configDir: '/tmp', preset,
    problem: { space: SPACE, fixed: { model: 'm.gguf' }, constraints: [], objectives: 2, outcomeConstraints: [], initialDesignSize: 3 },
    objectives: OBJECTIVES, slo: {},
    budget, parallel: 1, gpusPerTrial: 1, target: { type: 'local' }, algorithm: 'scoot', seed: 3,
    robustnessRepeats: 0, robustnessTop: 1,
    traceFacts: { count: 1, maxPromptTokens: 1, maxOutputTokens: 1, maxTotalTokens: 2, meanPromptTokens: 1, meanOutputTokens: 1 },
    setup: { preset, baseCommand: [], env: {}, host: '127.0.0.1', readyTimeoutSec: 1, cwd: '/tmp', workload: { requests: [], rate: 1, arrival: 'poisson', burstiness: 1, api: 'completions', warmupRequests: 0, requestTimeoutSec: 1, maxErrorRate: 0.05, seed: 0 }, stopGraceSec: 1 },
  };
}

const bareBaseline: EnginePreset = { ...getPreset('command'), baseline: 'base-command' };
const SLOT: Slot[] = [{ id: 0, kind: 'local', gpus: [0], label: 'gpu0' }];

/** The in-process suggester, keeping every job it was given. */
function recordingSuggest(): SuggestService & { jobs: SuggestJob[] } {
  const inner = inProcessSuggestService();
  const jobs: SuggestJob[] = [];
  return { jobs, suggest: (job) => (jobs.push(structuredClone(job)), inner.suggest(job)), converged: (job) => inner.converged(job), recommend: (job) => inner.recommend(job), close: () => inner.close() };
}

async function study(t: { after(fn: () => Promise<void>): void }, preset: EnginePreset, baseline: { ttft: number; tpot: number } | 'fails', budget = 9) {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-baseline-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const evaluator = new BaselineEvaluator(baseline);
  const suggest = recordingSuggest();
  const out = await runStudy({ resolved: resolved(preset, budget), studyDir: dir, resume: false, evaluator, slots: SLOT, suggest, signal: new AbortController().signal });
  const recs = (await readFile(join(dir, 'observations.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as TrialRecord);
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as StudySummary;
  const report = await readFile(join(dir, 'report.md'), 'utf8');
  return { out, recs, summary, report, evaluator, suggest };
}

test('a base-command baseline runs with no tuned flag (held values only), is compared against and is the EHVI reference, but is not taught as a point', async (t) => {
  const { out, recs, summary, report, evaluator, suggest } = await study(t, bareBaseline, { ttft: 400, tpot: 40 });
  assert.equal(out.status, 'finished', out.error);
  assert.equal(recs.length, 9);
  assert.equal(recs[0].source, 'default');
  assert.deepEqual(recs[0].params, { model: 'm.gguf' });
  assert.deepEqual(evaluator.specs[0].params, { model: 'm.gguf' }, 'the evaluator is asked for the base command plus held values');
  assert.ok(recs.slice(1).every((r) => 'x' in r.params && 'y' in r.params));
  assert.ok(suggest.jobs.length > 0);
  for (const job of suggest.jobs) {
    assert.deepEqual(job.definition.reference, [400, 40], 'the baseline is the hypervolume reference');
    assert.ok(job.request.history.every((o) => o.source !== 'default'), 'the baseline is no observation of the space');
  }
  assert.equal(suggest.jobs.at(-1)?.request.history.length, 7);
  assert.equal(summary.default?.trial, 0);
  assert.ok(summary.best && summary.best.trial > 0);
  assert.ok((summary.best.metrics.ttft_mean ?? Infinity) < 400 && (summary.best.metrics.tpot_mean ?? Infinity) < 40, 'the choice improves on the baseline in both objectives');
  assert.match(report, /\| ttft_mean \| 400 ms \|/);
  // Every trial says where its time went, and the report sums it up.
  assert.ok(recs.every((r) => r.phases?.load === 10 && r.phases.drain === 3 && r.phases.teardown === 1));
  assert.match(report, /## Where the time goes[\s\S]*\| drain \| 3\.00 \| 27\.0 \| 18% \|[\s\S]*\| all \| 16\.5 \| 149 \| 100% \|/);
});

test('when the baseline itself fails the study still tunes: no reference is forced, the worst feasible values widened by 10% of the range take its place, and the choice is the Pareto set\'s', async (t) => {
  const { out, recs, summary, report, suggest } = await study(t, bareBaseline, 'fails');
  assert.equal(out.status, 'finished', out.error);
  assert.equal(recs.length, 9);
  assert.equal(recs[0].status, 'infeasible');
  assert.equal(recs[0].reasonCode, 'context-too-small');
  assert.ok(recs.slice(1).every((r) => r.status === 'ok'));
  for (const job of suggest.jobs) {
    assert.equal(job.definition.reference, undefined);
    assert.ok(job.request.history.every((o) => o.source !== 'default'), 'a failed baseline teaches the feasibility model nothing about the space');
  }
  // What the suggester then uses: BoTorch's rule on the feasible observations it was given.
  const last = suggest.jobs.at(-1);
  assert.ok(last);
  const feasible = last.request.history.filter((o) => o.feasible).map((o) => o.objectives as number[]);
  const ref = referencePoint(buildProblem(last.definition), last.request.history);
  for (const k of [0, 1]) {
    const values = feasible.map((y) => y[k]);
    const hi = Math.max(...values);
    assert.ok(Math.abs(ref[k] - (hi + 0.1 * (hi - Math.min(...values)))) < 1e-9);
  }
  assert.equal(summary.default, undefined);
  assert.equal(summary.infeasible, 1);
  assert.ok(summary.best, 'a configuration is still chosen');
  assert.ok(summary.pareto.some((p) => p.trial === summary.best?.trial));
  assert.match(report, /\| 0 \| 16% of requests failed: request exceeds the available context size \| `--model m.gguf` \|/, 'held values only');
});

test('a space-defaults baseline is unchanged: rendered from the space, taught as a point, its observation the reference', async (t) => {
  const { recs, suggest } = await study(t, getPreset('command'), { ttft: 400, tpot: 40 }, 6);
  assert.deepEqual(recs[0].params, { x: 0.5, y: 0.5, model: 'm.gguf' });
  for (const job of suggest.jobs) {
    assert.equal(job.definition.reference, undefined);
    assert.equal(job.request.history.filter((o) => o.source === 'default').length, 1);
  }
});

test('isSpacePoint and withBaselineReference: only a feasible out-of-space default of a multi-objective study becomes the reference', () => {
  const definition = { space: SPACE, fixed: {}, constraints: [], objectives: 2, outcomeConstraints: [] };
  const at = (trial: number, params: TrialRecord['params'], status: TrialRecord['status'], ttft?: number): TrialRecord => ({
    trial, params, status, source: trial === 0 ? 'default' : 'sobol', slot: 0, startedAt: '', endedAt: '',
    ...(ttft !== undefined ? { metrics: { ttft_mean: ttft, tpot_mean: 30 } } : {}),
  });
  assert.equal(isSpacePoint(definition, { x: 1, y: 0, other: 2 }), true);
  assert.equal(isSpacePoint(definition, { x: 1 }), false);
  const bare = [at(0, {}, 'ok', 500), at(1, { x: 0.1, y: 0.2 }, 'ok', 200)];
  assert.deepEqual(withBaselineReference(definition, OBJECTIVES, bare).reference, [500, 30]);
  assert.equal(optimizerHistory(definition, OBJECTIVES, bare).length, 1);
  assert.equal(withBaselineReference(definition, OBJECTIVES, [at(0, {}, 'infeasible'), bare[1]]).reference, undefined);
  assert.equal(withBaselineReference(definition, OBJECTIVES, [at(0, { x: 0.5, y: 0.5 }, 'ok', 500), bare[1]]).reference, undefined, 'in the space: found in the history');
  assert.deepEqual(withBaselineReference({ ...definition, reference: [1, 2] }, OBJECTIVES, bare).reference, [1, 2], 'a configured reference wins');
  assert.equal(withBaselineReference({ ...definition, objectives: 1 }, [OBJECTIVES[0]], bare).reference, undefined, 'one objective: no hypervolume');
});

test('a configuration with no flag reads as the engine defaults in reports', () => {
  assert.equal(describeConfig({}), 'the base command, no tuned flag (engine defaults)');
  assert.equal(describeConfig({ parallel: 8, 'cont-batching': true }), '`--parallel 8 --cont-batching`');
});
