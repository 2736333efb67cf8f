// Suggestions, and the recommendation (which fits a GP per objective), are computed off the study's
// event loop: either can take a second of solid CPU, and the stress tests of trials still running
// measure latency on that same loop. The worker thread rebuilds the problem from its plain-data
// definition; suggesters and the recommendation are deterministic, so the thread and the in-process
// fallback give the same answer.

import { Worker } from 'node:worker_threads';
import { imputeCensored } from '../core/censored.js';
import { checkConvergence, type ConvergenceDecision, type ConvergenceSettings } from '../core/convergence.js';
import { createSuggester, type SuggesterName } from '../core/suggesters/index.js';
import type { Observation, SuggestRequest, Suggestion } from '../core/types.js';
import { buildProblem, type ProblemDefinition } from './problem-definition.js';
import { studyRecommendation, type RecommendJob, type StudyRecommendation } from './recommendation.js';

export interface SuggestJob {
  definition: ProblemDefinition;
  algorithm: SuggesterName;
  seed: number;
  request: SuggestRequest;
}

/** Has the study converged (budget.convergence)? Asked off the event loop too: the regret bound fits a GP. */
export interface ConvergenceJob {
  definition: ProblemDefinition;
  seed: number;
  history: readonly Observation[];
  settings: ConvergenceSettings;
}

export interface SuggestService {
  suggest(job: SuggestJob): Promise<Suggestion[]>;
  converged(job: ConvergenceJob): Promise<ConvergenceDecision | undefined>;
  /** The configuration(s) the study would apply now (recommendation.ts). */
  recommend(job: RecommendJob): Promise<StudyRecommendation>;
  close(): Promise<void>;
}

/** Censored observations (trials stopped early) are imputed here, so no suggester ever sees a bound as a value. */
export function suggestNow(job: SuggestJob): Suggestion[] {
  const problem = buildProblem(job.definition);
  const history = imputeCensored(problem, job.request.history, { seed: job.seed });
  return createSuggester(job.algorithm, problem, job.seed).suggest({ ...job.request, history });
}

export function convergedNow(job: ConvergenceJob): ConvergenceDecision | undefined {
  const problem = buildProblem(job.definition);
  return checkConvergence(problem, imputeCensored(problem, job.history, { seed: job.seed }), job.settings, job.seed);
}

export function inProcessSuggestService(): SuggestService {
  return {
    suggest: async (job) => suggestNow(job),
    converged: async (job) => convergedNow(job),
    recommend: async (job) => studyRecommendation(job),
    close: async () => undefined,
  };
}

/** Marks a worker started by threadSuggestService, so the bundle's entry knows to serve suggestions. */
export const SUGGEST_WORKER_FLAG = 'scoot-suggest-worker';

type Request = { id: number; job: SuggestJob } | { id: number; convergence: ConvergenceJob } | { id: number; recommend: RecommendJob };
type Reply =
  | { id: number; suggestions: Suggestion[] }
  | { id: number; converged: ConvergenceDecision | null }
  | { id: number; recommendation: StudyRecommendation }
  | { id: number; error: string };
type Answer = Suggestion[] | ConvergenceDecision | StudyRecommendation | undefined;

/**
 * A worker thread running `entryFile` (a bundle whose entry calls serveSuggestionsIfWorker()).
 * Falls back to in-process suggestion when the thread cannot be started.
 */
export function threadSuggestService(entryFile: string, execArgv: string[] = []): SuggestService {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
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
      else if ('suggestions' in reply) pending.resolve(reply.suggestions);
      else if ('recommendation' in reply) pending.resolve(reply.recommendation);
      else pending.resolve(reply.converged ?? undefined);
    });
    w.on('error', (e) => failAll(e));
    w.on('exit', (code) => failAll(new Error(`suggestion worker exited with code ${code}`)));
    worker = w;
    return w;
  };
  const ask = (request: Request): Promise<Answer> =>
    new Promise((resolve, reject) => {
      waiting.set(request.id, { resolve, reject });
      const w = ensure();
      // Referenced only while a request is outstanding: an idle worker must not keep the process
      // alive, but a pending one must, or Node exits with the study half done.
      w.ref();
      w.postMessage(request);
    });
  return {
    async suggest(job) {
      return (await ask({ id: nextId++, job })) as Suggestion[];
    },
    async converged(job) {
      return (await ask({ id: nextId++, convergence: job })) as ConvergenceDecision | undefined;
    },
    async recommend(job) {
      return (await ask({ id: nextId++, recommend: job })) as StudyRecommendation;
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
  port.on('message', (request: Request) => {
    const { id } = request;
    try {
      if ('job' in request) port.postMessage({ id, suggestions: suggestNow(request.job) } satisfies Reply);
      else if ('recommend' in request) port.postMessage({ id, recommendation: studyRecommendation(request.recommend) } satisfies Reply);
      else port.postMessage({ id, converged: convergedNow(request.convergence) ?? null } satisfies Reply);
    } catch (e) {
      port.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
  return true;
}
