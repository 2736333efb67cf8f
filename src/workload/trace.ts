// One request of a workload trace, and what can be said about a trace as a whole.

import { LoadOptionsError } from './errors.js';
import type { ChatMessage } from '../protocol/workload.js';

export type { ChatMessage } from '../protocol/workload.js';

export interface TraceRequest {
  /** Completions-style prompt; absent when the request is a chat conversation. */
  prompt?: string;
  /** Chat-style conversation; absent when the request is a plain prompt. */
  messages?: ChatMessage[];
  /** Prompt length in tokens: the trace's own `prompt_tokens` if given, else estimateTokens(). */
  promptTokens: number;
  /** Tokens the engine is asked to generate (sent as max_tokens, with ignore_eos). */
  outputTokens: number;
}

export interface TraceFacts {
  count: number;
  maxPromptTokens: number;
  maxOutputTokens: number;
  /** The longest single request, prompt + output: what a context window (or a llama.cpp slot) must hold. */
  maxTotalTokens: number;
  meanPromptTokens: number;
  meanOutputTokens: number;
}

export function traceFacts(requests: readonly TraceRequest[]): TraceFacts {
  let maxPrompt = 0, maxOutput = 0, maxTotal = 0, sumPrompt = 0, sumOutput = 0;
  for (const r of requests) {
    maxPrompt = Math.max(maxPrompt, r.promptTokens);
    maxOutput = Math.max(maxOutput, r.outputTokens);
    maxTotal = Math.max(maxTotal, r.promptTokens + r.outputTokens);
    sumPrompt += r.promptTokens;
    sumOutput += r.outputTokens;
  }
  const n = requests.length;
  return {
    count: n,
    maxPromptTokens: maxPrompt,
    maxOutputTokens: maxOutput,
    maxTotalTokens: maxTotal,
    meanPromptTokens: n ? sumPrompt / n : 0,
    meanOutputTokens: n ? sumOutput / n : 0,
  };
}

/**
 * The `fraction` of requests with the longest outputs (the paper stress-tests engines with the 50% of
 * requests that generate most). Keeps ceil(fraction × n) requests, in their original order; ties at the
 * cut are resolved by original position, so the result is deterministic.
 */
export function selectLongestOutputs(requests: readonly TraceRequest[], fraction: number): TraceRequest[] {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new LoadOptionsError(`longestOutputs must be a fraction in (0, 1], got ${fraction}`);
  }
  const keep = Math.ceil(fraction * requests.length);
  const ranked = requests
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.outputTokens - a.r.outputTokens || a.i - b.i)
    .slice(0, keep);
  return ranked.sort((a, b) => a.i - b.i).map((x) => x.r);
}

/** The prompt as plain text, for the completions API: chat turns rendered one per line as `role: content`. */
export function promptText(r: TraceRequest): string {
  if (r.prompt !== undefined) return r.prompt;
  return (r.messages ?? []).map((m) => `${m.role}: ${m.content}`).join('\n');
}

/** The conversation, for the chat API: a plain prompt becomes one user turn. */
export function chatMessages(r: TraceRequest): ChatMessage[] {
  return r.messages ?? [{ role: 'user', content: r.prompt ?? '' }];
}
