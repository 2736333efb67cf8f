// Runs named jobs on worker threads (the machine's cores), one job per worker at a time. Only plain
// data crosses the thread boundary: a job names its problem and suggester, the worker builds them.
//
// A worker is started from `entry`: a built script (e.g. dist/cli.js) is started with `argv`, which
// must route it to runBenchmarkWorker() (`scoot bench optimizer --worker` does); a .ts source file
// (tests, tsx development runs) is loaded through tsx's require hook.

import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { runJob, type JobSpec, type RunResult } from './job.js';
import { BenchmarkError } from './run.js';

/** A worker thread died or could not start: a setup problem, not bad benchmark arguments. */
export class BenchmarkWorkerError extends Error {}

export interface WorkerLaunch {
  entry: string;
  argv?: readonly string[];
}

type ToWorker = { type: 'job'; id: number; job: JobSpec };
type FromWorker = { type: 'result'; id: number; result: RunResult };

function startWorker(launch: WorkerLaunch): Worker {
  const argv = [...(launch.argv ?? [])];
  if (launch.entry.endsWith('.ts')) {
    const code = `require('tsx/cjs/api').register(); require(${JSON.stringify(launch.entry)});`;
    return new Worker(code, { eval: true, argv });
  }
  return new Worker(launch.entry, { argv });
}

/** Runs jobs on `workers` threads; results come back in job order, onResult fires as each finishes. */
export async function runJobsOnWorkers(jobs: readonly JobSpec[], workers: number, launch: WorkerLaunch, onResult?: (r: RunResult) => void): Promise<RunResult[]> {
  const results = new Array<RunResult>(jobs.length);
  let nextJob = 0;
  let finished = 0;
  const threads = Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, () => startWorker(launch));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (nextJob >= jobs.length) return resolve();
              const id = nextJob++;
              const message: ToWorker = { type: 'job', id, job: jobs[id] };
              thread.postMessage(message);
            };
            thread.on('message', (m: FromWorker) => {
              if (m.type !== 'result') return;
              results[m.id] = m.result;
              finished++;
              onResult?.(m.result);
              feed();
            });
            thread.on('error', (e) => reject(new BenchmarkWorkerError(`benchmark worker failed: ${e.message}`)));
            thread.on('exit', (code) => {
              if (finished < jobs.length) reject(new BenchmarkWorkerError(`benchmark worker exited early (code ${code}); is ${launch.entry} routing \`${(launch.argv ?? []).join(' ')}\` to runBenchmarkWorker()?`));
            });
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return results;
}

/** True inside a thread started by runJobsOnWorkers. */
export function isBenchmarkWorker(): boolean {
  return !isMainThread && parentPort !== null;
}

/** The worker side: run each job sent and post its result; resolves when the parent goes away. */
export function runBenchmarkWorker(): Promise<void> {
  const port = parentPort;
  if (isMainThread || !port) return Promise.reject(new BenchmarkError('--worker is internal to `scoot bench optimizer`'));
  return new Promise((resolve) => {
    port.on('message', (m: ToWorker) => {
      if (m.type !== 'job') return;
      const reply: FromWorker = { type: 'result', id: m.id, result: runJob(m.job) };
      port.postMessage(reply);
    });
    port.on('close', () => resolve());
  });
}
