// Prints NSGA-II's own cost per generation (everything except problem.evaluate), median of several
// runs, at the sizes SCOOT's acquisition optimisation uses. Run: npx tsx test/unit/core/nsga2-overhead.bench.ts
import { nsga2, type Nsga2Problem } from '../../../src/core/nsga2.js';
import { Rng } from '../../../src/core/rng.js';
import { median } from '../../../src/core/stats.js';

function dtlz2(d: number, m: number, clock: { ms: number }): Nsga2Problem {
  return {
    dimension: d,
    objectives: m,
    evaluate: (xs) => {
      const t = performance.now();
      const out = xs.map((x) => {
        let g = 0;
        for (let i = m - 1; i < d; i++) g += (x[i] - 0.5) ** 2;
        return Array.from({ length: m }, (_, k) => {
          let v = 1 + g;
          for (let i = 0; i < m - 1 - k; i++) v *= Math.cos((x[i] * Math.PI) / 2);
          if (k > 0) v *= Math.sin((x[m - 1 - k] * Math.PI) / 2);
          return v;
        });
      });
      clock.ms += performance.now() - t;
      return out;
    },
  };
}


for (const [d, m, generations] of [[12, 2, 100], [12, 3, 100], [30, 2, 250]] as const) {
  const perGeneration: number[] = [];
  nsga2(dtlz2(d, m, { ms: 0 }), { rng: new Rng(99), populationSize: 100, generations: 20 }); // JIT warm-up
  for (let run = 0; run < 7; run++) {
    const clock = { ms: 0 };
    const t0 = performance.now();
    nsga2(dtlz2(d, m, clock), { rng: new Rng(run), populationSize: 100, generations });
    perGeneration.push((performance.now() - t0 - clock.ms) / generations);
  }
  console.log(`NSGA-II pop 100, d = ${d}, ${m} objectives, ${generations} generations: median ${median(perGeneration).toFixed(3)} ms, best ${Math.min(...perGeneration).toFixed(3)} ms per generation excluding evaluate (runs: ${perGeneration.map((v) => v.toFixed(2)).join(', ')})`);
}
