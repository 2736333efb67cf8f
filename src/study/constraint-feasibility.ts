// Whether any configuration of the space satisfies the known constraints, decided by the space itself
// before anything runs: a small space is enumerated, a large one searched (every combination of each
// parameter's bounds, default and a grid, then a Sobol sample). Constraints nothing satisfies would
// otherwise let the study evaluate the default and end "successfully" with nothing else to try.
//
// And whether the default violates the user's constraints: it is still measured (it is what the engine
// does today, the baseline every gain is quoted against), but the study says so up front, the
// optimiser never suggests it again and the summary never chooses it.

import { SobolSequence } from '../core/sobol.js';
import { Space } from '../core/space.js';
import type { KnownConstraint, ParamValue, Params } from '../core/types.js';

/** Combinations enumerated (or sampled) before giving up. */
const SEARCH_LIMIT = 20_000;
/** Grid points of a continuous (or very fine) parameter, bounds included. */
const GRID_POINTS = 9;

function candidates(space: Space, i: number, defaults: Params): ParamValue[] {
  const name = space.names[i];
  if (space.isDiscrete(i) && space.cardinality(i) <= GRID_POINTS * 4) return space.values(i);
  const u = Array.from({ length: space.dim }, () => 0.5);
  const out: ParamValue[] = [defaults[name]];
  for (let k = 0; k < GRID_POINTS; k++) {
    u[i] = k / (GRID_POINTS - 1);
    const v = space.decode(u)[name];
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** A configuration (tuned and fixed values) satisfying every constraint, or undefined when the search finds none. */
export function findFeasiblePoint(space: Space, fixed: Params, constraints: readonly KnownConstraint[]): { point?: Params; checked: number } {
  const ok = (p: Params): boolean => constraints.every((c) => c.test({ ...fixed, ...p }));
  const defaults = space.defaults();
  let checked = 1;
  if (ok(defaults)) return { point: { ...defaults, ...fixed }, checked };
  const lists = space.names.map((_, i) => candidates(space, i, defaults));
  const combinations = lists.reduce((n, l) => n * l.length, 1);
  const tryIndex = (index: number): Params | undefined => {
    const p: Params = {};
    let rest = index;
    space.names.forEach((name, i) => {
      p[name] = lists[i][rest % lists[i].length];
      rest = Math.floor(rest / lists[i].length);
    });
    checked++;
    return ok(p) ? p : undefined;
  };
  if (combinations <= SEARCH_LIMIT) {
    for (let k = 0; k < combinations; k++) {
      const p = tryIndex(k);
      if (p) return { point: { ...p, ...fixed }, checked };
    }
    // Every discrete combination was tried: only continuous values between grid points are left.
    if (space.names.every((_, i) => space.isDiscrete(i) && lists[i].length === space.cardinality(i))) return { checked };
  } else {
    // A stride coprime with nothing in particular walks the combinations evenly.
    const stride = 7919;
    for (let k = 0; k < SEARCH_LIMIT / 2; k++) {
      const p = tryIndex((k * stride) % combinations);
      if (p) return { point: { ...p, ...fixed }, checked };
    }
  }
  const sobol = new SobolSequence(space.dim, { seed: 0 });
  for (let k = 0; k < SEARCH_LIMIT / 2; k++) {
    const p = space.decode(sobol.next());
    checked++;
    if (ok(p)) return { point: { ...p, ...fixed }, checked };
  }
  return { checked };
}

/**
 * The constraints `params` violates. A constraint that cannot be evaluated on them (the baseline of an
 * engine's true default may leave tuned parameters unset) is not counted as violated.
 */
export function violatedConstraints(params: Params, fixed: Params, constraints: readonly KnownConstraint[]): string[] {
  const all = { ...fixed, ...params };
  return constraints.filter((c) => {
    try {
      return !c.test(all);
    } catch {
      return false;
    }
  }).map((c) => c.source);
}

/** The study's up-front notice about a default outside the constraints. */
export function defaultViolationNotice(violated: readonly string[]): string {
  return `the default configuration violates ${violated.map((c) => `"${c}"`).join(', ')}: it is measured as the baseline (what the engine does today), but never suggested again nor chosen as the result`;
}
