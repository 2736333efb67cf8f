// The benchmark problems of issue 2, by name.

import { ackleyMixed } from './ackley-mixed.js';
import { branin } from './branin.js';
import { braninCurrin } from './branin-currin.js';
import { gramacy } from './gramacy.js';
import { hartmann6 } from './hartmann6.js';
import { hartmann6Crash } from './hartmann6-crash.js';
import { braninCurrinNoisy, hartmann6Noisy } from './noisy.js';
import { ProblemError, type TestProblem } from './test-problem.js';
import { synthetic12 } from './synthetic12.js';
import { zdt1 } from './zdt1.js';

export { ProblemError, type TestProblem } from './test-problem.js';

const FACTORIES: Record<string, () => TestProblem> = {
  branin,
  hartmann6,
  'ackley-mixed': ackleyMixed,
  'hartmann6-crash': hartmann6Crash,
  gramacy,
  'branin-currin': braninCurrin,
  zdt1: () => zdt1(4),
  'hartmann6-noisy': hartmann6Noisy,
  'branin-currin-noisy': braninCurrinNoisy,
};

/** Names of the problems `scoot bench optimizer` runs, in table order. */
export const BENCHMARK_PROBLEMS: readonly string[] = Object.keys(FACTORIES);

export function createProblem(name: string): TestProblem {
  if (name === 'synthetic12') return synthetic12();
  const make = FACTORIES[name];
  if (!make) throw new ProblemError(`unknown problem "${name}"; choose from ${[...BENCHMARK_PROBLEMS, 'synthetic12'].join(', ')}`);
  return make();
}
