// GP timings: fit at n = 30, 100, 200 with d = 12 (default options: 3 starts, warp 'auto'), the
// same fit warm-started after one more observation, and predict() of 10,000 points; median of
// --runs (default 5). Both wall-clock and CPU time are printed: the machine is shared, and CPU
// time is what this process actually spent. Run: npx tsx scripts/bench-gp.ts [--runs N]
import { GaussianProcess } from '../src/core/gp/index.js';
import { Rng } from '../src/core/rng.js';
import { median } from '../src/core/stats.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
const d = 12;

/** Wall and CPU milliseconds of f(). */
function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

// A smooth, anisotropic, skewed test function on [0, 1]^12.
function objective(x: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += Math.sin((3 * (j + 1) * x[j]) / 4) ** 2 * (1 + j / 4) + (x[j] - 0.3) ** 2;
  return Math.exp(s / 4);
}

const rng = new Rng(2024);
const candidates = Array.from({ length: 10000 }, () => Array.from({ length: d }, () => rng.uniform()));
// Warm up the JIT so that the first row is not billed for compilation.
{
  const X = Array.from({ length: 30 }, () => Array.from({ length: d }, () => rng.uniform()));
  GaussianProcess.fit(X, X.map(objective)).predict(candidates.slice(0, 1000));
}
const fmt = (wall: number[], cpu: number[]) => `${median(wall).toFixed(0).padStart(5)} ms (cpu ${median(cpu).toFixed(0).padStart(5)})`;
console.log(`GP timings, d = ${d}, median of ${runs} runs (wall, and CPU time of this process)`);
for (const n of [30, 100, 200]) {
  const fit = { wall: [] as number[], cpu: [] as number[] };
  const warm = { wall: [] as number[], cpu: [] as number[] };
  const pred = { wall: [] as number[], cpu: [] as number[] };
  for (let r = 0; r < runs; r++) {
    const data = new Rng(n, r);
    const X = Array.from({ length: n }, () => Array.from({ length: d }, () => data.uniform()));
    const y = X.map(objective);
    const f = timed(() => GaussianProcess.fit(X, y, { seed: r }));
    fit.wall.push(f.wall);
    fit.cpu.push(f.cpu);
    const p = timed(() => f.value.predict(candidates));
    pred.wall.push(p.wall);
    pred.cpu.push(p.cpu);
    // The BO loop's case: one more observation, warm-started from the previous θ.
    const x1 = Array.from({ length: d }, () => data.uniform());
    const w = timed(() => GaussianProcess.fit([...X, x1], [...y, objective(x1)], { seed: r, warmStart: f.value.theta }));
    warm.wall.push(w.wall);
    warm.cpu.push(w.cpu);
  }
  console.log(`n=${String(n).padStart(3)}  fit ${fmt(fit.wall, fit.cpu)}   warm-started fit ${fmt(warm.wall, warm.cpu)}   predict 10k ${fmt(pred.wall, pred.cpu)}`);
}
