// One streaming OpenAI request on node:http: sends the body, timestamps every token event, and settles
// exactly once with a RequestRecord, whatever happens (success, one of the failure classes, abort).

import http from 'node:http';
import type { FailureKind, RequestFailure, RequestRecord } from './record.js';
import { SseParser } from './sse.js';

export interface StreamRequestSpec {
  index: number;
  url: URL;
  agent: http.Agent;
  body: string;
  headers: Record<string, string>;
  scheduledMs: number;
  promptTokens: number;
  requestedOutputTokens: number;
  /** The request asked the engine to ignore EOS, so fewer tokens than requested means a cut stream. */
  ignoreEos: boolean;
  timeoutMs: number;
  /** Milliseconds since the start of the run, monotonic. */
  now: () => number;
  /** Called once, when the first token event arrives (live measurements for early stopping). */
  onFirstToken?: (ms: number) => void;
}

export interface OpenRequest {
  readonly done: Promise<RequestRecord>;
  /** When it was sent, on the run's clock. */
  readonly sendMs: number;
  /** Ends the request now as 'aborted' and destroys its socket. */
  abort(): void;
}

type EventObject = { [key: string]: unknown };
const isObject = (v: unknown): v is EventObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function classifySocketError(err: NodeJS.ErrnoException): FailureKind {
  if (err.code === 'ECONNREFUSED') return 'refused';
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'socket hang up' || err.message === 'aborted') return 'reset';
  return 'network';
}

function errorMessage(body: string): string {
  try {
    const v: unknown = JSON.parse(body);
    if (isObject(v)) {
      const e = isObject(v.error) ? v.error : v;
      if (typeof e.message === 'string') return e.message;
      if (typeof v.detail === 'string') return v.detail;
    }
  } catch {
    // not JSON: show the raw text
  }
  return body.trim();
}

const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * Whether a streamed choice carries a generated token. As in `vllm bench serve`, any choice counts
 * (even empty text: a token whose bytes end mid-character), except two kinds that carry no token:
 * a chat delta that only announces the role (some servers send it on acceptance, before any
 * generation: counting it would make TTFT ~0), and a closing choice with finish_reason and no text
 * (llama.cpp ends streams with one).
 */
function isTokenEvent(c: EventObject): boolean {
  const delta = isObject(c.delta) ? c.delta : undefined;
  const text = typeof c.text === 'string' ? c.text
    : typeof delta?.content === 'string' ? delta.content
      : typeof delta?.reasoning_content === 'string' ? delta.reasoning_content : '';
  const hasTool = Array.isArray(delta?.tool_calls) && delta.tool_calls.length > 0;
  if (text !== '' || hasTool) return true;
  if (c.finish_reason != null) return false;
  return delta?.role === undefined;
}

export function startStreamRequest(spec: StreamRequestSpec): OpenRequest {
  const sendMs = spec.now();
  const chunkMs: number[] = [];
  let usagePrompt: number | undefined;
  let usageOutput: number | undefined;
  let sawDone = false;
  let settled = false;
  let retried = false;
  let req: http.ClientRequest | undefined;
  let resolve: (r: RequestRecord) => void = () => undefined;
  const done = new Promise<RequestRecord>((r) => (resolve = r));

  const settle = (failure?: RequestFailure): void => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    if (failure) req?.destroy();
    const outputTokens = usageOutput ?? chunkMs.length;
    resolve({
      index: spec.index,
      scheduledMs: spec.scheduledMs,
      sendMs,
      chunkMs,
      endMs: spec.now(),
      promptTokens: usagePrompt ?? spec.promptTokens,
      outputTokens,
      requestedOutputTokens: spec.requestedOutputTokens,
      ok: failure === undefined,
      ...(failure ? { failure } : {}),
    });
  };

  const deadline = setTimeout(() => settle({ kind: 'timeout', message: `no complete response within ${spec.timeoutMs} ms` }), spec.timeoutMs);

  const onEvent = (data: string, t: number): void => {
    if (settled) return;
    if (data === '[DONE]') {
      sawDone = true;
      return;
    }
    let ev: unknown;
    try {
      ev = JSON.parse(data);
    } catch {
      settle({ kind: 'http', status: 200, message: `malformed stream event: ${clip(data, 120)}` });
      return;
    }
    if (!isObject(ev)) return;
    if (ev.error !== undefined && ev.error !== null) {
      const e = isObject(ev.error) ? ev.error : ev;
      const status = typeof e.code === 'number' ? e.code : undefined;
      settle({ kind: 'http', ...(status !== undefined ? { status } : {}), message: clip(typeof e.message === 'string' ? e.message : JSON.stringify(ev.error)) });
      return;
    }
    const choices = ev.choices;
    if (Array.isArray(choices) && choices.length > 0 && isObject(choices[0]) && isTokenEvent(choices[0])) {
      chunkMs.push(t);
      if (chunkMs.length === 1) spec.onFirstToken?.(t);
    }
    if (isObject(ev.usage)) {
      if (typeof ev.usage.completion_tokens === 'number') usageOutput = ev.usage.completion_tokens;
      if (typeof ev.usage.prompt_tokens === 'number') usagePrompt = ev.usage.prompt_tokens;
    }
  };

  const onStreamEnd = (): void => {
    if (settled) return;
    if (!sawDone) return settle({ kind: 'truncated', message: `stream ended without [DONE] after ${chunkMs.length} token events` });
    if (chunkMs.length === 0) return settle({ kind: 'truncated', message: 'stream ended without any token' });
    const got = usageOutput ?? chunkMs.length;
    if (spec.ignoreEos && got < spec.requestedOutputTokens) {
      return settle({ kind: 'truncated', message: `${got} of ${spec.requestedOutputTokens} requested tokens before the stream ended` });
    }
    settle();
  };

  const onResponse = (res: http.IncomingMessage): void => {
    const status = res.statusCode ?? 0;
    if (status >= 400) {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => { if (body.length < 8192) body += s; });
      const fail = (): void => settle({ kind: 'http', status, message: clip(`HTTP ${status}: ${errorMessage(body) || res.statusMessage || ''}`) });
      res.on('end', fail);
      res.on('error', fail);
      return;
    }
    const parser = new SseParser();
    res.on('data', (chunk: Buffer) => {
      const t = spec.now();
      for (const data of parser.push(chunk)) onEvent(data, t);
    });
    res.on('end', () => {
      const t = spec.now();
      for (const data of parser.end()) onEvent(data, t);
      onStreamEnd();
    });
    res.on('error', (err: NodeJS.ErrnoException) => settle({ kind: 'reset', message: `connection lost mid-stream: ${err.message}` }));
    res.on('close', () => settle({ kind: 'reset', message: 'connection closed mid-stream' }));
  };

  const send = (): void => {
    const r = http.request({ host: spec.url.hostname.replace(/^\[(.*)\]$/, '$1'), port: spec.url.port, path: spec.url.pathname, method: 'POST', agent: spec.agent, headers: spec.headers });
    req = r;
    r.on('socket', (s) => s.setNoDelay(true));
    r.on('response', onResponse);
    r.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      // A keep-alive socket the server closed while idle fails on reuse before any byte of the response:
      // the request never reached the engine, so send it once more instead of blaming the engine.
      if (r.reusedSocket && err.code === 'ECONNRESET' && !retried) {
        retried = true;
        send();
        return;
      }
      const kind = classifySocketError(err);
      settle({ kind, message: kind === 'refused' ? `connection refused by ${spec.url.host}` : `${err.code ?? 'error'}: ${err.message}` });
    });
    r.end(spec.body);
  };
  send();

  return {
    done,
    sendMs,
    abort: () => settle({ kind: 'aborted', message: 'the load run was aborted' }),
  };
}
