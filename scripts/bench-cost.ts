// What early stopping saves (issue 15), in two parts; `npm run bench:cost` prints both.
//
// trials: the same study of the simulated engine served in real time (`scoot sim serve`, a real HTTP
// server, evaluated through the CLI exactly as a user's study is) with trial-level early stopping on
// and off, several seeds, the same budget. Per arm: total engine time (the sum over tuning trials of
// launch-to-stopped seconds), the final Pareto set's hypervolume against a fixed reference point, and
// the best value of each objective among fully measured trials that meet the SLO.
//
// study: the convergence stop on the optimiser benchmark problems: SCOOT runs its full budget; the
// rule is replayed on every prefix of the history (the suggestions up to a stop do not depend on it),
// and the regret where it would have stopped is compared with the full budget's.
//
//   npx tsx scripts/bench-cost.ts [--part trials|study|both] [--seeds N] [--budget N] [--duration S]
//                                 [--study-seeds N] [--evaluations N] [--problems a,b]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../src/core/benchmark/stats.js';
import { runOptimization, scoreRun } from '../src/core/benchmark/run.js';
import { checkConvergence, DEFAULT_CONVERGENCE_TOLERANCE, type ConvergenceSettings } from '../src/core/convergence.js';
import { initialDesignSize } from '../src/core/suggesters/design-picker.js';
import { hypervolume } from '../src/core/hypervolume.js';
import { createProblem } from '../src/core/problems/index.js';
import { createSuggester } from '../src/core/suggesters/index.js';
import type { StudySummary, TrialRecord } from '../src/protocol/study.js';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'both' },
    seeds: { type: 'string', default: '3' },
    budget: { type: 'string', default: '16' },
    duration: { type: 'string', default: '12' },
    'study-seeds': { type: 'string', default: '10' },
    evaluations: { type: 'string', default: '60' },
    problems: { type: 'string', default: 'branin,hartmann6,ackley-mixed,gramacy,hartmann6-crash,branin-currin,zdt1' },
  },
});
const REPO = resolve(__dirname, '..');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

// ---- part 1: trial-level early stop on the real-time simulator ------------------------------------

const OBJECTIVES = [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }] as const;
/** Fixed for every run, so hypervolumes compare: the SLO's TTFT and a TPOT no configuration exceeds. */
const HV_REFERENCE = [2000, 60];

function studyConfig(seed: number, earlyStop: boolean, budget: number, durationSec: number): object {
  return {
    name: 'bench-cost',
    engine: {
      type: 'sim',
      command: ['scoot', 'sim', 'serve', '--model-profile', 'llama2-7b', '--gpu', 'a100-80g', '--num-gpus', '1', '--max-model-len', '4096', '--startup-seconds', '1'],
      readyTimeoutSec: 60,
    },
    // Down to one sequence at a time, as llama.cpp's -np goes: too few slots queue without bound.
    parameters: { 'max-num-seqs': { type: 'int', min: 1, max: 256, log: true, default: 256 } },
    objectives: OBJECTIVES,
    slo: { ttft_p99: { max: 2000 } },
    workload: { trace: join(REPO, 'traces', 'sql.jsonl'), rate: 8, durationSec, warmupRequests: 1, requestTimeoutSec: 120, seed: 0 },
    budget: { evaluations: budget },
    optimizer: { seed },
    earlyStop: { enabled: earlyStop },
  };
}

interface StudyFigures {
  engineSeconds: number;
  hypervolume: number;
  best: number[];
  stopped: number;
  /** How many stops each rule made. */
  rules: Record<string, number>;
  estimatedSaved: number;
  wallSeconds: number;
}

function runStudy(seed: number, earlyStop: boolean, budget: number, durationSec: number): StudyFigures {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-bench-cost-'));
  try {
    writeFileSync(join(dir, 'scoot.config.json'), JSON.stringify(studyConfig(seed, earlyStop, budget, durationSec)));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), 'tune', '--quiet'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scoot tune (seed ${seed}, early stop ${earlyStop}) failed (${r.status}): ${r.stderr.trim()}`);
    const wallSeconds = (performance.now() - t0) / 1000;
    const store = join(dir, '.scoot', 'bench-cost');
    const records = readFileSync(join(store, 'observations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialRecord);
    const summary = JSON.parse(readFileSync(join(store, 'summary.json'), 'utf8')) as StudySummary;
    const tuning = records.filter((t) => t.source !== 'robustness');
    const engineSeconds = tuning.reduce((a, t) => a + (Date.parse(t.endedAt) - Date.parse(t.startedAt)) / 1000, 0);
    const front = summary.pareto.map((p) => OBJECTIVES.map((o) => p.metrics[o.metric]));
    return {
      engineSeconds,
      hypervolume: hypervolume(front, HV_REFERENCE),
      best: OBJECTIVES.map((_, k) => Math.min(...front.map((y) => y[k]))),
      stopped: tuning.filter((t) => t.earlyStop).length,
      rules: tuning.reduce<Record<string, number>>((acc, t) => (t.earlyStop ? { ...acc, [t.earlyStop.rule]: (acc[t.earlyStop.rule] ?? 0) + 1 } : acc), {}),
      estimatedSaved: tuning.reduce((a, t) => a + (t.earlyStop?.savedSeconds ?? 0), 0),
      wallSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function trialsPart(): void {
  const seeds = Number(values.seeds);
  const budget = Number(values.budget);
  const duration = Number(values.duration);
  const build = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--only', 'cli'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  console.log(`Trial-level early stop: ${budget}-trial study of \`scoot sim serve\` (llama2-7b, A100), sql trace at 8 req/s for ${duration} s, objectives ttft_mean and tpot_mean, SLO ttft_p99 <= 2000 ms; seeds 0..${seeds - 1}`);
  const on: StudyFigures[] = [];
  const off: StudyFigures[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    off.push(runStudy(seed, false, budget, duration));
    on.push(runStudy(seed, true, budget, duration));
    const [a, b] = [off[seed], on[seed]];
    console.log(`  seed ${seed}: engine ${a.engineSeconds.toFixed(0)} s -> ${b.engineSeconds.toFixed(0)} s (${b.stopped} stopped: ${Object.entries(b.rules).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}; est. ${b.estimatedSaved.toFixed(0)} s saved); ` +
      `HV ${a.hypervolume.toFixed(0)} -> ${b.hypervolume.toFixed(0)}; best ttft_mean ${a.best[0].toFixed(1)} -> ${b.best[0].toFixed(1)} ms, tpot_mean ${a.best[1].toFixed(2)} -> ${b.best[1].toFixed(2)} ms; ` +
      `wall ${a.wallSeconds.toFixed(0)} s -> ${b.wallSeconds.toFixed(0)} s`);
  }
  const m = (xs: StudyFigures[], f: (x: StudyFigures) => number) => median(xs.map(f));
  const engine = m(on, (x) => x.engineSeconds) / m(off, (x) => x.engineSeconds);
  const hv = m(on, (x) => x.hypervolume) / m(off, (x) => x.hypervolume);
  const best = OBJECTIVES.map((_, k) => m(on, (x) => x.best[k]) / m(off, (x) => x.best[k]));
  const total = on.reduce((a, x) => a + x.wallSeconds, 0) + off.reduce((a, x) => a + x.wallSeconds, 0);
  console.log(`  medians over ${seeds} seeds: engine time ${m(off, (x) => x.engineSeconds).toFixed(0)} s -> ${m(on, (x) => x.engineSeconds).toFixed(0)} s (${pct(1 - engine)} less; target >= 40%)`);
  console.log(`  hypervolume ratio ${hv.toFixed(4)} (${pct(hv - 1)}; target within 1%), best ttft_mean ratio ${best[0].toFixed(4)}, best tpot_mean ratio ${best[1].toFixed(4)} (lower is better; target within 1%)`);
  console.log(`  (the benchmark took ${(total / 60).toFixed(1)} min)`);
}

// ---- part 2: study-level convergence on the benchmark problems ------------------------------------

const RULES: { label: string; settings: ConvergenceSettings }[] = [
  { label: 'patience 8', settings: { patience: 8 } },
  { label: 'patience 12', settings: { patience: 12 } },
  { label: 'patience 15', settings: { patience: 15 } },
  { label: 'regret bound 2%', settings: { regretBound: 0.02 } },
];

/**
 * Two readings of "regret no worse than 5% of the full budget's": the strict one, regret at the stop at
 * most 1.05× the full budget's (hard when that regret is 1e-5 of a function ranging over hundreds), and
 * the excess regret at most 5% of the regret left after the initial design (how much of the progress
 * BO made is given up). Both are printed, as medians over seeds.
 */
function studyPart(): void {
  const seeds = Number(values['study-seeds']);
  const evaluations = Number(values.evaluations);
  const problems = values.problems.split(',');
  console.log(`Study-level convergence: SCOOT, a budget of ${evaluations} evaluations, seeds 0..${seeds - 1}; regret = optimum − best (one objective) or max hypervolume − hypervolume (several); tolerance ${DEFAULT_CONVERGENCE_TOLERANCE}`);
  const t0 = performance.now();
  const verdicts = new Map<string, { strict: boolean; excess: boolean; saved: number }[]>();
  for (const name of problems) {
    const problem = createProblem(name);
    const design = initialDesignSize(problem) + 1;
    const full: number[] = [];
    const afterDesign: number[] = [];
    const perRule = RULES.map(() => ({ used: [] as number[], regret: [] as number[], excess: [] as number[] }));
    for (let seed = 0; seed < seeds; seed++) {
      const trace = runOptimization(createSuggester('scoot', problem, seed, { budget: evaluations }), problem, evaluations);
      const score = scoreRun(problem, trace.observations);
      const regretAt = (n: number) => (score.metric === 'regret' ? score.trajectory[n - 1] : (problem.maxHypervolume ?? 0) - score.trajectory[n - 1]);
      const n = trace.observations.length;
      full.push(regretAt(n));
      afterDesign.push(regretAt(design));
      RULES.forEach((rule, k) => {
        let stop = n;
        for (let m = design + 1; m < n; m++) {
          if (checkConvergence(problem, trace.observations.slice(0, m), rule.settings, seed)) {
            stop = m;
            break;
          }
        }
        perRule[k].used.push(stop);
        perRule[k].regret.push(regretAt(stop));
        perRule[k].excess.push((regretAt(stop) - regretAt(n)) / Math.max(1e-300, regretAt(design)));
      });
    }
    console.log(`  ${name}: full budget median regret ${median(full).toPrecision(3)} (after the initial design ${median(afterDesign).toPrecision(3)})`);
    RULES.forEach((rule, k) => {
      const used = median(perRule[k].used);
      const ratio = median(perRule[k].regret) / median(full);
      const excess = median(perRule[k].excess);
      const strict = median(perRule[k].regret) <= 1.05 * median(full);
      verdicts.set(rule.label, [...(verdicts.get(rule.label) ?? []), { strict, excess: excess <= 0.05, saved: 1 - used / evaluations }]);
      console.log(`    ${rule.label.padEnd(16)} stops after median ${used} of ${evaluations} (${pct(1 - used / evaluations)} fewer); median regret ${median(perRule[k].regret).toPrecision(3)} = ${ratio.toFixed(2)}× the full budget's (${strict ? 'within' : 'outside'} 1.05×); excess ${pct(excess)} of the post-design regret (worst seed ${pct(Math.max(...perRule[k].excess))})`);
    });
  }
  for (const [rule, v] of verdicts) {
    console.log(`  ${rule}: saves median ${pct(median(v.map((x) => x.saved)))} of the budget; within 1.05× the full budget's regret on ${v.filter((x) => x.strict).length} of ${v.length} problems, excess within 5% of the post-design regret on ${v.filter((x) => x.excess).length} of ${v.length}`);
  }
  console.log(`  (${((performance.now() - t0) / 60000).toFixed(1)} min)`);
}

if (values.part === 'trials' || values.part === 'both') trialsPart();
if (values.part === 'study' || values.part === 'both') studyPart();
