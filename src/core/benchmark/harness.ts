// The optimiser benchmark of issue 2: every (problem, suggester, seed) run, summarised per problem
// and suggester as median / p25 / p75 over seeds, plus suggest() latency on a 12-D problem.

import { createProblem, BENCHMARK_PROBLEMS } from '../problems/index.js';
import type { TestProblem } from '../problems/test-problem.js';
import { createSuggester, type SuggesterName } from '../suggesters/index.js';
import { runJob, type JobSpec, type RunResult, type SuggesterSpec } from './job.js';
import { measureLatency, type LatencyOptions, type LatencyRow } from './latency.js';
import { runJobsOnWorkers, type WorkerLaunch } from './pool.js';
import { BenchmarkError, metricOf, type Metric } from './run.js';
import { median, percentile } from '../stats.js';

export const DEFAULT_SUGGESTERS: readonly SuggesterName[] = ['scoot', 'vbo', 'ga', 'random'];

export type SuggesterChoice = string | SuggesterSpec;
export type ProblemChoice = string | TestProblem;

export type ProgressEvent =
  | { kind: 'run'; done: number; total: number; result: RunResult }
  | { kind: 'latency'; row: LatencyRow };

export interface BenchmarkOptions {
  suggesters?: readonly SuggesterChoice[];
  problems?: readonly ProblemChoice[];
  /** A count (seeds 0..N−1) or the seeds themselves; default 20. */
  seeds?: number | readonly number[];
  evaluations?: number;
  q?: number;
  /** Worker threads for the runs (default 1: run in this thread). Needs named suggesters and problems. */
  workers?: number;
  worker?: WorkerLaunch;
  /** Latency of one suggest() call; false skips it. Times `suggester` (default: scoot if chosen, else the first). */
  latency?: false | (LatencyOptions & { suggester?: SuggesterChoice });
  onProgress?: (event: ProgressEvent) => void;
}

export interface ResultRow {
  problem: string;
  suggester: string;
  metric: Metric;
  median: number;
  p25: number;
  p75: number;
  /** Infeasible suggestions after the initial design over all seeds, pooled. */
  infeasibleFraction: number;
  seeds: number;
  failures: number;
  /** The problem's optimum value (regret) or maximum hypervolume, for context in tables. */
  best?: number;
  suggestSecondsMedian: number;
}

export interface BenchmarkReport {
  results: ResultRow[];
  latency: LatencyRow[];
  runs: RunResult[];
  evaluations: number;
  q: number;
}

function seedList(seeds: number | readonly number[] | undefined): number[] {
  if (seeds === undefined) return Array.from({ length: 20 }, (_, i) => i);
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 1) throw new BenchmarkError(`seeds must be a positive integer, got ${seeds}`);
    return Array.from({ length: seeds }, (_, i) => i);
  }
  return [...seeds];
}

function suggesterName(choice: SuggesterChoice): string {
  return typeof choice === 'string' ? choice : choice.name;
}

function specOf(choice: SuggesterChoice): SuggesterSpec {
  if (typeof choice !== 'string') return choice;
  return { name: choice, create: (problem, seed, budget) => createSuggester(choice, problem, seed, { budget }) };
}

export async function runOptimizerBenchmark(options: BenchmarkOptions = {}): Promise<BenchmarkReport> {
  const suggesters = options.suggesters ?? DEFAULT_SUGGESTERS;
  const problems = (options.problems ?? BENCHMARK_PROBLEMS).map((p) => (typeof p === 'string' ? createProblem(p) : p));
  const seeds = seedList(options.seeds);
  const evaluations = options.evaluations ?? 30;
  const q = options.q ?? 1;
  if (!Number.isInteger(evaluations) || evaluations < 1) throw new BenchmarkError(`evaluations must be a positive integer, got ${evaluations}`);
  if (!Number.isInteger(q) || q < 1) throw new BenchmarkError(`q must be a positive integer, got ${q}`);
  if (suggesters.length === 0 || problems.length === 0) throw new BenchmarkError('choose at least one suggester and one problem');
  // Fail on a misspelt name now rather than after an hour of runs.
  for (const s of suggesters) if (typeof s === 'string') createSuggester(s, problems[0], 0, { budget: evaluations });

  const jobs: JobSpec[] = [];
  for (const problem of problems) for (const s of suggesters) for (const seed of seeds) jobs.push({ problem: problem.name, suggester: suggesterName(s), seed, evaluations, q });

  let done = 0;
  const report = (result: RunResult) => options.onProgress?.({ kind: 'run', done: ++done, total: jobs.length, result });
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const named = suggesters.every((s) => typeof s === 'string') && (options.problems ?? []).every((p) => typeof p === 'string');
  let runs: RunResult[];
  if (workers > 1 && jobs.length > 1) {
    if (!named) throw new BenchmarkError('worker threads can only run named suggesters and problems');
    if (!options.worker) throw new BenchmarkError('worker threads need a worker entry script');
    runs = await runJobsOnWorkers(jobs, workers, options.worker, report);
  } else {
    const byName = new Map(problems.map((p) => [p.name, p]));
    const specs = new Map(suggesters.map((s) => [suggesterName(s), specOf(s)]));
    runs = [];
    for (const job of jobs) {
      const result = runJob(job, byName.get(job.problem), specs.get(job.suggester));
      runs.push(result);
      report(result);
      // Let progress output and signals through between runs.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const results: ResultRow[] = [];
  for (const problem of problems) {
    for (const s of suggesters) {
      const mine = runs.filter((r) => r.problem === problem.name && r.suggester === suggesterName(s));
      results.push(summarise(problem, suggesterName(s), mine));
    }
  }

  let latency: LatencyRow[] = [];
  if (options.latency !== false) {
    const choice = options.latency?.suggester ?? (suggesters.some((s) => suggesterName(s) === 'scoot') ? 'scoot' : suggesters[0]);
    const spec = specOf(choice);
    latency = measureLatency((problem) => spec.create(problem, 0, evaluations), options.latency || {}, (row) => options.onProgress?.({ kind: 'latency', row }));
  }
  return { results, latency, runs, evaluations, q };
}

export function summarise(problem: TestProblem, suggester: string, runs: readonly RunResult[]): ResultRow {
  const ok = runs.filter((r) => !r.error);
  const values = ok.map((r) => r.value);
  const afterDesign = ok.reduce((n, r) => n + r.afterDesign, 0);
  const infeasible = ok.reduce((n, r) => n + r.infeasibleAfterDesign, 0);
  return {
    problem: problem.name,
    suggester,
    metric: metricOf(problem),
    median: median(values),
    p25: percentile(values, 25),
    p75: percentile(values, 75),
    infeasibleFraction: afterDesign > 0 ? infeasible / afterDesign : 0,
    seeds: ok.length,
    failures: runs.length - ok.length,
    best: problem.objectives === 1 ? problem.optimalValue : problem.maxHypervolume,
    suggestSecondsMedian: median(ok.map((r) => r.suggestSecondsMedian)),
  };
}
