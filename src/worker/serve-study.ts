// The worker side: runs one study per `start`, streams its events, and answers `stop` (clean shutdown
// of the running trials) and `kill` (SIGKILL of every engine group, synchronously — the extension is
// going away and nothing asynchronous may still run).

import { ConfigError } from '../study/load-config.js';
import { UserError } from '../protocol/user-error.js';
import { startStudy } from '../study/start-study.js';
import { killAllSync, liveProcessGroups } from '../runner/local-process.js';
import type { HostToWorker, WorkerError, WorkerToHost } from './messages.js';

export interface Port {
  on(event: 'message', listener: (message: HostToWorker) => void): unknown;
  postMessage(message: WorkerToHost): void;
}

export function toWorkerError(e: unknown): WorkerError {
  if (e instanceof ConfigError) return { name: e.name, message: e.message, user: true, issues: e.issues };
  if (e instanceof UserError) return { name: e.name, message: e.message, user: true, ...(e.path !== undefined ? { path: [...e.path] } : {}) };
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, user: false };
}

/** entryFile/execArgv: this bundle, which also serves suggestions in a nested worker. */
export function serveStudy(port: Port, entryFile: string, execArgv: string[]): void {
  let controller: AbortController | undefined;
  const post = (m: WorkerToHost) => port.postMessage(m);
  const reportProcesses = () => post({ type: 'processes', groups: liveProcessGroups() });
  port.on('message', (message) => {
    switch (message.type) {
      case 'start': {
        if (controller) {
          post({ type: 'failed', error: { name: 'StudyError', message: 'a study is already running in this worker' } });
          return;
        }
        const ac = new AbortController();
        controller = ac;
        const r = message.request;
        startStudy({
          configPath: r.configPath,
          ...(r.studyDir ? { studyDir: r.studyDir } : {}),
          resume: r.resume,
          ...(r.overrides ? { overrides: r.overrides } : {}),
          host: { scootCommand: r.scootCommand, label: 'VS Code (SCOOT extension)', suggestWorker: { entryFile, execArgv } },
          signal: ac.signal,
          onEvent: (event) => {
            post({ type: 'event', event });
            if (event.type === 'trial-phase' || event.type === 'trial-finished') reportProcesses();
          },
        })
          .then((outcome) => post({ type: 'done', outcome }))
          .catch((e: unknown) => post({ type: 'failed', error: toWorkerError(e) }))
          .finally(() => {
            controller = undefined;
            reportProcesses();
          });
        return;
      }
      case 'stop':
        controller?.abort();
        return;
      case 'kill': {
        const count = killAllSync();
        controller?.abort();
        post({ type: 'killed', count });
        return;
      }
    }
  });
}
