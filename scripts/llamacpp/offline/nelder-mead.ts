// Nelder–Mead simplex minimisation (Lagarias et al. 1998 coefficients), for the calibration's few
// parameters. Written here because the npm package for it (fmin 0.0.4) declares "type": "module" but
// ships a UMD build that exports nothing under Node's ESM loader.

export interface NelderMeadResult {
  x: number[];
  fx: number;
  iterations: number;
}

export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], options: { maxIterations?: number; step?: number; tolerance?: number } = {}): NelderMeadResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 200 * n;
  const step = options.step ?? 0.25;
  const tolerance = options.tolerance ?? 1e-6;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, k) => (k === i ? v + step : v)))].map((x) => ({ x, fx: f(x) }));
  const combine = (a: readonly number[], b: readonly number[], t: number) => a.map((v, k) => v + t * (b[k] - v));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.fx - b.fx);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.fx - best.fx) <= tolerance * (Math.abs(best.fx) + tolerance)) break;
    const centroid = x0.map((_, k) => simplex.slice(0, n).reduce((s, p) => s + p.x[k], 0) / n);
    const reflected = combine(centroid, worst.x, -1);
    const fr = f(reflected);
    if (fr < best.fx) {
      const expanded = combine(centroid, worst.x, -2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { x: expanded, fx: fe } : { x: reflected, fx: fr };
      continue;
    }
    if (fr < simplex[n - 1].fx) {
      simplex[n] = { x: reflected, fx: fr };
      continue;
    }
    const outside = fr < worst.fx;
    const contracted = combine(centroid, worst.x, outside ? -0.5 : 0.5);
    const fc = f(contracted);
    if (fc < (outside ? fr : worst.fx)) {
      simplex[n] = { x: contracted, fx: fc };
      continue;
    }
    simplex = simplex.map((p, i) => (i === 0 ? p : { x: combine(best.x, p.x, 0.5), fx: f(combine(best.x, p.x, 0.5)) }));
  }
  simplex.sort((a, b) => a.fx - b.fx);
  return { x: simplex[0].x, fx: simplex[0].fx, iterations };
}
