// Two trial slots sharing one GPU (target.slotsPerGpu: 2, budget.parallel: 2; issue 18's mechanics): from
// the trial records and each trial's engine log, whether two trials that ran at the same time ever
// shared a port, a log file or a process, what every failure was (timeouts, HTTP 400s, a crashed or
// killed engine), and how much slower the engine decoded than the same configuration alone on the GPU.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialRecord } from '../../src/protocol/study.js';
import { median } from '../../src/core/stats.js';

export interface SlotTrial {
  trial: number;
  slot: number;
  /** The port scoot gave the trial ("[scoot] trial T on slot S, port P"). */
  port?: number;
  /** The port the engine itself reports listening on. */
  listening?: number;
  pid?: number;
  log: string;
  /** Whether the log's own header names this trial (the log file is not another trial's). */
  logNamesTrial: boolean;
  startedAt: string;
  endedAt: string;
  status: TrialRecord['status'];
  reasonCode?: string;
  reason?: string;
  errorRate?: number;
  engineExit?: string;
  /** Requests the engine cancelled because the client gave up on them (timeouts). */
  cancelled: number;
  /** Requests refused for their length (HTTP 400 exceed_context_size_error). */
  tooLong: number;
  /** A crash line of the engine (GGML_ASSERT, CUDA error, out of memory, a signal). */
  crash?: string;
  decodeMsPerToken?: number;
  /** The same configuration alone on the GPU (single-GPU studies, same arrival seed). */
  alone?: { study: string; trial: number; decodeMsPerToken?: number; status: string; errorRate?: number; requestThroughput?: number };
  requestThroughput?: number;
  /** Trials that overlapped this one in time. */
  concurrentWith: number[];
}

export interface TwoSlotReport {
  trials: SlotTrial[];
  /** Pairs of concurrent trials and what they shared (empty lists when nothing). */
  overlaps: { a: number; b: number; seconds: number; sharedPort: boolean; sharedLog: boolean; sharedPid: boolean; sameSlot: boolean }[];
  /** True when no concurrent pair shared a port, log file, process or slot, and every engine listened on the port it was given. */
  isolated: boolean;
  /** Median over the trials with an alone counterpart of decode ms/token shared ÷ alone. */
  decodeSlowdown?: number;
}

const CRASH = /GGML_ASSERT|CUDA error|cudaMalloc failed|out of memory|Segmentation fault|core dumped|terminate called|killed by signal/i;

function parseLog(path: string, trial: number): Pick<SlotTrial, 'port' | 'listening' | 'pid' | 'logNamesTrial' | 'engineExit' | 'cancelled' | 'tooLong' | 'crash'> {
  const text = readFileSync(path, 'utf8');
  const assigned = /\[scoot\] trial (\d+) on slot (\d+), port (\d+)/.exec(text);
  const listening = /listening on http:\/\/[^:\s]+:(\d+)/.exec(text);
  const pid = /\[scoot\] pid (\d+):/.exec(text);
  const exit = /\[scoot\] engine (exited with code \d+|killed by signal \w+|exited[^\n]*)/.exec(text);
  const crash = text.split('\n').find((l) => CRASH.test(l) && !l.startsWith('[scoot] outcome'));
  return {
    ...(assigned ? { port: Number(assigned[3]) } : {}),
    ...(listening ? { listening: Number(listening[1]) } : {}),
    ...(pid ? { pid: Number(pid[1]) } : {}),
    logNamesTrial: assigned !== null && Number(assigned[1]) === trial,
    ...(exit ? { engineExit: exit[1] } : {}),
    cancelled: (text.match(/stop: cancel task/g) ?? []).length,
    // The request-level refusal, not the start-up warning "the slot context (N) exceeds the training context".
    tooLong: (text.match(/exceed_context_size_error|exceeds the available context size/g) ?? []).length,
    ...(crash ? { crash: crash.trim().slice(0, 200) } : {}),
  };
}

const sameParams = (a: TrialRecord['params'], b: TrialRecord['params']) =>
  Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => a[k] === b[k]);

/**
 * `alone`: the single-GPU studies' records (same engine, workload and arrival seed), where the same
 * configurations ran one at a time.
 */
export function twoSlotReport(studyDir: string, records: readonly TrialRecord[], alone: readonly { study: string; records: readonly TrialRecord[] }[]): TwoSlotReport {
  const tuning = records.filter((r) => r.source !== 'robustness').sort((a, b) => a.trial - b.trial);
  const trials: SlotTrial[] = tuning.map((r) => {
    const log = join(studyDir, 'logs', `${r.trial}.log`);
    const fromLog = existsSync(log) ? parseLog(log, r.trial) : { logNamesTrial: false, cancelled: 0, tooLong: 0 };
    const twin = alone.flatMap((s) => s.records.filter((a) => a.source !== 'robustness' && sameParams(a.params, r.params)).map((a) => ({ study: s.study, a })))[0];
    return {
      trial: r.trial, slot: r.slot ?? 0, log: `logs/${r.trial}.log`, ...fromLog,
      startedAt: r.startedAt, endedAt: r.endedAt, status: r.status,
      ...(r.reasonCode ? { reasonCode: r.reasonCode } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.metrics?.error_rate !== undefined ? { errorRate: r.metrics.error_rate } : {}),
      ...(r.engineMetrics?.decode_ms_per_token !== undefined ? { decodeMsPerToken: r.engineMetrics.decode_ms_per_token } : {}),
      ...(r.metrics?.request_throughput !== undefined ? { requestThroughput: r.metrics.request_throughput } : {}),
      ...(twin
        ? {
            alone: {
              study: twin.study, trial: twin.a.trial, status: twin.a.status,
              ...(twin.a.engineMetrics?.decode_ms_per_token !== undefined ? { decodeMsPerToken: twin.a.engineMetrics.decode_ms_per_token } : {}),
              ...(twin.a.metrics?.error_rate !== undefined ? { errorRate: twin.a.metrics.error_rate } : {}),
              ...(twin.a.metrics?.request_throughput !== undefined ? { requestThroughput: twin.a.metrics.request_throughput } : {}),
            },
          }
        : {}),
      concurrentWith: [],
    };
  });
  // A directory listing is the other half of "no shared log file": one file per trial, no extra ones.
  const logFiles = existsSync(join(studyDir, 'logs')) ? readdirSync(join(studyDir, 'logs')) : [];
  const overlaps: TwoSlotReport['overlaps'] = [];
  for (let i = 0; i < trials.length; i++) {
    for (let k = i + 1; k < trials.length; k++) {
      const a = trials[i];
      const b = trials[k];
      const seconds = (Math.min(Date.parse(a.endedAt), Date.parse(b.endedAt)) - Math.max(Date.parse(a.startedAt), Date.parse(b.startedAt))) / 1000;
      if (seconds <= 0) continue;
      a.concurrentWith.push(b.trial);
      b.concurrentWith.push(a.trial);
      overlaps.push({
        a: a.trial, b: b.trial, seconds,
        sharedPort: a.port === undefined || a.port === b.port || a.listening === b.listening,
        sharedLog: a.log === b.log || !a.logNamesTrial || !b.logNamesTrial,
        sharedPid: a.pid === undefined || a.pid === b.pid,
        sameSlot: a.slot === b.slot,
      });
    }
  }
  const isolated =
    overlaps.every((o) => !o.sharedPort && !o.sharedLog && !o.sharedPid && !o.sameSlot) &&
    trials.every((t) => t.port !== undefined && t.port === t.listening) &&
    logFiles.length === trials.length;
  const ratios = trials.flatMap((t) => (t.decodeMsPerToken !== undefined && t.alone?.decodeMsPerToken ? [t.decodeMsPerToken / t.alone.decodeMsPerToken] : []));
  return { trials, overlaps, isolated, ...(ratios.length > 0 ? { decodeSlowdown: median(ratios) } : {}) };
}
