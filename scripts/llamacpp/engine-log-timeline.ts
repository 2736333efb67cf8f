// A trial's per-request timeline rebuilt from llama-server's own log, for trials recorded before the
// client kept its per-request records (the H200 run of 2026-12-04). llama-server logs, per task, when a
// slot took it (`launch_slot_`), how long its prompt and its generation took (`print_timing`) and when
// it ended (`release`), on the server's clock (`M.SS.mmm.uuu` since it started). Task ids are handed
// out as requests arrive, so the k-th task by id after the warm-up is the k-th request of the arrival
// schedule (launch order is nearly the same, first in, first out, but two slots freed together may take
// two queued tasks in either order); the offset between the two clocks is the smallest launch-minus-arrival gap (a request is
// never launched before it arrives, and one that finds a free slot is launched within milliseconds).

import type { RequestRecord, ScheduledRequest } from '../../src/workload/index.js';

export interface EngineTask {
  task: number;
  /** Seconds on the server's clock. */
  launchSec: number;
  releaseSec?: number;
  promptEvalMs?: number;
  promptTokens?: number;
  /** Generation time: from the first generated token to the release. */
  evalMs?: number;
  evalTokens?: number;
}

const STAMP = /^(\d+)\.(\d{2})\.(\d{3})\.(\d{3}) /;
const TASK = /\| task (\d+) \|/;

/** Seconds on the server's clock of a log line that starts with llama.cpp's timestamp. */
function stampSec(line: string): number | undefined {
  const m = STAMP.exec(line);
  return m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) / 1e3 + Number(m[4]) / 1e6 : undefined;
}

/** The tasks a llama-server log shows a slot taking, in the order they were taken. */
export function parseEngineLog(text: string): EngineTask[] {
  const tasks: EngineTask[] = [];
  const byId = new Map<number, EngineTask>();
  for (const line of text.split(/\r?\n/)) {
    const t = stampSec(line);
    const id = TASK.exec(line);
    if (t === undefined || !id) continue;
    const task = Number(id[1]);
    if (line.includes('launch_slot_:')) {
      const rec: EngineTask = { task, launchSec: t };
      tasks.push(rec);
      byId.set(task, rec);
      continue;
    }
    const rec = byId.get(task);
    if (!rec) continue;
    const timing = /(prompt eval|\beval) time =\s*([\d.]+) ms \/\s*(\d+) tokens/.exec(line);
    if (timing) {
      if (timing[1] === 'prompt eval') {
        rec.promptEvalMs = Number(timing[2]);
        rec.promptTokens = Number(timing[3]);
      } else {
        rec.evalMs = Number(timing[2]);
        rec.evalTokens = Number(timing[3]);
      }
    } else if (line.includes('release:')) rec.releaseSec = t;
  }
  return tasks;
}

export interface Timeline {
  /** One record per scheduled request, on the load's clock (ms since the load started), in schedule order. */
  records: RequestRecord[];
  /** Server-clock seconds at the load's start. */
  offsetSec: number;
  /** Tasks launched after the warm-up, against the schedule's length. */
  launched: number;
  /** Load tasks whose generated-token count differs from the request's (the requests ask for exactly that many). */
  tokenMismatches: number;
}

/**
 * Rebuilds the client's records of a load from the engine's log. End: the release. First token: the
 * start of generation, release minus the logged generation time. Launch + prompt eval time is not it:
 * without continuous batching a launched slot's prompt waits for the running slots to finish, and that
 * wait is in neither time (on the H200 run it put TPOT off by up to 8x). A request whose end lies beyond the
 * client's deadline is a timeout, ended at the deadline, as the client recorded it.
 */
export function rebuildTimeline(tasks: readonly EngineTask[], schedule: readonly ScheduledRequest[], warmupRequests: number, timeoutMs: number): Timeline {
  const load = [...tasks].sort((a, b) => a.task - b.task).slice(warmupRequests, warmupRequests + schedule.length);
  if (load.length === 0) throw new Error('the log has no task after the warm-up');
  let offsetSec = Infinity;
  load.forEach((t, k) => (offsetSec = Math.min(offsetSec, t.launchSec - schedule[k].time)));
  let tokenMismatches = 0;
  const records = schedule.map((s, k): RequestRecord => {
    const sendMs = s.time * 1000;
    const base = { index: k, scheduledMs: sendMs, sendMs, promptTokens: s.request.promptTokens, requestedOutputTokens: s.request.outputTokens };
    const t = load[k] as EngineTask | undefined;
    const deadline = sendMs + timeoutMs;
    const timeout = (chunkMs: number[]): RequestRecord => ({ ...base, chunkMs, endMs: deadline, outputTokens: chunkMs.length, ok: false, failure: { kind: 'timeout', message: `no response within ${timeoutMs} ms (rebuilt from the engine log)` } });
    if (!t || t.releaseSec === undefined) return timeout([]);
    if (t.evalTokens !== undefined && t.evalTokens !== s.request.outputTokens) tokenMismatches++;
    const toLoad = (sec: number): number => (sec - offsetSec) * 1000;
    const endMs = toLoad(t.releaseSec);
    const firstMs = t.evalMs !== undefined ? endMs - t.evalMs : toLoad(t.launchSec) + (t.promptEvalMs ?? 0);
    if (endMs > deadline) return timeout(firstMs <= deadline ? [firstMs] : []);
    return { ...base, chunkMs: [firstMs, endMs], endMs, outputTokens: t.evalTokens ?? s.request.outputTokens, ok: true };
  });
  return { records, offsetSec, launched: load.length, tokenMismatches };
}
