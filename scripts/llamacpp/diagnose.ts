// Why SCOOT suggested what it did: replays a study folder's first K records into the suggester's own
// surrogates (fitSurrogates, referencePoint, EHVI, the POF threshold) and prints what decided trial K —
// each objective GP's lengthscales, signal and noise; the reference point; the EHVI (and its posterior
// mean ± sd) of SCOOT's actual pick and of any probe configurations; the best EHVI the solver finds with
// each value of every unordered parameter forced; and how the constrained Sobol sequence filled the design.
//
//   npx tsx scripts/llamacpp/diagnose.ts STUDY_DIR K [--probe name='{"parallel":7,...}'] [--design]
//
// STUDY_DIR is a study folder brought back from the GPU (config.json, observations.jsonl). The engine and
// model paths in its config are not used; the trace is the bundled one.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ExpectedHypervolumeImprovement } from '../../src/core/ehvi.js';
import { pofThreshold } from '../../src/core/pof-threshold.js';
import { satisfiesKnownConstraints, type OptimizationProblem } from '../../src/core/problem.js';
import { Rng } from '../../src/core/rng.js';
import { SobolSequence } from '../../src/core/sobol.js';
import { ehviBatch } from '../../src/core/suggesters/ehvi-search.js';
import { referencePoint } from '../../src/core/suggesters/reference-point.js';
import { fitSurrogates, logFeasibility, type Surrogates } from '../../src/core/suggesters/surrogates.js';
import type { Params } from '../../src/core/types.js';
import type { TrialRecord } from '../../src/protocol/study.js';
import type { ScootConfig } from '../../src/study/config.js';
import { optimizerHistory, withBaselineReference } from '../../src/study/history.js';
import { buildProblem } from '../../src/study/problem-definition.js';
import { resolveStudy } from '../../src/study/resolve.js';

const f = (x: number, d = 2) => x.toFixed(d);

function describe(problem: OptimizationProblem, s: Surrogates, ehvi: ExpectedHypervolumeImprovement, params: Params): string {
  const x = problem.space.encode(params);
  const p = s.objectives.map((gp) => gp.predict([x]));
  const mean = p.map((q) => q.mean[0]);
  const sd = p.map((q) => Math.sqrt(q.variance[0]));
  const shown = mean.map((m, k) => `${f(s.objectives[k].fromModel(m))} [${f(s.objectives[k].fromModel(m - sd[k]))}, ${f(s.objectives[k].fromModel(m + sd[k]))}]`);
  return `${JSON.stringify(params)}\n      posterior ${shown.join(' | ')}   EHVI ${ehvi.value(mean, sd).toExponential(3)}   log POF^8 ${f(logFeasibility(s, x))}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { probe: { type: 'string', multiple: true }, design: { type: 'boolean' } } });
  const [dir, kText] = positionals;
  if (!dir || !kText) {
    process.stderr.write('usage: diagnose.ts STUDY_DIR K [--probe name=JSON] [--design]\n');
    process.exit(2);
  }
  const root = resolve(__dirname, '../..');
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ScootConfig;
  const resolved = await resolveStudy({ ...config, workload: { ...config.workload, trace: join(root, 'traces/chat.jsonl') } }, join(root, 'scoot.config.json'));
  const all = readFileSync(join(dir, 'observations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialRecord);
  const k = Number(kText);
  const records = all.slice(0, k);
  const definition = withBaselineReference(resolved.problem, resolved.objectives, records);
  const problem = buildProblem(definition);
  const history = optimizerHistory(resolved.problem, resolved.objectives, records);
  const seed = resolved.seed;
  const s = fitSurrogates(problem, history, { seed, outputTransform: 'standardize', warp: 'auto' });
  const names = problem.space.names;
  process.stdout.write(`records 0..${k - 1}: ${history.length} in the optimiser's history (${s.X.length} feasible); dimensions ${names.join(', ')}\n`);
  s.objectives.forEach((gp, j) => {
    const h = gp.hyperparameters;
    process.stdout.write(`GP ${resolved.objectives[j].metric}: lengthscales ${Array.from(h.lengthscales, (v) => f(v, 3)).join(' ')}; signal ${f(h.signalVariance, 3)}; noise ${h.noiseVariance.toExponential(2)}${gp.warped ? '; warped' : ''}\n`);
  });
  const reference = referencePoint(problem, history);
  const delta = pofThreshold(history);
  process.stdout.write(`reference ${reference.map((v) => f(v)).join(', ')}; POF threshold ${delta}\n`);
  const toModel = (y: readonly number[]) => y.map((v, j) => s.objectives[j].toModel(v));
  const ehvi = new ExpectedHypervolumeImprovement(s.Y.map(toModel), toModel(reference));
  if (all[k]) process.stdout.write(`trial ${k} (${all[k].source}) ${describe(problem, s, ehvi, all[k].params)}\n`);
  for (const p of values.probe ?? []) {
    const at = p.indexOf('=');
    process.stdout.write(`probe ${p.slice(0, at)} ${describe(problem, s, ehvi, JSON.parse(p.slice(at + 1)) as Params)}\n`);
  }
  // The solver's best with each level of every unordered parameter held: is the pick the acquisition's, or the search's?
  names.forEach((name, i) => {
    if (!problem.space.isCategorical(i)) return;
    for (const level of problem.space.values(i)) {
      const held = { source: `${name} = ${String(level)}`, test: (q: Params) => q[name] === level, violation: (q: Params) => (q[name] === level ? 0 : 1) };
      const [x] = ehviBatch({ problem: { ...problem, constraints: [...problem.constraints, held] }, surrogates: s, reference, delta, rng: new Rng(seed, history.length, 0), q: 1, isTaken: () => false });
      if (x) process.stdout.write(`best with ${name} = ${String(level)}: ${describe(problem, s, ehvi, problem.space.decode(x))}\n`);
    }
  });
  if (values.design) {
    const seq = new SobolSequence(problem.space.dim, { scramble: true, seed });
    for (let i = 0; i < 16; i++) {
      const p = problem.space.decode(seq.next());
      process.stdout.write(`Sobol ${String(i).padStart(2)} ${satisfiesKnownConstraints(problem, p) ? 'kept    ' : 'rejected'} ${JSON.stringify(p)}\n`);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
