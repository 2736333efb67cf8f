// Prints GP timings: fit at n = 30, 100, 200 with d = 12 (3 restarts) and predict of 10,000
// points, median of 5 runs each. Run: npx tsx scripts/bench-gp.ts [--runs N]
import { GaussianProcess } from '../src/core/gp.js';
import { Rng } from '../src/core/rng.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
const d = 12;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// A smooth, anisotropic, skewed test function in [0, 1]^12 (Levy-like terms with different scales).
function objective(x: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += Math.sin(3 * (j + 1) * x[j] / 4) ** 2 * (1 + j / 4) + (x[j] - 0.3) ** 2;
  return Math.exp(s / 4);
}

const rng = new Rng(2024);
const candidates = Array.from({ length: 10000 }, () => Array.from({ length: d }, () => rng.uniform()));
const rows: string[] = [];
for (const n of [30, 100, 200]) {
  const fits: number[] = [];
  const predicts: number[] = [];
  const warm: number[] = [];
  let lml = 0;
  for (let r = 0; r < runs; r++) {
    const data = new Rng(n, r);
    const X = Array.from({ length: n }, () => Array.from({ length: d }, () => data.uniform()));
    const y = X.map(objective);
    let t = (process.cpuUsage().user / 1000);
    const gp = GaussianProcess.fit(X, y, { seed: r, restarts: 3 });
    fits.push((process.cpuUsage().user / 1000) - t);
    lml = gp.logMarginalLikelihood;
    t = (process.cpuUsage().user / 1000);
    gp.predict(candidates);
    predicts.push((process.cpuUsage().user / 1000) - t);
    // The BO loop's case: one more observation, warm-started from the previous θ.
    const x1 = Array.from({ length: d }, () => data.uniform());
    t = (process.cpuUsage().user / 1000);
    GaussianProcess.fit([...X, x1], [...y, objective(x1)], { seed: r, restarts: 3, warmStart: gp.theta });
    warm.push((process.cpuUsage().user / 1000) - t);
  }
  rows.push(`n=${String(n).padStart(3)} d=${d}  fit ${median(fits).toFixed(0).padStart(5)} ms   fit+warm start ${median(warm).toFixed(0).padStart(5)} ms   predict 10k ${median(predicts).toFixed(0).padStart(4)} ms   (LML ${lml.toFixed(1)})`);
  console.log(rows[rows.length - 1]);
}
