// What the client observed for one request. Times are milliseconds on a monotonic clock
// (performance.now()), relative to the start of the load run.

export type FailureKind =
  | 'refused' // ECONNREFUSED: nothing listening
  | 'reset' // ECONNRESET / socket hang up / connection closed mid-response
  | 'http' // HTTP status >= 400, or an error object inside the stream
  | 'timeout' // the per-request deadline passed
  | 'truncated' // the stream ended without [DONE], without any token, or short of max_tokens with ignore_eos
  | 'aborted' // the run's AbortSignal fired while the request was open
  | 'network'; // any other socket error (EHOSTUNREACH, ENOTFOUND, EPIPE, ...)

export interface RequestFailure {
  kind: FailureKind;
  message: string;
  /** HTTP status, for kind 'http'. */
  status?: number;
}

export interface RequestRecord {
  /** Position in the schedule. */
  index: number;
  /** When the schedule wanted it sent. */
  scheduledMs: number;
  /** When it was actually sent (just before the HTTP request was issued). */
  sendMs: number;
  /** Arrival of every SSE event that carried a token (see isTokenEvent), the first one included. */
  chunkMs: number[];
  /** When the response ended or failed. */
  endMs: number;
  /** usage.prompt_tokens when the engine reports it, else the trace's count. */
  promptTokens: number;
  /** usage.completion_tokens when reported, else the number of token events. */
  outputTokens: number;
  /** max_tokens sent. */
  requestedOutputTokens: number;
  ok: boolean;
  failure?: RequestFailure;
}

/** Time to first token, ms; undefined when no token arrived. */
export function ttftMs(r: RequestRecord): number | undefined {
  return r.chunkMs.length ? r.chunkMs[0] - r.sendMs : undefined;
}

/**
 * End-to-end latency, ms: send to the last token event, as `vllm bench serve` measures it (the trailing
 * usage event and [DONE] are not part of it). Undefined when no token arrived.
 */
export function e2eMs(r: RequestRecord): number | undefined {
  return r.chunkMs.length ? r.chunkMs[r.chunkMs.length - 1] - r.sendMs : undefined;
}
