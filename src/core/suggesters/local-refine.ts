// Polishes acquisition optima found by the evolutionary solver. NSGA-II locates the right basin but
// stops short of its peak, and late in a run the gain of BO comes from exactly that last stretch of
// exploitation. Bounded L-BFGS on the continuous coordinates only (discrete ones stay at their cell),
// with central finite differences: the acquisition has no analytic gradient here, and one batched
// prediction of 2·d + 1 points per step costs little next to the GP fit.

import { minimizeBounded } from '../lbfgsb.js';
import type { Space } from '../space.js';

export interface RefineOptions {
  /** Acquisition to MINIMISE, batched: one value per candidate. */
  evaluate(candidates: readonly (readonly number[])[]): number[];
  /** 0 when admissible (known constraints, POF); refined points must stay admissible. */
  violation(x: readonly number[]): number;
  maxIterations?: number;
}

const STEP = 1e-4;

export function refineLocally(space: Space, start: readonly number[], options: RefineOptions): { x: number[]; value: number } {
  const continuous = space.names.map((_, i) => !space.isDiscrete(i)).map((c, i) => (c ? i : -1)).filter((i) => i >= 0);
  const startValue = options.evaluate([start])[0];
  if (continuous.length === 0 || !Number.isFinite(startValue)) return { x: [...start], value: startValue };
  const embed = (z: ArrayLike<number>): number[] => {
    const x = [...start];
    continuous.forEach((dim, k) => (x[dim] = z[k]));
    return x;
  };
  const objective = (z: Float64Array, grad: Float64Array): number => {
    const points: number[][] = [embed(z)];
    continuous.forEach((_, k) => {
      const up = Float64Array.from(z);
      const down = Float64Array.from(z);
      up[k] = Math.min(1, z[k] + STEP);
      down[k] = Math.max(0, z[k] - STEP);
      points.push(embed(up), embed(down));
    });
    const values = options.evaluate(points);
    continuous.forEach((_, k) => {
      const h = (Math.min(1, z[k] + STEP) - Math.max(0, z[k] - STEP)) || STEP;
      const g = (values[1 + 2 * k] - values[2 + 2 * k]) / h;
      grad[k] = Number.isFinite(g) ? g : 0;
    });
    return Number.isFinite(values[0]) ? values[0] : 1e300;
  };
  const z0 = continuous.map((dim) => start[dim]);
  const result = minimizeBounded(objective, z0, continuous.map(() => 0), continuous.map(() => 1), {
    maxIterations: options.maxIterations ?? 30,
    gradientTolerance: 1e-7,
  });
  const x = space.snap(embed(result.x));
  const value = options.evaluate([x])[0];
  if (value < startValue && options.violation(x) === 0) return { x, value };
  return { x: [...start], value: startValue };
}
