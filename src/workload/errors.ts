// Errors the workload layer raises for bad input. Each carries a one-line message that says what to fix,
// so the CLI can print `err.message` without a stack trace.

import { UserError } from '../protocol/user-error.js';
import type { RequestRecord } from './record.js';

export class WorkloadError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A trace file that is missing, unreadable or malformed; the message names the file (and line). */
export class TraceError extends WorkloadError {}

/** Inconsistent load options (rate, duration, burstiness, ...). */
export class LoadOptionsError extends WorkloadError {}

/** A /metrics endpoint that cannot be read or parsed. */
export class ScrapeError extends WorkloadError {}

/** Thrown by runLoad when its AbortSignal fires; `records` holds every request that was sent. */
export class LoadAbortedError extends WorkloadError {
  constructor(readonly records: RequestRecord[]) {
    super('load run aborted');
  }
}
