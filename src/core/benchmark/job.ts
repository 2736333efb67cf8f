// One (problem, suggester, seed) run as a plain-data job, so it can run in this thread or a worker.

import type { OptimizationProblem } from '../problem.js';
import { createProblem } from '../problems/index.js';
import type { TestProblem } from '../problems/test-problem.js';
import { createSuggester } from '../suggesters/index.js';
import type { Suggester } from '../types.js';
import { median } from '../stats.js';
import { runOptimization, scoreRun, type Metric } from './run.js';

/** A suggester to benchmark that is not (or not only) one of the named ones, e.g. a scripted fake. */
export interface SuggesterSpec {
  readonly name: string;
  create(problem: OptimizationProblem, seed: number, budget: number): Suggester;
}

export interface JobSpec {
  problem: string;
  suggester: string;
  seed: number;
  evaluations: number;
  q: number;
}

export interface RunResult extends JobSpec {
  metric: Metric;
  value: number;
  trajectory: number[];
  afterDesign: number;
  infeasibleAfterDesign: number;
  /** Evaluations actually made (fewer than asked only if the space ran out). */
  evaluated: number;
  suggestSecondsTotal: number;
  suggestSecondsMedian: number;
  /** Set when the run threw; the score fields are then meaningless. */
  error?: string;
}

export function runJob(job: JobSpec, problem: TestProblem = createProblem(job.problem), spec?: SuggesterSpec): RunResult {
  try {
    const suggester = spec ? spec.create(problem, job.seed, job.evaluations) : createSuggester(job.suggester, problem, job.seed, { budget: job.evaluations });
    const trace = runOptimization(suggester, problem, job.evaluations, job.q, job.seed);
    const score = scoreRun(problem, trace.observations, job.seed);
    return {
      ...job,
      ...score,
      evaluated: trace.observations.length,
      suggestSecondsTotal: trace.suggestSeconds.reduce((a, b) => a + b, 0),
      suggestSecondsMedian: median(trace.suggestSeconds),
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ...job,
      metric: problem.objectives === 1 ? 'regret' : 'hv',
      value: NaN,
      trajectory: [],
      afterDesign: 0,
      infeasibleAfterDesign: 0,
      evaluated: 0,
      suggestSecondsTotal: 0,
      suggestSecondsMedian: NaN,
      error: message,
    };
  }
}
