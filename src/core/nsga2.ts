// NSGA-II (Deb, Pratap, Agarwal & Meyarivan, IEEE TEVC 2002) on the unit cube, all objectives
// minimised: binary tournaments on (rank, crowding distance), SBX crossover and polynomial
// mutation, elitist (mu + lambda) survival that fills the next population front by front and cuts
// the last front by crowding distance. With a violation function, constraint domination (Deb 2000):
// feasible beats infeasible, lower violation beats higher, Pareto dominance among the feasible.
// Children that duplicate a member of the population or of their own generation are redrawn, so no
// evaluation is wasted on a known point and crowding is not fooled by copies.

import { crowdingDistance, nonDominatedSort } from './pareto.js';
import { clamp01, polynomialMutation, simulatedBinaryCrossover } from './nsga2-operators.js';
import type { Rng } from './rng.js';

export class Nsga2Error extends Error {}

export interface Nsga2Problem {
  /** Variables live in [0, 1]^dimension. */
  dimension: number;
  /** Number of objectives, all minimised. */
  objectives: number;
  /** Batched: called once per generation with every new point. NaN is read as +Infinity (worst). */
  evaluate(population: readonly (readonly number[])[]): number[][];
  /** Constraint violation, 0 when feasible; enables constraint domination. */
  violation?(x: readonly number[]): number;
  /** Maps a point to the admissible point it stands for (e.g. Space.snap); must be idempotent. */
  repair?(x: number[]): number[];
  /** Coordinates where SBX makes no sense: uniform crossover and random-reset mutation. */
  categorical?: readonly boolean[];
}

export interface Nsga2Options {
  /** Default 100. */
  populationSize?: number;
  /** Default 100; the run stops early only if no new point can be generated (tiny discrete spaces). */
  generations?: number;
  rng: Rng;
  /** Points placed in the first population (e.g. the best observations), before random ones. */
  initial?: readonly (readonly number[])[];
  /** SBX distribution index (default 15). */
  crossoverEta?: number;
  /** Polynomial-mutation distribution index (default 20). */
  mutationEta?: number;
  /** Probability that a pair of parents is recombined at all (default 0.9). */
  crossoverProbability?: number;
  /** Per-variable mutation probability (default 1 / dimension). */
  mutationRate?: number;
}

export interface Nsga2Result {
  x: number[][];
  f: number[][];
  violation: number[];
}

interface Individual {
  x: number[];
  f: number[];
  violation: number;
  rank: number;
  crowding: number;
}

const CROSSOVER_PER_VARIABLE = 0.5;
/** Attempts per wanted child before a generation gives up on finding new points (tiny discrete spaces). */
const ATTEMPTS_PER_CHILD = 20;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Nsga2Error(`NSGA-II: ${name} must be a positive integer, got ${value}`);
  return value;
}

// Points are told apart by exact coordinates. Hashing the raw float bits is far cheaper than
// formatting numbers into string keys, which dominated the generation loop's overhead.
const hashView = new Float64Array(1);
const hashWords = new Uint32Array(hashView.buffer);

function hashOf(x: readonly number[]): number {
  let h = 0x811c9dc5;
  for (let j = 0; j < x.length; j++) {
    hashView[0] = x[j] === 0 ? 0 : x[j]; // -0 and 0 are the same point
    h = Math.imul(h ^ hashWords[0], 0x01000193);
    h = Math.imul(h ^ hashWords[1], 0x01000193);
  }
  return h >>> 0;
}

function samePoint(a: readonly number[], b: readonly number[]): boolean {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

/** A set of points with exact-equality membership. */
class PointSet {
  private readonly buckets = new Map<number, (readonly number[])[]>();

  /** Adds x; false if an equal point was already there. */
  add(x: readonly number[]): boolean {
    const h = hashOf(x);
    const bucket = this.buckets.get(h);
    if (!bucket) {
      this.buckets.set(h, [x]);
      return true;
    }
    for (const y of bucket) if (samePoint(x, y)) return false;
    bucket.push(x);
    return true;
  }
}

/** Runs NSGA-II and returns the final population's first front (its feasible members if any), without duplicates. */
export function nsga2(problem: Nsga2Problem, options: Nsga2Options): Nsga2Result {
  const d = positiveInteger(problem.dimension, 'dimension');
  const m = positiveInteger(problem.objectives, 'objectives');
  const size = positiveInteger(options.populationSize ?? 100, 'populationSize');
  const generations = options.generations ?? 100;
  if (!Number.isInteger(generations) || generations < 0) throw new Nsga2Error(`NSGA-II: generations must be an integer >= 0, got ${generations}`);
  if (problem.categorical && problem.categorical.length !== d)
    throw new Nsga2Error(`NSGA-II: categorical has ${problem.categorical.length} entries, the problem has ${d} dimensions`);
  const crossoverEta = options.crossoverEta ?? 15;
  const mutationEta = options.mutationEta ?? 20;
  const crossoverProbability = options.crossoverProbability ?? 0.9;
  const mutationRate = options.mutationRate ?? 1 / d;
  const rng = options.rng;
  const categorical = problem.categorical?.some(Boolean) ? problem.categorical : undefined;

  const admit = (raw: number[]): number[] => {
    const x = problem.repair ? problem.repair(raw) : raw;
    if (x.length !== d) throw new Nsga2Error(`NSGA-II: repair returned ${x.length} coordinates, expected ${d}`);
    return x;
  };

  const evaluate = (xs: number[][]): Individual[] => {
    if (xs.length === 0) return [];
    const fs = problem.evaluate(xs);
    if (!Array.isArray(fs) || fs.length !== xs.length)
      throw new Nsga2Error(`NSGA-II: evaluate returned ${Array.isArray(fs) ? fs.length : 'no'} rows for ${xs.length} points`);
    return xs.map((x, i) => {
      const row = fs[i];
      if (!row || row.length !== m) throw new Nsga2Error(`NSGA-II: evaluate returned ${row?.length ?? 0} objectives for a point, expected ${m}`);
      const f = row.map((v) => (Number.isNaN(v) ? Infinity : v));
      const raw = problem.violation ? problem.violation(x) : 0;
      const violation = Number.isNaN(raw) ? Infinity : Math.max(0, raw);
      return { x, f, violation, rank: 0, crowding: 0 };
    });
  };

  // First population: seeds first, then uniform random points, all distinct.
  const start: number[][] = [];
  const startPoints = new PointSet();
  const offer = (x: number[]): void => {
    if (startPoints.add(x)) start.push(x);
  };
  for (const seed of options.initial ?? []) {
    if (start.length >= size) break;
    if (seed.length !== d) throw new Nsga2Error(`NSGA-II: an initial point has ${seed.length} coordinates, expected ${d}`);
    offer(admit(seed.map((v) => clamp01(Number.isFinite(v) ? v : 0.5))));
  }
  for (let attempt = 0; start.length < size && attempt < size * ATTEMPTS_PER_CHILD; attempt++) {
    offer(admit(Array.from({ length: d }, () => rng.uniform())));
  }
  let population = survive(evaluate(start), size);

  const tournament = (): Individual => {
    const a = population[rng.int(population.length)];
    const b = population[rng.int(population.length)];
    if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
    if (a.crowding !== b.crowding) return a.crowding > b.crowding ? a : b;
    return rng.uniform() < 0.5 ? a : b;
  };

  for (let g = 0; g < generations; g++) {
    const known = new PointSet();
    for (const ind of population) known.add(ind.x);
    const children: number[][] = [];
    for (let attempt = 0; children.length < size && attempt < size * ATTEMPTS_PER_CHILD; attempt += 2) {
      const a = [...tournament().x];
      const b = [...tournament().x];
      if (rng.uniform() < crossoverProbability) simulatedBinaryCrossover(a, b, crossoverEta, CROSSOVER_PER_VARIABLE, rng, categorical);
      polynomialMutation(a, mutationEta, mutationRate, rng, categorical);
      polynomialMutation(b, mutationEta, mutationRate, rng, categorical);
      for (const raw of [a, b]) {
        if (children.length >= size) break;
        const x = admit(raw);
        if (known.add(x)) children.push(x);
      }
    }
    if (children.length === 0) break; // the space is exhausted around the population
    population = survive([...population, ...evaluate(children)], size);
  }

  const best = population.filter((ind) => ind.rank === 0);
  return { x: best.map((ind) => [...ind.x]), f: best.map((ind) => [...ind.f]), violation: best.map((ind) => ind.violation) };
}

/**
 * Fronts under constraint domination: the feasible points' non-dominated fronts, then one front per
 * distinct violation value in increasing order (a lower violation dominates a higher one).
 */
export function constrainedFronts(f: readonly (readonly number[])[], violation: readonly number[]): number[][] {
  const feasible: number[] = [];
  const infeasible: number[] = [];
  violation.forEach((v, i) => (v > 0 ? infeasible : feasible).push(i));
  const fronts = nonDominatedSort(feasible.map((i) => f[i])).map((front) => front.map((k) => feasible[k]));
  infeasible.sort((i, k) => violation[i] - violation[k] || i - k);
  for (let s = 0; s < infeasible.length; ) {
    const group: number[] = [];
    const v = violation[infeasible[s]];
    while (s < infeasible.length && violation[infeasible[s]] === v) group.push(infeasible[s++]);
    fronts.push(group);
  }
  return fronts;
}

/** Elitist survival: whole fronts while they fit, then the most spread-out members of the next one. */
function survive(pool: Individual[], size: number): Individual[] {
  const fronts = constrainedFronts(
    pool.map((ind) => ind.f),
    pool.map((ind) => ind.violation),
  );
  const f = pool.map((ind) => ind.f);
  const next: Individual[] = [];
  for (let r = 0; r < fronts.length && next.length < size; r++) {
    const front = fronts[r];
    const crowding = crowdingDistance(f, front);
    let order = front.map((_, s) => s);
    if (next.length + front.length > size) {
      order.sort((s, t) => crowding[t] - crowding[s] || s - t);
      order = order.slice(0, size - next.length);
    }
    for (const s of order) {
      const ind = pool[front[s]];
      ind.rank = r;
      ind.crowding = crowding[s];
      next.push(ind);
    }
  }
  return next;
}
