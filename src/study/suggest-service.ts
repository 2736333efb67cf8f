// Suggestions are computed off the study's event loop: a suggestion can take a second of solid CPU,
// and the stress tests of trials still running measure latency on that same loop. The worker thread
// rebuilds the problem from its plain-data definition; suggesters are deterministic, so the thread
// and the in-process fallback give the same answer.

import { Worker } from 'node:worker_threads';
import { createSuggester, type SuggesterName } from '../core/suggesters/index.js';
import type { SuggestRequest, Suggestion } from '../core/types.js';
import { buildProblem, type ProblemDefinition } from './problem-definition.js';

export interface SuggestJob {
  definition: ProblemDefinition;
  algorithm: SuggesterName;
  seed: number;
  request: SuggestRequest;
}

export interface SuggestService {
  suggest(job: SuggestJob): Promise<Suggestion[]>;
  close(): Promise<void>;
}

export function suggestNow(job: SuggestJob): Suggestion[] {
  return createSuggester(job.algorithm, buildProblem(job.definition), job.seed).suggest(job.request);
}

export function inProcessSuggestService(): SuggestService {
  return {
    suggest: async (job) => suggestNow(job),
    close: async () => undefined,
  };
}

/** Marks a worker started by threadSuggestService, so the bundle's entry knows to serve suggestions. */
export const SUGGEST_WORKER_FLAG = 'scoot-suggest-worker';

type Reply = { id: number; suggestions: Suggestion[] } | { id: number; error: string };

/**
 * A worker thread running `entryFile` (a bundle whose entry calls serveSuggestionsIfWorker()).
 * Falls back to in-process suggestion when the thread cannot be started.
 */
export function threadSuggestService(entryFile: string, execArgv: string[] = []): SuggestService {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (s: Suggestion[]) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    worker = undefined;
  };
  const ensure = (): Worker => {
    if (worker) return worker;
    const w = new Worker(entryFile, { workerData: { [SUGGEST_WORKER_FLAG]: true }, execArgv });
    w.on('message', (reply: Reply) => {
      const pending = waiting.get(reply.id);
      if (!pending) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) w.unref();
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.suggestions);
    });
    w.on('error', (e) => failAll(e));
    w.on('exit', (code) => failAll(new Error(`suggestion worker exited with code ${code}`)));
    worker = w;
    return w;
  };
  return {
    suggest(job) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const w = ensure();
        // Referenced only while a request is outstanding: an idle worker must not keep the process
        // alive, but a pending one must, or Node exits with the study half done.
        w.ref();
        w.postMessage({ id, job });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

/** Call at the top of a bundle's entry: when this thread is a suggestion worker, serve and return true. */
export async function serveSuggestionsIfWorker(): Promise<boolean> {
  const { isMainThread, parentPort, workerData } = await import('node:worker_threads');
  if (isMainThread || !parentPort || !(workerData as Record<string, unknown> | null)?.[SUGGEST_WORKER_FLAG]) return false;
  const port = parentPort;
  port.on('message', ({ id, job }: { id: number; job: SuggestJob }) => {
    try {
      port.postMessage({ id, suggestions: suggestNow(job) } satisfies Reply);
    } catch (e) {
      port.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
  return true;
}
