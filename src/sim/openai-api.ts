// The OpenAI-compatible request and response shapes, as vLLM's server produces them.

import { randomBytes } from 'node:crypto';
import { renderChatPrompt, type ChatMessage } from './tokenizer.js';

export type ApiKind = 'completion' | 'chat';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly type = 'BadRequestError') {
    super(message);
  }
}

export interface ParsedRequest {
  kind: ApiKind;
  promptText: string;
  /** undefined = the default (16 for completions, the rest of the context for chat). */
  maxTokens: number | undefined;
  stream: boolean;
  includeUsage: boolean;
  ignoreEos: boolean;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function optionalInt(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ApiError(400, `${key} must be an integer, got ${JSON.stringify(v)}`);
  if (v < 1) throw new ApiError(400, `${key} must be at least 1, got ${v}`);
  return v;
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('\n');
  }
  if (content === null || content === undefined) return '';
  throw new ApiError(400, 'message content must be a string or a list of text parts');
}

export function parseRequest(kind: ApiKind, body: unknown, servedModel: string): ParsedRequest {
  if (!isRecord(body)) throw new ApiError(400, 'request body must be a JSON object');
  if (body.model !== undefined && body.model !== servedModel) {
    throw new ApiError(404, `The model \`${String(body.model)}\` does not exist.`, 'NotFoundError');
  }
  const n = body.n;
  if (n !== undefined && n !== null && n !== 1) throw new ApiError(400, 'only n=1 is supported by the simulated engine');
  let promptText: string;
  if (kind === 'completion') {
    const p = body.prompt;
    if (typeof p === 'string') promptText = p;
    else if (Array.isArray(p) && p.length === 1 && typeof p[0] === 'string') promptText = p[0];
    else throw new ApiError(400, 'prompt must be a string (or a list of one string)');
  } else {
    const msgs = body.messages;
    if (!Array.isArray(msgs) || msgs.length === 0) throw new ApiError(400, 'messages must be a non-empty list');
    const parsed: ChatMessage[] = msgs.map((m) => {
      if (!isRecord(m) || typeof m.role !== 'string') throw new ApiError(400, 'each message needs a string role');
      return { role: m.role, content: messageText(m.content) };
    });
    promptText = renderChatPrompt(parsed);
  }
  const maxTokens = optionalInt(body, kind === 'chat' && body.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens');
  const streamOptions = body.stream_options;
  return {
    kind,
    promptText,
    maxTokens,
    stream: body.stream === true,
    includeUsage: isRecord(streamOptions) && streamOptions.include_usage === true,
    ignoreEos: body.ignore_eos === true,
  };
}

export function contextLengthError(maxModelLen: number, promptTokens: number, maxTokens: number): ApiError {
  return new ApiError(400, `This model's maximum context length is ${maxModelLen} tokens. However, you requested ` +
    `${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). ` +
    'Please reduce the length of the messages or completion.');
}

/**
 * vLLM 0.4's flat error fields plus the nested `error` object of newer vLLM and the OpenAI API,
 * which the official clients read their message from.
 */
export function errorBody(e: ApiError): object {
  const info = { message: e.message, type: e.type, param: null, code: e.status };
  return { object: 'error', ...info, error: info };
}

export function newRequestId(kind: ApiKind): string {
  return `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomBytes(16).toString('hex')}`;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usage(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

const TEXT_SLOT = '\u0001text';
const EMIT_SLOT = '\u0001emit';
const SENT_SLOT = '\u0001sent';

/** Cut serialised JSON at the quoted placeholders, which must appear in the given order. */
function splitTemplate(json: string, slots: readonly string[]): string[] {
  const parts: string[] = [];
  let rest = json;
  for (const slot of slots) {
    const quoted = JSON.stringify(slot);
    const i = rest.indexOf(quoted);
    if (i < 0) throw new Error(`template slot ${JSON.stringify(slot)} missing or out of order`);
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + quoted.length);
  }
  parts.push(rest);
  return parts;
}

/** Builds the JSON of one request's responses. */
export class ResponseShaper {
  readonly created = Math.floor(Date.now() / 1000);
  constructor(readonly kind: ApiKind, readonly id: string, readonly model: string) {}

  /** The chat stream's opening chunk (role only), sent before any token, as vLLM does. */
  roleChunk(): object {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] };
  }

  tokenChunk(text: string, finishReason: string | null, extra?: Record<string, unknown>): object {
    const base = { id: this.id, created: this.created, model: this.model, ...extra };
    if (this.kind === 'chat') {
      return { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: finishReason }] };
    }
    return { ...base, object: 'text_completion', choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason, stop_reason: null }] };
  }

  /**
   * The SSE event of a mid-stream token, from a template serialised once per request (the hot path
   * at hundreds of concurrent streams). With `timing`, the chunk also carries the token's model
   * emission time and the time it was written, for overhead measurements.
   */
  tokenEvent(text: string, timing?: { emitMs: number; sentMs: number }): string {
    if (timing) {
      this.timedTemplate ??= splitTemplate(JSON.stringify(this.tokenChunk(TEXT_SLOT, null, { sim_emit_ms: EMIT_SLOT, sim_sent_ms: SENT_SLOT })), [EMIT_SLOT, SENT_SLOT, TEXT_SLOT]);
      const t = this.timedTemplate;
      return `data: ${t[0]}${timing.emitMs}${t[1]}${timing.sentMs}${t[2]}${JSON.stringify(text)}${t[3]}\n\n`;
    }
    this.template ??= splitTemplate(JSON.stringify(this.tokenChunk(TEXT_SLOT, null)), [TEXT_SLOT]);
    return `data: ${this.template[0]}${JSON.stringify(text)}${this.template[1]}\n\n`;
  }

  private template: string[] | undefined;
  private timedTemplate: string[] | undefined;

  usageChunk(u: Usage): object {
    return { id: this.id, object: this.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion', created: this.created, model: this.model, choices: [], usage: u };
  }

  full(text: string, finishReason: string, u: Usage): object {
    if (this.kind === 'chat') {
      return { id: this.id, object: 'chat.completion', created: this.created, model: this.model, choices: [{ index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: finishReason, stop_reason: null }], usage: u };
    }
    return { id: this.id, object: 'text_completion', created: this.created, model: this.model, choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason, stop_reason: null }], usage: u };
  }
}
