// `scoot bench optimizer [--json] [--problems a,b] [--suggesters x,y] [--seeds N] ...`: argument
// parsing and printing around the optimiser benchmark (core/benchmark/harness.ts), which knows
// nothing of a command line.

import { availableParallelism } from 'node:os';
import { BENCHMARK_PROBLEMS, createProblem } from '../../core/problems/index.js';
import { isSuggesterName, SUGGESTER_NAMES } from '../../core/suggesters/index.js';
import { DEFAULT_SUGGESTERS, runOptimizerBenchmark, type BenchmarkOptions } from '../../core/benchmark/harness.js';
import { isBenchmarkWorker, runBenchmarkWorker, type WorkerLaunch } from '../../core/benchmark/pool.js';
import { BenchmarkError } from '../../core/benchmark/run.js';
import { benchmarkJson, benchmarkTable } from '../bench-optimizer-format.js';

export const BENCHMARK_USAGE = `usage: scoot bench optimizer [options]
  --json                 print the results as one JSON object on the last stdout line
  --problems a,b         problems to run (default: ${BENCHMARK_PROBLEMS.join(', ')})
  --suggesters x,y       optimizers to compare (default: ${DEFAULT_SUGGESTERS.join(', ')}; also: ${SUGGESTER_NAMES.filter((s) => !DEFAULT_SUGGESTERS.includes(s)).join(', ')})
  --seeds N              runs per (problem, optimizer), seeds 0..N-1 (default 20)
  --evaluations N        evaluations per run (default 30)
  --q N                  suggestions per call (default 1)
  --workers N            parallel worker threads (default: the number of cores, at most 2)
  --no-latency           skip the suggest() latency measurement
  --quiet                no progress lines on stderr`;

export interface BenchmarkIo {
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /** How to start a worker thread; default: this process's script with `bench optimizer --worker`. */
  worker?: WorkerLaunch;
}

interface ParsedArgs {
  options: BenchmarkOptions;
  json: boolean;
  quiet: boolean;
  help: boolean;
  worker: boolean;
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) throw new BenchmarkError(`${flag} needs a positive integer, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return n;
}

function list(flag: string, value: string | undefined): string[] {
  const items = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new BenchmarkError(`${flag} needs a comma-separated list`);
  return items;
}

export function parseBenchmarkArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { options: {}, json: false, quiet: false, help: false, worker: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--json': parsed.json = true; break;
      case '--quiet': parsed.quiet = true; break;
      case '--help': case '-h': parsed.help = true; break;
      case '--worker': parsed.worker = true; break;
      case '--no-latency': parsed.options.latency = false; break;
      case '--seeds': parsed.options.seeds = positiveInt(flag, value()); break;
      case '--evaluations': parsed.options.evaluations = positiveInt(flag, value()); break;
      case '--q': parsed.options.q = positiveInt(flag, value()); break;
      case '--workers': parsed.options.workers = positiveInt(flag, value()); break;
      case '--problems': {
        const names = list(flag, value());
        for (const n of names) createProblem(n);
        parsed.options.problems = names;
        break;
      }
      case '--suggesters': {
        const names = list(flag, value());
        for (const n of names) if (!isSuggesterName(n)) throw new BenchmarkError(`unknown optimizer "${n}"; choose from ${SUGGESTER_NAMES.join(', ')}`);
        parsed.options.suggesters = names;
        break;
      }
      default:
        throw new BenchmarkError(`unknown option "${arg}" (see --help)`);
    }
  }
  return parsed;
}

/** Runs the benchmark for the CLI; returns the exit code (0 ok, 1 some runs failed, 2 bad arguments). */
export async function benchOptimizerCommand(argv: readonly string[], io: BenchmarkIo = {}): Promise<number> {
  const out = io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  let args: ParsedArgs;
  try {
    args = parseBenchmarkArgs(argv);
  } catch (e) {
    err(`scoot bench optimizer: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  if (args.worker) {
    if (!isBenchmarkWorker()) {
      err('scoot bench optimizer: --worker is internal (used by the benchmark\'s own worker threads)');
      return 2;
    }
    await runBenchmarkWorker();
    return 0;
  }
  if (args.help) {
    out(BENCHMARK_USAGE);
    return 0;
  }
  const entry = process.argv[1];
  const worker = io.worker ?? (entry ? { entry, argv: ['bench', 'optimizer', '--worker'] } : undefined);
  const options: BenchmarkOptions = {
    ...args.options,
    workers: worker ? (args.options.workers ?? Math.min(2, availableParallelism())) : 1,
    worker,
    onProgress: args.quiet
      ? undefined
      : (event) => {
          if (event.kind === 'run') {
            const r = event.result;
            const what = r.error ? `FAILED: ${r.error}` : `${r.metric} ${Number.isFinite(r.value) ? r.value.toPrecision(4) : r.value}, ${r.suggestSecondsTotal.toFixed(1)} s suggesting`;
            err(`[${event.done}/${event.total}] ${r.problem} ${r.suggester} seed ${r.seed}: ${what}`);
          } else {
            err(`latency n=${event.row.n} d=${event.row.d} q=${event.row.q}: ${event.row.medianSeconds.toFixed(3)} s`);
          }
        },
  };
  try {
    const report = await runOptimizerBenchmark(options);
    out(benchmarkTable(report));
    if (args.json) out(benchmarkJson(report));
    const failed = report.runs.filter((r) => r.error);
    if (failed.length) {
      err(`scoot bench optimizer: ${failed.length} run(s) failed, first: ${failed[0].problem} ${failed[0].suggester} seed ${failed[0].seed}: ${failed[0].error}`);
      return 1;
    }
    return 0;
  } catch (e) {
    err(`scoot bench optimizer: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof BenchmarkError ? 2 : 1;
  }
}
