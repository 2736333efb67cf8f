import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EARLY_STOP_DEFAULTS, EARLY_STOP_OFF } from '../../../src/workload/early-stop.js';
import { getPreset } from '../../../src/engines/registry.js';
import type { StudySummary, TrialRecord } from '../../../src/protocol/study.js';
import type { Evaluator, Slot, TrialOutcome, TrialSpec } from '../../../src/runner/types.js';
import { optimizerHistory } from '../../../src/study/history.js';
import { parseConfigText, ConfigError } from '../../../src/study/load-config.js';
import { renderReport } from '../../../src/study/report.js';
import { resolveEarlyStop, type ResolvedStudy } from '../../../src/study/resolve.js';
import { runStudy } from '../../../src/study/run-study.js';
import { summarize } from '../../../src/study/summary.js';
import { convergedNow, inProcessSuggestService, suggestNow } from '../../../src/study/suggest-service.js';

const objectives = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'tpot_mean', goal: 'min' as const }];

/** A fake engine whose x above 0.6 saturates: its stress test is "stopped early" with bounds for metrics. */
class StoppingEvaluator implements Evaluator {
  readonly specs: TrialSpec[] = [];
  async evaluate(spec: TrialSpec): Promise<TrialOutcome> {
    this.specs.push(spec);
    await new Promise((r) => setTimeout(r, 2));
    const x = spec.params.x as number;
    const y = spec.params.y as number;
    const ttft = 100 + 400 * (x - 0.3) ** 2 + 50 * y;
    const tpot = 20 + 30 * (y - 0.6) ** 2 + 10 * x;
    if (x <= 0.6) return { status: 'ok', metrics: { ttft_mean: ttft, tpot_mean: tpot } };
    // Bounds far below the truth: the truth would have been minutes of queueing.
    return {
      status: 'ok',
      metrics: { ttft_mean: 50, tpot_mean: 15 },
      earlyStop: { rule: 'saturation', reason: 'saturated: 30 requests waiting', atSeconds: 4.2, savedSeconds: 20, censored: ['ttft_mean', 'tpot_mean'], evidence: { waiting: 30 } },
    };
  }
  async close(): Promise<void> {}
}

function resolved(budget: number, extra: Partial<ResolvedStudy> = {}): ResolvedStudy {
  const preset = getPreset('command');
  return {
    name: 'stops', config: { engine: { type: 'command', evaluate: ['true'] }, objectives, workload: { trace: 't' }, budget: { evaluations: budget } },
    configDir: '/tmp', preset,
    problem: { space: { x: { type: 'float', min: 0, max: 1, default: 0.5 }, y: { type: 'float', min: 0, max: 1, default: 0.5 } }, fixed: {}, constraints: [], objectives: 2, outcomeConstraints: [], initialDesignSize: 3 },
    objectives, slo: {}, budget, parallel: 1, gpusPerTrial: 1, target: { type: 'local' }, algorithm: 'scoot', seed: 3,
    robustnessRepeats: 0, robustnessTop: 1,
    traceFacts: { count: 1, maxPromptTokens: 1, maxOutputTokens: 1, maxTotalTokens: 2, meanPromptTokens: 1, meanOutputTokens: 1 },
    setup: { preset, baseCommand: [], env: {}, host: '127.0.0.1', readyTimeoutSec: 1, cwd: '/tmp', workload: { requests: [], rate: 1, arrival: 'poisson', burstiness: 1, api: 'completions', warmupRequests: 0, requestTimeoutSec: 1, maxErrorRate: 0.05, seed: 0 }, stopGraceSec: 1 },
    ...extra,
  };
}

const slots: Slot[] = [{ id: 0, kind: 'local', gpus: [0], label: 'gpu0' }];

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-stops-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('a study records stopped-early trials with their evidence, keeps them out of the Pareto set and the recommendation, and hands each trial the current front', async (t) => {
  const dir = await tempDir(t);
  const evaluator = new StoppingEvaluator();
  const out = await runStudy({ resolved: resolved(12), studyDir: dir, resume: false, evaluator, slots, suggest: inProcessSuggestService(), signal: new AbortController().signal });
  assert.equal(out.status, 'finished', out.error);
  const recs = (await readFile(join(dir, 'observations.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as TrialRecord);
  const stopped = recs.filter((r) => r.earlyStop);
  assert.ok(stopped.length >= 1, 'the design reaches the saturating half');
  assert.deepEqual(stopped[0].earlyStop?.censored, ['ttft_mean', 'tpot_mean']);
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as StudySummary;
  // The bounds (50 ms, 15 ms) beat every real point: counted as values they would be the whole front.
  assert.ok(summary.pareto.every((p) => !stopped.some((s) => s.trial === p.trial)), 'no stopped trial on the front');
  assert.ok(summary.best && !stopped.some((s) => s.trial === summary.best?.trial));
  assert.equal(summary.stoppedEarly, stopped.length);
  assert.equal(summary.savedSeconds, 20 * stopped.length);
  // The default has no front to beat; later trials get the front of the trials before them.
  assert.equal(evaluator.specs[0].front, undefined);
  const last = evaluator.specs.at(-1);
  assert.ok(last?.front && last.front.points.length > 0);
  assert.deepEqual(last.front.objectives, objectives);
  assert.ok(last.front.points.every((p) => !stopped.some((s) => s.trial === p.trial)));
  // The optimiser learned where saturation is: BO keeps away from x > 0.6 once it has seen it.
  const bo = recs.filter((r) => r.source === 'bo');
  assert.ok(bo.filter((r) => (r.params.x as number) > 0.6).length <= bo.length / 3, `BO went back to the saturating region ${bo.filter((r) => (r.params.x as number) > 0.6).length} of ${bo.length} times`);
  const report = await readFile(join(dir, 'report.md'), 'utf8');
  assert.match(report, /## Stopped early/);
  assert.match(report, new RegExp(`\\| ${stopped[0].trial} \\| saturation \\| 4\\.2 s \\| 20 s \\| ≥ 50\\.0 \\| ≥ 15\\.0 \\| saturated: 30 requests waiting \\|`));
});

test('censored values never reach a suggester as values: they are imputed at or above their bounds', () => {
  const r = resolved(10);
  const records: TrialRecord[] = [
    { x: 0.5, y: 0.5, t: 120, p: 22 }, { x: 0.1, y: 0.2, t: 140, p: 26 }, { x: 0.3, y: 0.9, t: 160, p: 24 }, { x: 0.4, y: 0.6, t: 110, p: 21 },
  ].map((v, i) => ({ trial: i, params: { x: v.x, y: v.y }, status: 'ok', metrics: { ttft_mean: v.t, tpot_mean: v.p }, source: i === 0 ? 'default' : 'sobol', slot: 0, startedAt: '', endedAt: '' }));
  records.push({ trial: 4, params: { x: 0.9, y: 0.5 }, status: 'ok', metrics: { ttft_mean: 60, tpot_mean: 15 }, source: 'sobol', slot: 0, startedAt: '', endedAt: '',
    earlyStop: { rule: 'saturation', reason: 'r', atSeconds: 1, savedSeconds: 1, censored: ['ttft_mean', 'tpot_mean'], evidence: {} } });
  const history = optimizerHistory(r.problem, objectives, records);
  assert.deepEqual(history[4].censored, { objectives: [true, true], outcomes: [] });
  assert.equal(history[0].censored, undefined);
  // The suggestion must not chase the "better than everything" bound: nothing near x = 0.9 comes back first.
  const [s] = suggestNow({ definition: r.problem, algorithm: 'scoot', seed: 1, request: { history, q: 1 } });
  assert.ok(Math.abs((s.params.x as number) - 0.9) > 0.1 || Math.abs((s.params.y as number) - 0.5) > 0.1, `suggested ${JSON.stringify(s.params)} next to the censored point`);
});

test('budget.convergence: the study stops before its budget once the rule holds, and says why in the summary, the report and the log', async (t) => {
  const dir = await tempDir(t);
  const logs: string[] = [];
  const out = await runStudy({
    resolved: resolved(40, { convergence: { patience: 3, tolerance: 0.5 } }), studyDir: dir, resume: false, evaluator: new StoppingEvaluator(), slots,
    suggest: inProcessSuggestService(), signal: new AbortController().signal, onEvent: (e) => { if (e.type === 'log') logs.push(e.message); },
  });
  assert.equal(out.status, 'finished');
  const s = out.summary;
  assert.ok(s.converged, 'converged');
  assert.equal(s.converged.rule, 'patience');
  assert.ok(s.evaluated < 40 && s.converged.atTrial === s.evaluated, `stopped at ${s.evaluated}`);
  assert.match(s.converged.reason, /evaluations without improving the hypervolume by more than 50%/);
  assert.ok(logs.some((l) => /^converged after \d+ trials: .*; stopping before the budget of 40$/.test(l)), logs.join('\n'));
  assert.match(await readFile(join(dir, 'report.md'), 'utf8'), /Stopped at trial \d+ of 40: converged \(patience: /);
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')).converged, s.converged);
});

test('convergedNow: off-loop check answers the same through the in-process service', async () => {
  const r = resolved(10);
  const history = optimizerHistory(r.problem, objectives, [0.5, 0.1, 0.3, 0.4, 0.2, 0.45, 0.35].map((x, i): TrialRecord => ({ trial: i, params: { x, y: 0.5 }, status: 'ok', metrics: { ttft_mean: 100, tpot_mean: 20 }, source: 'sobol', slot: 0, startedAt: '', endedAt: '' })));
  const job = { definition: r.problem, seed: 1, history, settings: { patience: 2 } };
  const direct = convergedNow(job);
  assert.equal(direct?.rule, 'patience');
  assert.deepEqual(await inProcessSuggestService().converged(job), direct);
});

test('config: earlyStop is on by default, each rule can be turned off, enabled:false turns off the drain cap too', () => {
  assert.deepEqual(resolveEarlyStop(undefined), EARLY_STOP_DEFAULTS);
  assert.deepEqual(resolveEarlyStop({ enabled: false }), EARLY_STOP_OFF);
  assert.deepEqual(resolveEarlyStop({ dominated: false, maxDrainSec: 20 }), { ...EARLY_STOP_DEFAULTS, dominated: false, maxDrainSec: 20 });
  const base = '{"engine":{"type":"sim"},"objectives":[{"metric":"ttft_mean","goal":"min"}],"workload":{"trace":"t.jsonl"},"budget":{"evaluations":5%s}%s}';
  const text = (budget: string, top: string) => base.replace('%s', budget).replace('%s', top);
  const c = parseConfigText(text(',"convergence":{"patience":8,"regretBound":0.01}', ',"earlyStop":{"saturation":false,"maxDrainSec":30}'), 'scoot.config.json');
  assert.deepEqual(c.earlyStop, { saturation: false, maxDrainSec: 30 });
  assert.deepEqual(c.budget.convergence, { patience: 8, regretBound: 0.01 });
  const bad = (budget: string, top: string): string => {
    try {
      parseConfigText(text(budget, top), 'scoot.config.json');
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return assert.fail('expected a ConfigError');
  };
  assert.equal(bad('', ',"earlyStop":{"margin":2}'), 'scoot.config.json: earlyStop.margin: must be <= 0.9');
  assert.equal(bad('', ',"earlyStop":{"maxDrainSec":0}'), 'scoot.config.json: earlyStop.maxDrainSec: must be > 0');
  assert.match(bad('', ',"earlyStop":{"saturate":true}'), /^scoot\.config\.json: earlyStop\.saturate: unknown field/);
  assert.match(bad(',"convergence":{}', ''), /^scoot\.config\.json: budget\.convergence: /);
});

test('summary and report of a study whose default configuration was stopped early: its figures marked as bounds, the comparison notes it', () => {
  const rec = (trial: number, metrics: Record<string, number>, earlyStop?: TrialRecord['earlyStop']): TrialRecord => ({
    trial, params: { x: trial / 10 }, status: 'ok', metrics, source: trial === 0 ? 'default' : 'bo', slot: 0, startedAt: '', endedAt: '', ...(earlyStop ? { earlyStop } : {}),
  });
  const records = [
    rec(0, { ttft_mean: 900, tpot_mean: 30 }, { rule: 'slo', reason: 'ttft_p99 certainly misses its SLO', atSeconds: 3, savedSeconds: 9, censored: ['ttft_mean', 'tpot_mean'], evidence: {} }),
    rec(1, { ttft_mean: 100, tpot_mean: 20 }),
  ];
  const s = summarize({ study: 's', engine: 'e', objectives, budget: 2, records, wallSeconds: 1, suggestSeconds: 0 });
  assert.equal(s.default?.trial, 0);
  assert.deepEqual(s.pareto.map((p) => p.trial), [1]);
  assert.ok(s.comparison?.notes.some((n) => /the default's stress test was stopped early \(slo\), so its figures are bounds/.test(n)));
  const md = renderReport(s, records, { name: 's', objectives });
  assert.match(md, /Note: the default's stress test was stopped early \(slo\), so its figures are bounds: it is at least as slow as shown, and the change against it at least as large\./);
  assert.match(md, /1 stopped early/);
  assert.match(md, /## Stopped early[\s\S]*\| 0 \| slo \| 3\.0 s \| 9 s \| ≥ 900 \| ≥ 30\.0 \|/);
});
