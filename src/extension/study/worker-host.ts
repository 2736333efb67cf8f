// The extension's side of the study worker (no vscode here, so node:test drives it): starts
// dist/worker.js as a worker_threads Worker for one study, relays its events, and takes it down.
// Shutting down asks the worker to SIGKILL its engines synchronously; if it does not answer in time,
// the host kills the engine process groups the worker last reported, then terminates the thread.

import { Worker } from 'node:worker_threads';
import type { StudyEvent } from '../../study/events.js';
import { releaseLockOfThread } from '../../study/study-lock.js';
import type { HostToWorker, StartStudyRequest, WorkerError, WorkerToHost } from '../../worker/messages.js';
import type { StudyOutcome } from '../../worker/study-types.js';

export type StudyRunResult = { status: 'done'; outcome: StudyOutcome } | { status: 'failed'; error: WorkerError };

export interface StudyRunHandlers {
  onEvent(event: StudyEvent): void;
}

export interface WorkerHostOptions {
  /** The worker bundle (dist/worker.js). */
  workerFile: string;
  execArgv?: string[];
  /** The worker's environment (its engines inherit it). */
  env?: NodeJS.ProcessEnv;
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export class StudyRun {
  readonly done: Promise<StudyRunResult>;
  private readonly worker: Worker;
  private groups = new Set<number>();
  private finished = false;
  /** The study's folder, once the worker has said (its lock is released here if the worker dies holding it). */
  private studyDir: string | undefined;
  private killedWaiter: (() => void) | undefined;

  constructor(options: WorkerHostOptions, request: StartStudyRequest, handlers: StudyRunHandlers) {
    this.worker = new Worker(options.workerFile, { execArgv: options.execArgv ?? [], env: options.env ?? process.env, stdout: false, stderr: false });
    const thread = this.worker.threadId;
    // A worker terminated or crashed mid-study never runs its own release; its lock must not outlive it.
    this.worker.on('exit', () => {
      if (this.studyDir !== undefined) releaseLockOfThread(this.studyDir, thread);
    });
    this.done = new Promise<StudyRunResult>((resolve) => {
      const settle = (result: StudyRunResult) => {
        if (this.finished) return;
        this.finished = true;
        resolve(result);
      };
      this.worker.on('message', (message: WorkerToHost) => {
        switch (message.type) {
          case 'event':
            if (message.event.type === 'started') this.studyDir = message.event.snapshot.studyDir;
            handlers.onEvent(message.event);
            break;
          case 'processes':
            this.groups = new Set(message.groups);
            break;
          case 'done':
            settle({ status: 'done', outcome: message.outcome });
            void this.worker.terminate();
            break;
          case 'failed':
            settle({ status: 'failed', error: message.error });
            void this.worker.terminate();
            break;
          case 'killed':
            this.groups.clear();
            this.killedWaiter?.();
            break;
        }
      });
      this.worker.on('error', (e) => settle({ status: 'failed', error: { name: 'WorkerError', message: `the study worker crashed: ${e.message}` } }));
      this.worker.on('exit', (code) => settle({ status: 'failed', error: { name: 'WorkerError', message: `the study worker exited (code ${code}) before the study ended` } }));
    });
    this.post({ type: 'start', request });
  }

  private post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }

  get running(): boolean {
    return !this.finished;
  }

  /** Engine process groups the worker last reported alive. */
  get processGroups(): number[] {
    return [...this.groups];
  }

  /** Stop the study: running trials' engines are shut down cleanly; `done` resolves with status "stopped". */
  stop(): void {
    if (!this.finished) this.post({ type: 'stop' });
  }

  /** Kill everything now (engines first, then the thread). Waits at most `timeoutMs` for the worker's answer. */
  async dispose(timeoutMs = 1500): Promise<void> {
    if (!this.finished) {
      const answered = new Promise<void>((resolve) => {
        this.killedWaiter = resolve;
      });
      this.post({ type: 'kill' });
      await Promise.race([answered, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    }
    this.killSync();
    await this.worker.terminate();
  }

  /** Last resort for process exit: SIGKILL the engine groups the worker reported, synchronously. */
  killSync(): void {
    for (const pgid of this.groups) killGroup(pgid);
    this.groups.clear();
  }
}
