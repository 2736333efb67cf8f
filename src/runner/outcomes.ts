// How a trial's end becomes a TrialOutcome with a one-line reason. The engine's log has the details;
// the reason says what happened and quotes the one log line that explains it.

import type { FailureClassification } from '../engines/preset.js';
import type { Metrics } from '../protocol/study.js';
import { describeExit, type ExitInfo } from './exit-info.js';
import { clipLine, engineLines, lastMeaningfulLine } from './output-tail.js';
import type { TrialOutcome } from './types.js';

// A Python exception line: "RuntimeError: ...", "torch.OutOfMemoryError: ...", "ValueError".
const EXCEPTION_LINE = /^([A-Za-z_]\w*\.)*[A-Za-z_]\w*(Error|Exception)\b(:|$)/;

/** The last Python exception line of the tail, if any: what a traceback is about. */
export function lastExceptionLine(tail: readonly string[]): string | undefined {
  for (let i = tail.length - 1; i >= 0; i--) if (EXCEPTION_LINE.test(tail[i].trim())) return clipLine(tail[i]);
  return undefined;
}

/**
 * The log line that explains a failure: the one a specific pattern matched; for a generic crash (the
 * pattern matched "Traceback ...") or no match, the last exception line, else the last line printed.
 */
export function explainingLine(classified: FailureClassification | undefined, tail: readonly string[]): string {
  if (classified && classified.reason !== 'crash') return clipLine(classified.line);
  return lastExceptionLine(engineLines(tail)) ?? (classified ? clipLine(classified.line) : undefined) ?? lastMeaningfulLine(tail) ?? 'no output';
}

/** The log's last line about a trial: "outcome: infeasible (crash-under-load): engine exited ...". */
export function describeOutcome(outcome: TrialOutcome): string {
  const code = outcome.reasonCode ? ` (${outcome.reasonCode})` : '';
  const why = outcome.status === 'ok' ? '' : `: ${outcome.reason ?? 'no reason given'}`;
  return `outcome: ${outcome.status}${code}${why}`;
}

export function cancelledOutcome(): TrialOutcome {
  return { status: 'error', reason: 'cancelled', reasonCode: 'cancelled' };
}

/**
 * The engine exited before it answered its health check. A port taken by someone else between our
 * probe and its bind is not the configuration's fault: that is an error, not an infeasible point.
 */
export function startFailure(exit: ExitInfo, classified: FailureClassification | undefined, tail: readonly string[], startupSeconds: number): TrialOutcome {
  const reasonCode = classified && classified.reason !== 'crash' ? classified.reason : 'start-failed';
  return {
    status: reasonCode === 'address-in-use' ? 'error' : 'infeasible',
    reason: `engine ${describeExit(exit)} during start-up: ${explainingLine(classified, tail)}`,
    reasonCode,
    startupSeconds,
  };
}

export function startTimeout(timeoutSec: number, tail: readonly string[]): TrialOutcome {
  const last = lastMeaningfulLine(tail);
  return {
    status: 'infeasible',
    reason: `engine not ready within ${timeoutSec} s${last ? ` (last output: ${last})` : ' (no output)'}`,
    reasonCode: 'start-timeout',
    startupSeconds: timeoutSec,
  };
}

export function crashUnderLoad(
  exit: ExitInfo,
  phase: 'warm-up' | 'load test',
  classified: FailureClassification | undefined,
  tail: readonly string[],
  timing: { startupSeconds?: number; loadSeconds?: number },
): TrialOutcome {
  return {
    status: 'infeasible',
    reason: `engine ${describeExit(exit)} during the ${phase}: ${explainingLine(classified, tail)}`,
    reasonCode: 'crash-under-load',
    ...timing,
  };
}

export function hangOutcome(silentSec: number, timedOut: number, timing: { startupSeconds?: number; loadSeconds?: number }): TrialOutcome {
  return {
    status: 'infeasible',
    reason: `engine stopped answering: no request completed for ${round(silentSec)} s while ${timedOut} timed out`,
    reasonCode: 'hang',
    ...timing,
  };
}

export interface FailureCount {
  count: number;
  example: string;
}

/**
 * error_rate above the limit: names the dominant failure class and quotes one of its messages. When the
 * engine's own failure patterns recognise that message (llama.cpp's "exceeds the available context
 * size"), the reason code says what went wrong rather than only that requests failed.
 */
export function errorRateOutcome(
  errorRate: number,
  maxErrorRate: number,
  total: number,
  failures: Readonly<Record<string, FailureCount>>,
  metrics: Metrics,
  timing: { startupSeconds?: number; loadSeconds?: number },
  classified?: FailureClassification,
): TrialOutcome {
  const [kind, top] = Object.entries(failures).sort((a, b) => b[1].count - a[1].count)[0] ?? ['unknown', { count: 0, example: '' }];
  const failed = Math.round(errorRate * total);
  const example = top.example ? `: ${clipLine(top.example, 160)}` : '';
  return {
    status: 'infeasible',
    reason: `${pct(errorRate)} of requests failed (limit ${pct(maxErrorRate)}; ${failed} of ${total}), mostly ${kind} (${top.count})${example}`,
    reasonCode: classified && classified.reason !== 'crash' ? classified.reason : 'error-rate',
    metrics,
    ...timing,
  };
}

/** Metrics fit to store: a metric without data (NaN) is left out rather than written as null. */
export function finiteMetrics(metrics: Readonly<Record<string, number>>): Metrics {
  const out: Metrics = {};
  for (const [k, v] of Object.entries(metrics)) if (Number.isFinite(v)) out[k] = v;
  return out;
}

function pct(x: number): string {
  return `${Number((x * 100).toPrecision(3))}%`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
