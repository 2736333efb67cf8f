// The optimisation problem as plain data, so it can be frozen, sent to a worker thread and rebuilt
// identically there: space, held values, constraint sources, objective count and SLOs.

import { parseConstraint } from '../core/constraints.js';
import type { OptimizationProblem } from '../core/problem.js';
import { Space } from '../core/space.js';
import type { KnownConstraint, OutcomeConstraint, Params, SpaceSpec } from '../core/types.js';

export interface ProblemDefinition {
  space: SpaceSpec;
  /** Parameters held at a value: not tuned, but visible to constraints and rendered to flags. */
  fixed: Params;
  constraints: string[];
  objectives: number;
  outcomeConstraints: OutcomeConstraint[];
  initialDesignSize?: number;
  reference?: number[];
}

/** Constraints see tuned and held parameters alike. */
export function withHeldValues(c: KnownConstraint, fixed: Params): KnownConstraint {
  if (Object.keys(fixed).length === 0) return c;
  return {
    source: c.source,
    test: (p) => c.test({ ...fixed, ...p }),
    violation: (p) => c.violation({ ...fixed, ...p }),
  };
}

export function buildProblem(def: ProblemDefinition): OptimizationProblem {
  const space = new Space(def.space);
  const names = [...space.names, ...Object.keys(def.fixed)];
  return {
    space,
    constraints: def.constraints.map((source) => withHeldValues(parseConstraint(source, names), def.fixed)),
    objectives: def.objectives,
    outcomeConstraints: def.outcomeConstraints,
    ...(def.initialDesignSize !== undefined ? { initialDesignSize: def.initialDesignSize } : {}),
    ...(def.reference ? { reference: def.reference } : {}),
  };
}
