// A study resumes only under the problem it began with; the budget, parallelism and target may change
// (resuming with a larger budget is how a study is extended).

import type { ScootConfig } from './config.js';

/** The first part of the problem that differs, or undefined when resuming is safe. */
export function sameProblem(frozen: ScootConfig, current: ScootConfig): string | undefined {
  const parts: [string, (c: ScootConfig) => unknown][] = [
    ['engine.type', (c) => c.engine.type],
    ['engine.version', (c) => c.engine.version ?? null],
    ['parameters', (c) => c.parameters ?? {}],
    ['fixed', (c) => c.fixed ?? {}],
    ['constraints', (c) => c.constraints ?? []],
    ['objectives', (c) => c.objectives],
    ['slo', (c) => c.slo ?? {}],
    ['workload', (c) => c.workload],
    ['optimizer', (c) => c.optimizer ?? {}],
  ];
  for (const [name, get] of parts) if (JSON.stringify(get(frozen)) !== JSON.stringify(get(current))) return name;
  return undefined;
}
