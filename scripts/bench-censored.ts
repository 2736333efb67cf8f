// How censored observations should reach the optimiser (issue 15), measured on benchmark problems.
// An emulated early stop: after the first 3 evaluations, any evaluation worse than the median of
// those before it is recorded only as a lower bound, drawn uniformly between the best value so far
// and its true value (what a stopped trial gives: worse than the best, by an unknown amount).
// SCOOT then runs with the censored values treated four ways — the true values (no censoring, the
// reference), the bound as if it were the value, max(bound, worst uncensored value), and the GP's
// truncated-normal conditional mean (src/core/censored.ts) — and the final regret is compared.
//
//   npx tsx scripts/bench-censored.ts [--seeds N] [--evaluations N] [--problems branin,hartmann6]

import { parseArgs } from 'node:util';
import { median, percentile } from '../src/core/stats.js';
import { imputeCensored, type ImputationMethod } from '../src/core/censored.js';
import { createProblem } from '../src/core/problems/index.js';
import { Rng } from '../src/core/rng.js';
import { createSuggester } from '../src/core/suggesters/index.js';
import type { Observation } from '../src/core/types.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '8' }, evaluations: { type: 'string', default: '30' }, problems: { type: 'string', default: 'branin,hartmann6' } } });
const seeds = Number(values.seeds);
const evaluations = Number(values.evaluations);
const problems = values.problems.split(',');
type Treatment = 'truth' | ImputationMethod;
const TREATMENTS: Treatment[] = (process.env.TREATMENTS?.split(',') as Treatment[] | undefined) ?? ['truth', 'bound', 'worst-observed', 'truncated-mean'];

function run(problemName: string, seed: number, treatment: Treatment): { regret: number; censored: number } {
  const problem = createProblem(problemName);
  const suggester = createSuggester('scoot', problem, seed);
  const rng = new Rng(1000 + seed);
  const history: Observation[] = [];
  const truth: number[] = [];
  let censored = 0;
  while (history.length < evaluations) {
    const seen = treatment === 'truth' ? history : imputeCensored(problem, history, { seed, method: treatment });
    const [s] = suggester.suggest({ history: seen, q: 1 });
    if (!s) break;
    const y = problem.evaluate(s.params);
    const u = rng.uniform();
    if (!y) {
      history.push({ params: s.params, feasible: false, source: s.source });
      continue;
    }
    truth.push(y[0]);
    const before = truth.slice(0, -1);
    if (before.length >= 3 && y[0] > median(before)) {
      censored++;
      const best = Math.min(...before);
      const bound = best + (0.1 + 0.8 * u) * (y[0] - best);
      history.push({ params: s.params, feasible: true, objectives: [treatment === 'truth' ? y[0] : bound], source: s.source, ...(treatment === 'truth' ? {} : { censored: { objectives: [true] } }) });
    } else history.push({ params: s.params, feasible: true, objectives: y, source: s.source });
  }
  return { regret: Math.min(...truth) - (problem.optimalValue ?? 0), censored };
}

const t0 = performance.now();
for (const name of problems) {
  const rows: string[] = [];
  for (const treatment of TREATMENTS) {
    const regrets: number[] = [];
    let censored = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const r = run(name, seed, treatment);
      regrets.push(r.regret);
      censored += r.censored;
    }
    rows.push(`  ${treatment.padEnd(16)} median regret ${median(regrets).toPrecision(3)} (p25 ${percentile(regrets, 25).toPrecision(3)}, p75 ${percentile(regrets, 75).toPrecision(3)}), ${(censored / seeds).toFixed(1)} censored per run`);
  }
  console.log(`${name}, ${evaluations} evaluations, ${seeds} seeds:`);
  for (const r of rows) console.log(r);
}
console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
