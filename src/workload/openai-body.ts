// Request bodies for the OpenAI-compatible endpoints that vLLM, SGLang, TensorRT-LLM and llama.cpp serve.

import type { TraceRequest } from './trace.js';
import { chatMessages, promptText } from './trace.js';
import type { ApiKind } from '../protocol/workload.js';

export function endpointPath(api: ApiKind): string {
  return api === 'chat' ? '/v1/chat/completions' : '/v1/completions';
}

/** The server root: trailing slashes and a trailing /v1 are dropped, so both forms of base URL work. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function requestBody(
  api: ApiKind,
  model: string,
  r: TraceRequest,
  ignoreEos: boolean,
  extraBody: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    model,
    ...(api === 'chat' ? { messages: chatMessages(r) } : { prompt: promptText(r) }),
    // max_tokens (not only max_completion_tokens) because every engine here accepts it; ignore_eos makes
    // the engine generate exactly that many tokens, so output lengths come from the trace, not the model.
    max_tokens: r.outputTokens,
    ...(ignoreEos ? { ignore_eos: true } : {}),
    stream: true,
    stream_options: { include_usage: true },
    ...extraBody,
  };
}
