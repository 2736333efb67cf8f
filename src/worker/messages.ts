// The messages between the extension host and the study worker thread (dist/worker.js), both ways.
// Plain data only: they cross a worker_threads port by structured clone.

import type { ConfigIssue } from '../study/load-config.js';
import type { StudyEvent } from '../study/events.js';
import type { StudyOutcome, StudyOverrides } from './study-types.js';

export interface StartStudyRequest {
  configPath: string;
  studyDir?: string;
  resume: boolean;
  overrides?: StudyOverrides;
  /** argv that runs the `scoot` CLI (for `scoot sim serve` engines). */
  scootCommand: string[];
}

export type HostToWorker =
  /** Run one study; the worker answers with events, then `done` or `failed`. */
  | { type: 'start'; request: StartStudyRequest }
  /** Stop after the running trials' engines are shut down cleanly (the study can be resumed). */
  | { type: 'stop' }
  /** SIGKILL every engine process group now, synchronously, then answer `killed`. */
  | { type: 'kill' };

/** An error as the extension needs it: its class name, message, and where in the config it points. */
export interface WorkerError {
  name: string;
  message: string;
  /** A UserError: its message says what to fix (shown as is), not a crash. */
  user?: boolean;
  /** ConfigError: every problem with its source range. */
  issues?: ConfigIssue[];
  /** A UserError that names a config field: its JSON path. */
  path?: (string | number)[];
}

export type WorkerToHost =
  | { type: 'event'; event: StudyEvent }
  /** Engine process groups alive right now, so the host can kill them itself if the worker hangs. */
  | { type: 'processes'; groups: number[] }
  | { type: 'done'; outcome: StudyOutcome }
  | { type: 'failed'; error: WorkerError }
  | { type: 'killed'; count: number };
