// One study at a time, run in the worker and fanned out to what shows it: the status bar, the
// engine terminal, the panel and the log. Knows nothing of vscode: the sinks are small interfaces,
// the worker host is injected, so the whole flow is tested in node.

import type { HostToPanel } from '../../protocol/webview.js';
import type { StudySnapshot, TrialPhase } from '../../protocol/study.js';
import type { StudyEvent } from '../../study/events.js';
import type { StartStudyRequest } from '../../worker/messages.js';
import { SnapshotState } from './snapshot-state.js';
import { statusText, type StatusText } from './status-text.js';
import { TerminalFormatter } from './terminal-format.js';
import type { StudyRunResult, StudyRunHandlers } from './worker-host.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SessionSinks {
  status: { show(text: StatusText): void };
  /** The engine terminal for a study (created or reused by name). */
  terminal(study: string): { write(text: string): void };
  panel: { post(message: HostToPanel): void };
  log: Logger;
  /** Running / not running (a context key for menus). */
  runningChanged(running: boolean): void;
}

/** What the session needs of a worker run (StudyRun, or a fake in tests). */
export interface Run {
  readonly done: Promise<StudyRunResult>;
  stop(): void;
  dispose(): Promise<void>;
  killSync(): void;
}

export type RunFactory = (request: StartStudyRequest, handlers: StudyRunHandlers) => Run;

export interface StartedStudy {
  /** Resolves when the first trial has finished (or the study ended first): the end of "starting". */
  firstTrial: Promise<void>;
  /** Progress of the first trial, for the notification: "launching the engine", ... */
  onPhase(listener: (text: string) => void): void;
  done: Promise<StudyRunResult>;
  configPath: string;
}

const PHASE_TEXT: Record<TrialPhase, string> = {
  queued: 'waiting in the Slurm queue',
  launching: 'launching the engine',
  'waiting-ready': 'waiting for the engine to load the model',
  warmup: 'warming up',
  load: 'replaying the workload',
  stopping: 'stopping the engine',
};

export class StudySession {
  private run: Run | undefined;
  private readonly state = new SnapshotState();
  private formatter = new TerminalFormatter();
  private current: { configPath: string; terminal?: { write(text: string): void } } | undefined;

  constructor(
    private readonly createRun: RunFactory,
    private readonly sinks: SessionSinks,
    private readonly scootCommand: string[],
    private readonly now: () => number = Date.now,
  ) {}

  get active(): boolean {
    return this.run !== undefined;
  }

  /** The config of the study running (or last run) in this window. */
  get configPath(): string | undefined {
    return this.current?.configPath;
  }

  get snapshot(): StudySnapshot | undefined {
    return this.state.snapshot;
  }

  start(request: { configPath: string; resume: boolean; studyDir?: string }): StartedStudy {
    if (this.run) throw new Error('a study is already running');
    let firstDone: () => void = () => undefined;
    const firstTrial = new Promise<void>((r) => (firstDone = r));
    const phaseListeners: ((text: string) => void)[] = [];
    this.formatter = new TerminalFormatter();
    this.current = { configPath: request.configPath };
    const handlers: StudyRunHandlers = {
      onEvent: (event) => {
        this.onEvent(event);
        if (event.type === 'trial-finished' || event.type === 'finished') firstDone();
        if (event.type === 'trial-phase') for (const l of phaseListeners) l(`trial ${event.trial}: ${PHASE_TEXT[event.phase]}`);
        if (event.type === 'trial-started') for (const l of phaseListeners) l(`trial ${event.running.trial}: starting`);
      },
    };
    const run = this.createRun({ configPath: request.configPath, resume: request.resume, ...(request.studyDir ? { studyDir: request.studyDir } : {}), scootCommand: this.scootCommand }, handlers);
    this.run = run;
    this.sinks.runningChanged(true);
    this.sinks.log.info(`${request.resume ? 'resuming' : 'starting'} the study of ${request.configPath}`);
    const done = run.done.then((result) => {
      firstDone();
      if (this.run === run) {
        this.run = undefined;
        this.sinks.runningChanged(false);
      }
      if (result.status === 'failed') {
        this.sinks.log.error(`${result.error.name}: ${result.error.message}`);
        const s = this.state.snapshot;
        if (s && (s.status === 'running' || s.status === 'stopping')) this.publish(this.state.apply({ type: 'finished', status: 'failed', summary: s.summary ?? emptySummary(s), error: result.error.message }, this.now()));
      }
      return result;
    });
    return { firstTrial, onPhase: (l) => phaseListeners.push(l), done, configPath: request.configPath };
  }

  stop(): void {
    if (!this.run) return;
    this.sinks.log.info('stopping the study: the running trials are being shut down');
    this.publish(this.state.stopping(this.now()));
    this.run.stop();
  }

  /** Kill everything (deactivation). */
  async dispose(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    if (run) await run.dispose();
  }

  killSync(): void {
    this.run?.killSync();
  }

  private publish(messages: HostToPanel[]): void {
    for (const m of messages) this.sinks.panel.post(m);
    const s = this.state.snapshot;
    if (s && messages.length) this.sinks.status.show(statusText(s));
  }

  private onEvent(event: StudyEvent): void {
    if (event.type === 'started') this.current = { configPath: this.current?.configPath ?? '', terminal: this.sinks.terminal(event.snapshot.study) };
    this.publish(this.state.apply(event, this.now()));
    const text = this.formatter.format(event);
    if (text) this.current?.terminal?.write(text);
    switch (event.type) {
      case 'log':
        this.sinks.log[event.level](event.message);
        break;
      case 'trial-finished': {
        const r = event.record;
        const line = `trial ${r.trial} (${r.source}) ${r.status}${r.reason ? `: ${r.reason}` : ''}${r.metrics ? ` ${JSON.stringify(r.metrics)}` : ''}`;
        if (r.status === 'ok') this.sinks.log.info(line);
        else this.sinks.log.warn(line);
        break;
      }
      case 'finished':
        if (event.error) this.sinks.log.error(`study ${event.status}: ${event.error}`);
        else this.sinks.log.info(`study ${event.status} after ${event.summary.evaluated} trials`);
        break;
      default:
        break;
    }
  }
}

function emptySummary(s: StudySnapshot) {
  return { study: s.study, engine: s.engine, objectives: s.objectives, evaluated: s.trials.length, infeasible: 0, budget: s.budget, pareto: [], robustness: [], wallSeconds: 0, suggestSeconds: 0 };
}
