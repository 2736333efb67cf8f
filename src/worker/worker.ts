// dist/worker.js: the study worker thread the extension starts (and, inside it, the suggestion worker
// the study starts on this same bundle). Runs nothing when started outside a worker thread.

import { setPriority } from 'node:os';
import { isMainThread, parentPort } from 'node:worker_threads';
import { serveSuggestionsIfWorker } from '../study/suggest-service.js';
import { serveStudy } from './serve-study.js';

async function main(): Promise<void> {
  if (await serveSuggestionsIfWorker()) {
    // Suggestions are seconds of solid CPU whose latency nobody waits on; on Linux the nice value is per
    // thread, so this yields the cores to the editor's own thread (and the trials' load generator) first.
    try {
      setPriority(10);
    } catch {
      // not permitted here: run at normal priority
    }
    return;
  }
  if (isMainThread || !parentPort) {
    process.stderr.write('worker.js runs inside the SCOOT extension as a worker thread; use the `scoot` CLI instead\n');
    process.exitCode = 2;
    return;
  }
  serveStudy(parentPort, __filename, process.execArgv);
}

void main();
