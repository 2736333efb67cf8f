import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStudy } from '../../../src/study/run-study.js';
import { studyRecommendation } from '../../../src/study/recommendation.js';
import { inProcessSuggestService, type SuggestService } from '../../../src/study/suggest-service.js';
import type { ResolvedStudy } from '../../../src/study/resolve.js';
import type { Evaluator, Slot, TrialOutcome, TrialSpec } from '../../../src/runner/types.js';
import type { StudyEvent } from '../../../src/study/events.js';
import type { TrialRecord } from '../../../src/protocol/study.js';
import { getPreset } from '../../../src/engines/registry.js';

// A fake engine: latency is a smooth function of two knobs; "x" above 0.9 crashes.
function latency(p: TrialSpec['params']): { ttft: number; tpot: number } | undefined {
  const x = p.x as number, y = p.y as number;
  if (x > 0.9) return undefined;
  return { ttft: 100 + 400 * (x - 0.3) ** 2 + 50 * y, tpot: 20 + 30 * (y - 0.6) ** 2 + 10 * x };
}

class FakeEvaluator implements Evaluator {
  calls: { spec: TrialSpec; slot: number }[] = [];
  concurrent = 0;
  maxConcurrent = 0;
  constructor(private readonly delayMs = 5, private readonly blockOn?: number) {}
  async evaluate(spec: TrialSpec, slot: Slot, _log: string, signal: AbortSignal): Promise<TrialOutcome> {
    this.calls.push({ spec, slot: slot.id });
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    try {
      const wait = spec.trial === this.blockOn ? 60_000 : this.delayMs;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
      });
      if (signal.aborted) return { status: 'error', reasonCode: 'cancelled', reason: 'cancelled' };
      const m = latency(spec.params);
      if (!m) return { status: 'infeasible', reasonCode: 'crash-under-load', reason: 'engine died' };
      const jitter = spec.arrivalSeed ? 1 + 0.01 * spec.arrivalSeed : 1;
      return { status: 'ok', metrics: { ttft_mean: m.ttft * jitter, tpot_mean: m.tpot * jitter } };
    } finally {
      this.concurrent--;
    }
  }
  async close(): Promise<void> {}
}

function resolved(budget: number, robustness = 0): ResolvedStudy {
  const preset = getPreset('command');
  return {
    name: 'fake', config: { engine: { type: 'command', evaluate: ['true'] }, objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }], workload: { trace: 't' }, budget: { evaluations: budget } },
    configDir: '/tmp', preset,
    problem: { space: { x: { type: 'float', min: 0, max: 1, default: 0.5 }, y: { type: 'float', min: 0, max: 1, default: 0.5 } }, fixed: { mode: 'fast' }, constraints: ['x + y <= 1.6'], objectives: 2, outcomeConstraints: [], initialDesignSize: 3 },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }], slo: {},
    budget, parallel: 1, gpusPerTrial: 1, target: { type: 'local' }, algorithm: 'scoot', seed: 1,
    robustnessRepeats: robustness, robustnessTop: 1,
    traceFacts: { count: 1, maxPromptTokens: 1, maxOutputTokens: 1, maxTotalTokens: 2, meanPromptTokens: 1, meanOutputTokens: 1 },
    setup: { preset, baseCommand: [], env: {}, host: '127.0.0.1', readyTimeoutSec: 1, cwd: '/tmp', workload: { requests: [], rate: 1, arrival: 'poisson', burstiness: 1, api: 'completions', warmupRequests: 0, requestTimeoutSec: 1, maxErrorRate: 0.05, seed: 0 }, stopGraceSec: 1 },
  };
}

const slots = (n: number): Slot[] => Array.from({ length: n }, (_, i) => ({ id: i, kind: 'local', gpus: [i], label: `gpu${i}` }));

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-study-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function records(dir: string): Promise<TrialRecord[]> {
  return (await readFile(join(dir, 'observations.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as TrialRecord);
}

test('default first, then the design and BO; budget respected; every trial stored with fixed params; summary and report written', async (t) => {
  const dir = await tempDir(t);
  const evaluator = new FakeEvaluator();
  const events: StudyEvent[] = [];
  const out = await runStudy({ resolved: resolved(10), studyDir: dir, resume: false, evaluator, slots: slots(1), suggest: inProcessSuggestService(), signal: new AbortController().signal, onEvent: (e) => events.push(e) });
  assert.equal(out.status, 'finished');
  const recs = await records(dir);
  assert.equal(recs.length, 10);
  assert.equal(recs[0].source, 'default');
  assert.deepEqual(recs[0].params, { x: 0.5, y: 0.5, mode: 'fast' });
  assert.deepEqual(recs.slice(1, 4).map((r) => r.source), ['sobol', 'sobol', 'sobol']);
  assert.ok(recs.slice(4).every((r) => r.source === 'bo' || r.source === 'fill'));
  assert.ok(recs.every((r) => (r.params.x as number) + (r.params.y as number) <= 1.6 + 1e-9), 'known constraint respected');
  assert.equal(new Set(recs.map((r) => JSON.stringify(r.params))).size, 10, 'no configuration evaluated twice');
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
  assert.equal(summary.evaluated, 10);
  assert.ok(summary.best);
  assert.match(await readFile(join(dir, 'report.md'), 'utf8'), /# SCOOT report: fake/);
  assert.equal(events.filter((e) => e.type === 'trial-finished').length, 10);
  assert.equal(events.at(-1)?.type, 'finished');
});

test('parallel slots run trials concurrently and never share a slot', async (t) => {
  const dir = await tempDir(t);
  const evaluator = new FakeEvaluator(40);
  const out = await runStudy({ resolved: resolved(12), studyDir: dir, resume: false, evaluator, slots: slots(3), suggest: inProcessSuggestService(), signal: new AbortController().signal });
  assert.equal(out.status, 'finished', out.error);
  assert.equal(evaluator.maxConcurrent, 3);
  const recs = await records(dir);
  assert.equal(recs.length, 12);
  // no two overlapping trials on one slot
  for (const a of recs) for (const b of recs) {
    if (a.trial < b.trial && a.slot === b.slot) assert.ok(a.endedAt <= b.startedAt || b.endedAt <= a.startedAt, `trials ${a.trial} and ${b.trial} overlap on slot ${a.slot}`);
  }
  assert.equal(new Set(recs.map((r) => JSON.stringify(r.params))).size, 12);
});

test('a stopped study records nothing for the cancelled trial, and resume finishes without repeating any', async (t) => {
  const dir = await tempDir(t);
  const controller = new AbortController();
  const first = new FakeEvaluator(5, 4);
  const run = runStudy({ resolved: resolved(8), studyDir: dir, resume: false, evaluator: first, slots: slots(1), suggest: inProcessSuggestService(), signal: controller.signal, onEvent: (e) => { if (e.type === 'trial-started' && e.running.trial === 4) setTimeout(() => controller.abort(), 20); } });
  const stopped = await run;
  assert.equal(stopped.status, 'stopped');
  const before = await records(dir);
  assert.deepEqual(before.map((r) => r.trial), [0, 1, 2, 3]);
  await assert.rejects(runStudy({ resolved: resolved(8), studyDir: dir, resume: false, evaluator: new FakeEvaluator(), slots: slots(1), suggest: inProcessSuggestService(), signal: new AbortController().signal }), /already holds 4 trials: pass --resume/);
  const second = new FakeEvaluator();
  const resumed = await runStudy({ resolved: resolved(8), studyDir: dir, resume: true, evaluator: second, slots: slots(1), suggest: inProcessSuggestService(), signal: new AbortController().signal });
  assert.equal(resumed.status, 'finished');
  const after = await records(dir);
  assert.equal(after.length, 8);
  assert.deepEqual(after.slice(0, 4), before);
  assert.equal(second.calls.length, 4, 'only the remaining trials ran');
  assert.ok(second.calls.every((c) => !before.some((r) => JSON.stringify(r.params) === JSON.stringify(c.spec.params))));
});

test('resuming under a changed problem is refused with the field that changed', async (t) => {
  const dir = await tempDir(t);
  await runStudy({ resolved: resolved(3), studyDir: dir, resume: false, evaluator: new FakeEvaluator(), slots: slots(1), suggest: inProcessSuggestService(), signal: new AbortController().signal });
  const changed = resolved(5);
  changed.config = { ...changed.config, objectives: [{ metric: 'ttft_mean', goal: 'min' }] };
  await assert.rejects(runStudy({ resolved: changed, studyDir: dir, resume: true, evaluator: new FakeEvaluator(), slots: slots(1), suggest: inProcessSuggestService(), signal: new AbortController().signal }), /objectives changed since the study began/);
});

test('infeasible trials are recorded with their reason and the study goes on; robustness re-tests use other arrival seeds', async (t) => {
  const dir = await tempDir(t);
  const r = resolved(10, 2);
  r.problem.space.x = { type: 'float', min: 0, max: 1, default: 0.95 }; // the default crashes
  await runStudy({ resolved: r, studyDir: dir, resume: false, evaluator: new FakeEvaluator(), slots: slots(2), suggest: inProcessSuggestService(), signal: new AbortController().signal });
  const recs = await records(dir);
  assert.equal(recs[0].status, 'infeasible');
  assert.equal(recs[0].reasonCode, 'crash-under-load');
  const retests = recs.filter((x) => x.source === 'robustness');
  assert.equal(retests.length, 2);
  assert.deepEqual(retests.map((x) => x.arrivalSeed).sort(), [1, 2]);
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
  assert.equal(summary.robustness[0].trial, retests[0].retestOf);
  assert.equal(summary.robustness[0].repeats, 2);
});

test('a set-up error stops the study with its message and keeps what was gathered', async (t) => {
  const dir = await tempDir(t);
  const { EvaluationSetupError } = await import('../../../src/runner/types.js');
  const evaluator = new FakeEvaluator();
  const original = evaluator.evaluate.bind(evaluator);
  evaluator.evaluate = async (spec, slot, log, signal) => {
    if (spec.trial === 3) throw new EvaluationSetupError('engine command not found: "vllm"');
    return original(spec, slot, log, signal);
  };
  const out = await runStudy({ resolved: resolved(8), studyDir: dir, resume: false, evaluator, slots: slots(1), suggest: inProcessSuggestService(), signal: new AbortController().signal });
  assert.equal(out.status, 'failed');
  assert.equal(out.error, 'engine command not found: "vllm"');
  assert.equal((await records(dir)).length, 3);
});

test('a default configuration the engine rejects (unknown flag) stops the study as a set-up problem', async (t) => {
  const dir = await tempDir(t);
  const evaluator = new FakeEvaluator();
  evaluator.evaluate = async () => ({ status: 'infeasible', reasonCode: 'unknown-flag', reason: 'error: unrecognized arguments: --max-num-seqs' });
  const out = await runStudy({ resolved: resolved(8), studyDir: dir, resume: false, evaluator, slots: slots(1), suggest: inProcessSuggestService(), signal: new AbortController().signal });
  assert.equal(out.status, 'failed');
  assert.match(out.error ?? '', /rejected its default configuration \(error: unrecognized arguments: --max-num-seqs\); check engine\.command/);
  assert.equal((await records(dir)).length, 1, 'the default trial is kept');
});

test("the optimiser's warnings (a GP fit that fell back to its prior) reach the study log once per batch", async (t) => {
  const dir = await tempDir(t);
  const inner = inProcessSuggestService();
  const message = 'GP fit failed (n = 3, d = 3): test';
  const suggest: SuggestService = {
    suggest: async (job) => (await inner.suggest(job)).map((s) => (s.source === 'bo' ? { ...s, warnings: [message] } : s)),
    converged: (job) => inner.converged(job),
    recommend: (job) => inner.recommend(job),
    close: () => inner.close(),
  };
  const events: StudyEvent[] = [];
  await runStudy({ resolved: resolved(8), studyDir: dir, resume: false, evaluator: new FakeEvaluator(), slots: slots(1), suggest, signal: new AbortController().signal, onEvent: (e) => events.push(e) });
  const bo = (await records(dir)).filter((r) => r.source === 'bo').length;
  const logged = events.filter((e) => e.type === 'log' && e.level === 'warn' && e.message === `optimiser: ${message}`).length;
  assert.ok(bo > 0);
  assert.equal(logged, bo);
});

test("summary.json's best and Pareto set are the optimiser's recommendation over the stored trials", async (t) => {
  const dir = await tempDir(t);
  const r = resolved(12);
  await runStudy({ resolved: r, studyDir: dir, resume: false, evaluator: new FakeEvaluator(), slots: slots(2), suggest: inProcessSuggestService(), signal: new AbortController().signal });
  const recs = await records(dir);
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
  const expected = studyRecommendation({ definition: r.problem, objectives: r.objectives, records: recs, seed: r.seed });
  assert.ok(expected.best !== undefined && expected.pareto.length > 1);
  assert.equal(summary.best.trial, expected.best);
  assert.deepEqual(summary.pareto.map((p: { trial: number }) => p.trial), expected.pareto);
});
