// Every suggester by name, for the study loop, the CLI and the benchmark.

import type { OptimizationProblem } from '../problem.js';
import type { Suggester } from '../types.js';
import { GeneticSuggester } from './ga.js';
import { GridSuggester } from './grid.js';
import { RandomSuggester } from './random.js';
import { ScootSuggester } from './scoot.js';
import { VanillaBoSuggester } from './vbo.js';

export const SUGGESTER_NAMES = ['scoot', 'vbo', 'random', 'ga', 'grid'] as const;
export type SuggesterName = (typeof SUGGESTER_NAMES)[number];

export class UnknownSuggesterError extends Error {}

export function isSuggesterName(name: string): name is SuggesterName {
  return (SUGGESTER_NAMES as readonly string[]).includes(name);
}

export interface SuggesterFactoryOptions {
  /** Evaluation budget; only grid search uses it, to size its grid (default 30). */
  budget?: number;
}

export function createSuggester(name: SuggesterName | string, problem: OptimizationProblem, seed: number, options: SuggesterFactoryOptions = {}): Suggester {
  switch (name) {
    case 'scoot':
      return new ScootSuggester(problem, { seed });
    case 'vbo':
      return new VanillaBoSuggester(problem, { seed });
    case 'random':
      return new RandomSuggester(problem, { seed });
    case 'ga':
      return new GeneticSuggester(problem, { seed });
    case 'grid':
      return new GridSuggester(problem, { seed, budget: options.budget });
    default:
      throw new UnknownSuggesterError(`unknown optimizer "${name}"; choose from ${SUGGESTER_NAMES.join(', ')}`);
  }
}
