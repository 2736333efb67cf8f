// Expected hypervolume improvement (minimisation) of a point whose objectives are independent
// Gaussians N(mean_j, sigma_j^2), over a front and a reference point.
//
// The region the front does not dominate is split into boxes [l, u) (see nondominated-boxes.ts). A
// new point y improves each box by prod_j (u_j - max(y_j, l_j))^+, and with independent axes
//   E[(u - max(Y, l))^+] = psi(u) - psi(l),   psi(a) = E[(a - Y)^+] = (a - mu) Phi(z) + sigma phi(z),
// z = (a - mu) / sigma, psi(-Infinity) = 0. So EHVI = sum_boxes prod_j (psi_j(u_j) - psi_j(l_j)) is
// exact; in 2-D the boxes are the n + 1 strips between sorted front points (Emmerich, Deutz & Klinkenberg
// 2011; Yang et al. 2019 give the same closed form) and the cost is O(n log n). As sigma -> 0, psi(a)
// -> (a - mu)^+ and EHVI becomes the deterministic hypervolume improvement of the mean.

import { normalPdfCdf } from './cody-erfc.js';
import { pointsInside } from './hypervolume.js';
import { type Box, nondominatedBoxes } from './nondominated-boxes.js';
import { ParetoInputError, paretoFrontIndices } from './pareto.js';

const normal = { pdf: 0, cdf: 0 };

/** E[(a - Y)^+] for Y ~ N(mu, sigma^2). */
export function expectedShortfall(a: number, mu: number, sigma: number): number {
  if (a === -Infinity) return 0;
  const d = a - mu;
  if (sigma === 0) return d > 0 ? d : 0;
  normalPdfCdf(d / sigma, normal);
  const value = d * normal.cdf + sigma * normal.pdf;
  return value > 0 ? value : 0;
}

function checkGaussian(mean: readonly number[], sigma: readonly number[], m: number): void {
  if (mean.length !== m || sigma.length !== m)
    throw new ParetoInputError(`EHVI needs ${m} means and standard deviations (one per objective), got ${mean.length} and ${sigma.length}`);
  for (let j = 0; j < m; j++) {
    if (!Number.isFinite(mean[j])) throw new ParetoInputError(`EHVI: mean of objective ${j} is ${mean[j]}, expected a finite number`);
    if (!(sigma[j] >= 0) || !Number.isFinite(sigma[j]))
      throw new ParetoInputError(`EHVI: standard deviation of objective ${j} is ${sigma[j]}, expected a finite number >= 0`);
  }
}

/** Exact 2-D EHVI. The front may contain dominated points, duplicates and points beyond the reference. */
export function ehvi2d(
  mean: readonly [number, number],
  sigma: readonly [number, number],
  front: readonly (readonly number[])[],
  reference: readonly [number, number],
): number {
  checkGaussian(mean, sigma, 2);
  const [r0, r1] = reference;
  const order: number[] = [];
  for (let i = 0; i < front.length; i++) {
    const p = front[i];
    if (p.length !== 2) throw new ParetoInputError(`front point ${i} has ${p.length} objectives, the reference has 2`);
    if (p[0] < r0 && p[1] < r1) order.push(i);
  }
  order.sort((i, k) => front[i][0] - front[k][0] || front[i][1] - front[k][1]);
  const [m0, m1] = mean;
  const [s0, s1] = sigma;
  let total = 0;
  let psiLeft = 0; // psi_0 at the strip's left edge (-Infinity for the first strip)
  let ceiling = r1;
  for (const i of order) {
    const p = front[i];
    // Sorted by f1, a point no lower than the last kept one is weakly dominated by it.
    if (p[1] >= ceiling) continue;
    const psiRight = expectedShortfall(p[0], m0, s0);
    total += (psiRight - psiLeft) * expectedShortfall(ceiling, m1, s1);
    psiLeft = psiRight;
    ceiling = p[1];
  }
  total += (expectedShortfall(r0, m0, s0) - psiLeft) * expectedShortfall(ceiling, m1, s1);
  return total > 0 ? total : 0;
}

/**
 * EHVI prepared for one front and reference, evaluated at many (mean, sigma): the box partition is
 * built once, and each call evaluates psi once per distinct box edge per axis. Exact in any number
 * of objectives; the box count grows like n^(m-1), fine for the fronts BO sees.
 */
export class ExpectedHypervolumeImprovement {
  readonly objectives: number;
  /** Distinct finite box edges per axis, ascending. */
  private readonly edges: Float64Array[];
  /** Per box and axis, the index into edges of the lower edge (-1 for -Infinity) and the upper edge. */
  private readonly lowerIndex: Int32Array;
  private readonly upperIndex: Int32Array;
  private readonly boxes: readonly Box[];
  private readonly front: number[][];
  /** Scratch space for psi at each edge, reused across calls. */
  private readonly psi: Float64Array[];

  constructor(front: readonly (readonly number[])[], readonly reference: readonly number[]) {
    const m = reference.length;
    this.objectives = m;
    this.boxes = nondominatedBoxes(front, reference);
    const inside = pointsInside(front, reference);
    this.front = paretoFrontIndices(inside).map((i) => inside[i]);
    this.edges = [];
    this.psi = [];
    this.lowerIndex = new Int32Array(this.boxes.length * m);
    this.upperIndex = new Int32Array(this.boxes.length * m);
    for (let j = 0; j < m; j++) {
      const values = new Set<number>();
      for (const b of this.boxes) {
        if (b.lower[j] !== -Infinity) values.add(b.lower[j]);
        values.add(b.upper[j]);
      }
      const edges = Float64Array.from(values).sort();
      this.edges.push(edges);
      this.psi.push(new Float64Array(edges.length));
      const position = new Map<number, number>();
      edges.forEach((v, k) => position.set(v, k));
      this.boxes.forEach((b, k) => {
        this.lowerIndex[k * m + j] = b.lower[j] === -Infinity ? -1 : (position.get(b.lower[j]) ?? -1);
        this.upperIndex[k * m + j] = position.get(b.upper[j]) ?? -1;
      });
    }
  }

  get boxCount(): number {
    return this.boxes.length;
  }

  /** Exact EHVI for independent Gaussian objectives. */
  value(mean: readonly number[], sigma: readonly number[]): number {
    const m = this.objectives;
    checkGaussian(mean, sigma, m);
    const psi = this.psi;
    for (let j = 0; j < m; j++) {
      const edges = this.edges[j];
      const out = psi[j];
      for (let k = 0; k < edges.length; k++) out[k] = expectedShortfall(edges[k], mean[j], sigma[j]);
    }
    let total = 0;
    for (let b = 0; b < this.boxes.length; b++) {
      let product = 1;
      for (let j = 0; j < m; j++) {
        const lo = this.lowerIndex[b * m + j];
        const width = psi[j][this.upperIndex[b * m + j]] - (lo < 0 ? 0 : psi[j][lo]);
        if (width <= 0) {
          product = 0;
          break;
        }
        product *= width;
      }
      total += product;
    }
    return total;
  }

  /** Deterministic hypervolume improvement of the point y. */
  improvement(y: ArrayLike<number>): number {
    const m = this.objectives;
    for (let j = 0; j < m; j++) if (!(y[j] < this.reference[j])) return 0;
    for (const p of this.front) {
      let weaklyDominated = true;
      for (let j = 0; j < m && weaklyDominated; j++) if (p[j] > y[j]) weaklyDominated = false;
      if (weaklyDominated) return 0;
    }
    let total = 0;
    for (const box of this.boxes) {
      let product = 1;
      for (let j = 0; j < m; j++) {
        const width = box.upper[j] - (y[j] > box.lower[j] ? y[j] : box.lower[j]);
        if (width <= 0) {
          product = 0;
          break;
        }
        product *= width;
      }
      total += product;
    }
    return total;
  }

  /**
   * Monte-Carlo EHVI with fixed standard-normal draws (normals[s * m + j] for sample s, objective
   * j), so the estimate is a deterministic, piecewise-smooth function of mean and sigma.
   */
  monteCarlo(mean: readonly number[], sigma: readonly number[], normals: Float64Array): number {
    const m = this.objectives;
    checkGaussian(mean, sigma, m);
    if (normals.length === 0 || normals.length % m !== 0)
      throw new ParetoInputError(`EHVI Monte Carlo: ${normals.length} normal draws is not a positive multiple of ${m} objectives`);
    const samples = normals.length / m;
    const y = new Float64Array(m);
    let total = 0;
    for (let s = 0; s < samples; s++) {
      for (let j = 0; j < m; j++) y[j] = mean[j] + sigma[j] * normals[s * m + j];
      total += this.improvement(y);
    }
    return total / samples;
  }
}

/** Exact EHVI in any number of objectives (2-D goes through the strip formula). */
export function ehvi(mean: readonly number[], sigma: readonly number[], front: readonly (readonly number[])[], reference: readonly number[]): number {
  checkGaussian(mean, sigma, reference.length);
  if (reference.length === 2) return ehvi2d([mean[0], mean[1]], [sigma[0], sigma[1]], front, [reference[0], reference[1]]);
  return new ExpectedHypervolumeImprovement(front, reference).value(mean, sigma);
}

/** Monte-Carlo EHVI over fixed standard-normal draws (length samples * objectives). */
export function ehviMonteCarlo(
  mean: readonly number[],
  sigma: readonly number[],
  front: readonly (readonly number[])[],
  reference: readonly number[],
  normals: Float64Array,
): number {
  return new ExpectedHypervolumeImprovement(front, reference).monteCarlo(mean, sigma, normals);
}
