// Prints the cost of one EHVI evaluation (what the acquisition optimiser pays per candidate), median
// of several runs. Run: npx tsx test/unit/core/ehvi-speed.bench.ts
import { ehvi2d, ExpectedHypervolumeImprovement } from '../../../src/core/ehvi.js';
import { paretoFrontIndices } from '../../../src/core/pareto.js';
import { Rng } from '../../../src/core/rng.js';
import { median } from '../../../src/core/stats.js';

const rng = new Rng(1);

function concaveFront(n: number, m: number): number[][] {
  const pts = Array.from({ length: n }, () => {
    const v = Array.from({ length: m }, () => Math.abs(rng.normal()));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
  return paretoFrontIndices(pts).map((i) => pts[i]);
}

function time(label: string, calls: number, body: (i: number) => number): void {
  const runs: number[] = [];
  let sink = 0;
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) sink += body(i);
    runs.push(((performance.now() - t) / calls) * 1000);
  }
  console.log(`${label}: median ${median(runs).toFixed(2)} µs, best ${Math.min(...runs).toFixed(2)} µs per evaluation (checksum ${sink.toExponential(3)})`);
}

const means = Array.from({ length: 1000 }, () => [rng.range(0, 1.2), rng.range(0, 1.2), rng.range(0, 1.2)]);
for (const n of [10, 30, 100]) {
  const front = concaveFront(n, 2);
  time(`ehvi2d, front of ${front.length}`, 20000, (i) => ehvi2d([means[i % 1000][0], means[i % 1000][1]], [0.1, 0.2], front, [1.1, 1.1]));
  const prepared = new ExpectedHypervolumeImprovement(front, [1.1, 1.1]);
  time(`prepared 2-D EHVI, front of ${front.length}`, 20000, (i) => prepared.value([means[i % 1000][0], means[i % 1000][1]], [0.1, 0.2]));
}
for (const n of [10, 30, 60]) {
  const front = concaveFront(n * 3, 3).slice(0, n);
  const t = performance.now();
  const prepared = new ExpectedHypervolumeImprovement(front, [1.1, 1.1, 1.1]);
  const build = performance.now() - t;
  time(`prepared 3-D EHVI, front of ${front.length} (${prepared.boxCount} boxes, built in ${build.toFixed(1)} ms)`, 5000, (i) => prepared.value(means[i % 1000], [0.1, 0.2, 0.15]));
}
