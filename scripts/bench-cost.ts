// What trial-level early stopping saves (issue 15); `npm run bench:cost` prints it. The study-level
// convergence stop has its own benchmark, scripts/bench-convergence.ts (`npm run bench:convergence`).
//
// The same study of the simulated engine served in real time (`scoot sim serve`, a real HTTP
// server, evaluated through the CLI exactly as a user's study is) with trial-level early stopping on
// and off, several seeds, the same budget. Per arm: total engine time (the sum over tuning trials of
// launch-to-stopped seconds), the final Pareto set's hypervolume against a fixed reference point, and
// the best value of each objective among fully measured trials that meet the SLO.
//
//   npx tsx scripts/bench-cost.ts [--seeds N] [--budget N] [--duration S]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../src/core/stats.js';
import { hypervolume } from '../src/core/hypervolume.js';
import type { StudySummary, TrialRecord } from '../src/protocol/study.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    budget: { type: 'string', default: '16' },
    duration: { type: 'string', default: '12' },
  },
});
const REPO = resolve(__dirname, '..');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

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
  console.log(`  hypervolume ratio ${hv.toFixed(4)} (${hv >= 1 ? '+' : ''}${pct(hv - 1)}, higher is better; target within 1%), best ttft_mean ratio ${best[0].toFixed(4)}, best tpot_mean ratio ${best[1].toFixed(4)} (lower is better; target within 1%)`);
  console.log(`  (the benchmark took ${(total / 60).toFixed(1)} min)`);
}

trialsPart();
