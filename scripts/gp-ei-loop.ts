// Diagnostic: the GP inside the plainest BO loop — d+1 scrambled Sobol points, then greedy log-EI
// maximised over random candidates, perturbations of the best points and a short local refinement —
// on a single-objective benchmark problem, 30 evaluations per seed. It separates the surrogate's
// quality from the suggesters' acquisition strategies: if this loop reaches a low regret and a
// suggester does not, look at the suggester.
// Run: npx tsx scripts/gp-ei-loop.ts [--problem hartmann6] [--seeds 30] [--seed0 0] [--evaluations 30]
import { logExpectedImprovement } from '../src/core/acquisition.js';
import { GaussianProcess } from '../src/core/gp/index.js';
import { createProblem } from '../src/core/problems/index.js';
import { Rng } from '../src/core/rng.js';
import { SobolSequence } from '../src/core/sobol.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const problem = createProblem(arg('problem', 'hartmann6'));
const seeds = Number(arg('seeds', '30'));
const seed0 = Number(arg('seed0', '0'));
const budget = Number(arg('evaluations', '30'));
if (problem.objectives !== 1 || problem.optimalValue === undefined) {
  console.error(`${problem.name} is not a single-objective problem with a known optimum`);
  process.exit(1);
}
const d = problem.space.dim;
const clamp = (v: number) => Math.min(1, Math.max(0, v));

function evaluate(x: number[]): number | undefined {
  return problem.evaluate(problem.space.decode(x))?.[0];
}

const regrets: number[] = [];
for (let seed = seed0; seed < seed0 + seeds; seed++) {
  const rng = new Rng(seed, 0xe1);
  const sobol = new SobolSequence(d, { seed, scramble: true });
  const X: number[][] = [];
  const y: number[] = [];
  let evaluations = 0;
  const observe = (x: number[]) => {
    evaluations++;
    const v = evaluate(x);
    if (v !== undefined) {
      X.push(x);
      y.push(v);
    }
  };
  for (let i = 0; i <= d; i++) observe(sobol.next());
  while (evaluations < budget) {
    if (X.length < 2) {
      observe(sobol.next());
      continue;
    }
    const gp = GaussianProcess.fit(X, y, { seed });
    const incumbent = Math.min(...gp.yModel);
    const score = (C: number[][]) => {
      const p = gp.predict(C);
      return C.map((_, i) => logExpectedImprovement(p.mean[i], Math.sqrt(p.variance[i]), incumbent, 0));
    };
    let C = Array.from({ length: 3000 }, () => Array.from({ length: d }, () => rng.uniform()));
    const best = y.map((_, i) => i).sort((a, b) => y[a] - y[b]).slice(0, 5);
    for (const i of best) for (const scale of [0.2, 0.05, 0.01]) for (let k = 0; k < 100; k++) C.push(X[i].map((v) => clamp(v + scale * rng.normal())));
    let s = score(C);
    for (let round = 0; round < 4; round++) {
      const top = s.map((_, i) => i).sort((a, b) => s[b] - s[a]).slice(0, 5).map((i) => C[i]);
      C = [...top];
      for (const c of top) for (let k = 0; k < 100; k++) C.push(c.map((v) => clamp(v + (0.02 / (round + 1)) * rng.normal())));
      s = score(C);
    }
    let pick = 0;
    for (let i = 1; i < s.length; i++) if (s[i] > s[pick]) pick = i;
    observe(problem.space.encode(problem.space.decode(C[pick])));
  }
  regrets.push(Math.min(...y) - problem.optimalValue);
}
const sorted = [...regrets].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
console.log(`${problem.name}: GP + greedy log-EI, ${budget} evaluations, seeds ${seed0}..${seed0 + seeds - 1}`);
console.log(`median regret ${q(0.5).toExponential(2)}  (p25 ${q(0.25).toExponential(2)}, p75 ${q(0.75).toExponential(2)})`);
