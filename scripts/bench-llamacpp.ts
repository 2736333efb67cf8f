// npm run bench:llamacpp — SCOOT against random search and vanilla BO on the offline llama.cpp problem:
// the H200 comparison (scripts/llamacpp/study.config.json: TTFT and TPOT of llama-server on the chat
// trace at 10 req/s, budget 16 with the engine default first) with the GPU replaced by the simulator's
// llama.cpp mode calibrated to the real run (scripts/llamacpp/offline/calibrate.ts). Per seed s: optimiser
// seed s, arrival seed s, and one run-to-run noise draw per trial index shared by every algorithm.
//
//   npm run bench:llamacpp -- [--seeds 10] [--first 0] [--algorithms scoot,random,vbo] [--budget 16] [--rate 10] [--json out.json]
//
// Prints, per algorithm, the median (and quartiles) over seeds of the hypervolume of (TTFT, TPOT)
// against the default — measured, as results.ts reports it, and noise-free (each configuration re-run at
// the nominal speed) — the infeasible suggestions after the design, how often each BO point turned on
// continuous batching, and SCOOT's wins against each other algorithm seed by seed.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mean, median, percentile } from '../src/core/stats.js';
import { isSuggesterName, type SuggesterName } from '../src/core/suggesters/index.js';
import { H200_D32676D7 } from '../src/sim/llamacpp/profiles.js';
import { runOfflineStudy, resolveOfflineStudy, type OfflineStudy } from './llamacpp/offline/study-loop.js';
import { chatWorkload, H200_WORKLOAD } from './llamacpp/offline/workload.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '10' }, first: { type: 'string', default: '0' },
      algorithms: { type: 'string', default: 'scoot,random,vbo' }, budget: { type: 'string', default: '16' }, json: { type: 'string' },
      // Another arrival rate than the H200 run's 10 req/s (the same 8 s of arrivals).
      rate: { type: 'string', default: String(H200_WORKLOAD.rate) },
    },
  });
  const algorithms = (values.algorithms ?? '').split(',').map((a) => a.trim());
  for (const a of algorithms) {
    if (!isSuggesterName(a)) {
      process.stderr.write(`--algorithms: unknown optimizer "${a}"\n`);
      process.exit(2);
    }
  }
  const seeds = numberFlag('--seeds', values.seeds, true);
  const first = numberFlag('--first', values.first, true, 0);
  const budget = numberFlag('--budget', values.budget, true, 2);
  const rate = numberFlag('--rate', values.rate, false);
  const root = resolve(__dirname, '..');
  const resolved = await resolveOfflineStudy(root, budget);
  const workload = await chatWorkload(root, { ...H200_WORKLOAD, rate });
  const studies: OfflineStudy[] = [];
  const t0 = performance.now();
  for (let seed = first; seed < first + seeds; seed++) {
    const line: string[] = [];
    for (const algorithm of algorithms as SuggesterName[]) {
      const s = runOfflineStudy({ resolved, workload, profile: H200_D32676D7, algorithm, seed, budget });
      studies.push(s);
      line.push(`${algorithm} ${s.hypervolume.toFixed(0)} (true ${s.trueHypervolume.toFixed(0)})`);
    }
    process.stdout.write(`seed ${seed}: ${line.join('  ')}\n`);
  }
  process.stdout.write(`\n${seeds} seeds, budget ${budget} (default + ${budget - 1}), ${workload.rate} req/s, ${((performance.now() - t0) / 1000).toFixed(0)} s\n\n`);
  process.stdout.write('| algorithm | hypervolume vs default, median [p25, p75] (ms²) | noise-free, median [p25, p75] | infeasible after the design, median (all seeds) | BO/random points with cont-batching on | suggest s/study |\n|---|---|---|---|---|---|\n');
  const q = (xs: number[]) => `${median(xs).toFixed(0)} [${percentile(xs, 25).toFixed(0)}, ${percentile(xs, 75).toFixed(0)}]`;
  for (const a of algorithms) {
    const mine = studies.filter((s) => s.algorithm === a);
    const after = mine.flatMap((s) => s.trials.slice(1).filter((t) => t.record.source !== 'sobol'));
    const cb = after.filter((t) => t.record.params['cont-batching'] === true).length;
    process.stdout.write(`| ${a} | ${q(mine.map((s) => s.hypervolume))} | ${q(mine.map((s) => s.trueHypervolume))} | ${median(mine.map((s) => s.infeasibleAfterDesign))} (${mine.reduce((n, s) => n + s.infeasibleAfterDesign, 0)} of ${mine.reduce((n, s) => n + s.afterDesign, 0)}) | ${cb} of ${after.length} | ${median(mine.map((s) => s.suggestSeconds)).toFixed(1)} |\n`);
  }
  if (algorithms.includes('scoot')) {
    for (const other of algorithms.filter((a) => a !== 'scoot')) {
      let wins = 0, trueWins = 0;
      const diffs: number[] = [], trueDiffs: number[] = [];
      for (let seed = first; seed < first + seeds; seed++) {
        const s = studies.find((x) => x.algorithm === 'scoot' && x.seed === seed);
        const o = studies.find((x) => x.algorithm === other && x.seed === seed);
        if (!s || !o) continue;
        if (s.hypervolume > o.hypervolume) wins++;
        if (s.trueHypervolume > o.trueHypervolume) trueWins++;
        diffs.push(s.hypervolume - o.hypervolume);
        trueDiffs.push(s.trueHypervolume - o.trueHypervolume);
      }
      process.stdout.write(`\nSCOOT ahead of ${other} on ${wins} of ${seeds} seeds (noise-free: ${trueWins} of ${seeds}); SCOOT − ${other} paired by seed, mean ± standard error: measured ${meanSe(diffs)}, noise-free ${meanSe(trueDiffs)}`);
    }
    process.stdout.write('\n');
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(studies.map((s) => ({ ...s, trials: s.trials.map((t) => ({ params: t.record.params, source: t.record.source, status: t.record.status, ttft: t.record.metrics?.ttft_mean, tpot: t.record.metrics?.tpot_mean, trueObjectives: t.trueObjectives })) })), null, 1)}\n`);
}

function meanSe(xs: number[]): string {
  const n = xs.length;
  const m = mean(xs);
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1)) : 0;
  return `${m >= 0 ? '+' : ''}${m.toFixed(0)} ± ${(sd / Math.sqrt(n)).toFixed(0)}`;
}

/** A numeric flag, or one line on stderr and exit code 2. */
function numberFlag(flag: string, value: string | undefined, integer: boolean, min = 1): number {
  const x = Number(value);
  if (!Number.isFinite(x) || x < (integer ? min : Number.MIN_VALUE) || (integer && !Number.isInteger(x))) {
    process.stderr.write(`${flag}: expected ${integer ? `an integer >= ${min}` : 'a positive number'}, got "${value}"\n`);
    process.exit(2);
  }
  return x;
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
