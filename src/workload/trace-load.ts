// Reads workload traces: JSONL (`{prompt | messages, output_tokens[, prompt_tokens]}` per line) or
// ShareGPT JSON (an array of `{conversations: [{from, value}]}`), and reports problems as one line
// naming the file and the line (JSONL) or entry (ShareGPT).

import { readFile } from 'node:fs/promises';
import { TraceError } from './errors.js';
import { estimateTokens } from './tokens.js';
import type { ChatMessage, TraceRequest } from './trace.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPositiveInt(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Reads and parses a trace file. `file` is echoed in messages exactly as given. */
export async function loadTrace(file: string): Promise<TraceRequest[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TraceError(`trace file not found: ${file}`);
    if (code === 'EISDIR') throw new TraceError(`trace file is a directory: ${file}`);
    throw new TraceError(`cannot read trace file ${file}: ${(e as Error).message}`);
  }
  return parseTrace(text, file);
}

/** Parses trace text; a leading `[` means a JSON array (ShareGPT or request objects), else JSONL. */
export function parseTrace(text: string, file: string): TraceRequest[] {
  const body = text.replace(/^\uFEFF/, '');
  const requests = body.trimStart().startsWith('[') ? parseJsonArray(body, file) : parseJsonl(body, file);
  if (requests.length === 0) throw new TraceError(`${file}: the trace has no requests`);
  return requests;
}

function parseJsonl(text: string, file: string): TraceRequest[] {
  const out: TraceRequest[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const where = `${file}:${i + 1}`;
    let value: Json;
    try {
      value = JSON.parse(line) as Json;
    } catch {
      throw new TraceError(`${where}: not valid JSON`);
    }
    out.push(requestFromObject(value, where));
  }
  return out;
}

function parseJsonArray(text: string, file: string): TraceRequest[] {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (e) {
    throw new TraceError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(value)) throw new TraceError(`${file}: expected a JSON array`);
  const out: TraceRequest[] = [];
  value.forEach((entry, i) => {
    const where = `${file}: entry ${i}`;
    if (isObject(entry) && 'conversations' in entry) {
      const r = requestFromShareGpt(entry, where);
      if (r) out.push(r);
    } else {
      out.push(requestFromObject(entry, where));
    }
  });
  return out;
}

function requestFromObject(value: Json, where: string): TraceRequest {
  if (!isObject(value)) throw new TraceError(`${where}: expected a JSON object {prompt | messages, output_tokens}`);
  const hasPrompt = value.prompt !== undefined;
  const hasMessages = value.messages !== undefined;
  if (hasPrompt === hasMessages) {
    throw new TraceError(`${where}: needs exactly one of "prompt" (a string) or "messages" (an array of {role, content})`);
  }
  if (!isPositiveInt(value.output_tokens)) {
    throw new TraceError(`${where}: "output_tokens" must be a positive integer`);
  }
  if (value.prompt_tokens !== undefined && !isPositiveInt(value.prompt_tokens)) {
    throw new TraceError(`${where}: "prompt_tokens" must be a positive integer when given`);
  }
  let prompt: string | undefined;
  let messages: ChatMessage[] | undefined;
  if (hasPrompt) {
    if (typeof value.prompt !== 'string' || value.prompt === '') throw new TraceError(`${where}: "prompt" must be a non-empty string`);
    prompt = value.prompt;
  } else {
    messages = parseMessages(value.messages, where);
  }
  const text = prompt ?? (messages ?? []).map((m) => m.content).join('\n');
  return {
    ...(prompt !== undefined ? { prompt } : { messages }),
    promptTokens: isPositiveInt(value.prompt_tokens) ? value.prompt_tokens : Math.max(1, estimateTokens(text)),
    outputTokens: value.output_tokens,
  };
}

function parseMessages(value: Json | undefined, where: string): ChatMessage[] {
  const bad = `${where}: "messages" must be a non-empty array of {role: string, content: string}`;
  if (!Array.isArray(value) || value.length === 0) throw new TraceError(bad);
  return value.map((m) => {
    if (!isObject(m) || typeof m.role !== 'string' || typeof m.content !== 'string') throw new TraceError(bad);
    return { role: m.role, content: m.content };
  });
}

const HUMAN = new Set(['human', 'user']);
const SYSTEM = new Set(['system']);

/**
 * ShareGPT: the first human turn is the prompt and the turn right after it (the model's answer) gives
 * output_tokens as its estimated token count. Entries without such a pair (or with an empty answer) are
 * skipped, as `vllm bench serve` skips conversations with fewer than two turns.
 */
function requestFromShareGpt(entry: JsonObject, where: string): TraceRequest | undefined {
  const turns = entry.conversations;
  if (!Array.isArray(turns)) throw new TraceError(`${where}: "conversations" must be an array of {from, value}`);
  for (const t of turns) {
    if (!isObject(t) || typeof t.from !== 'string' || typeof t.value !== 'string') {
      throw new TraceError(`${where}: each conversation turn must be {from: string, value: string}`);
    }
  }
  const typed = turns as { from: string; value: string }[];
  const h = typed.findIndex((t) => HUMAN.has(t.from));
  if (h < 0 || h + 1 >= typed.length) return undefined;
  const answer = typed[h + 1];
  if (HUMAN.has(answer.from) || SYSTEM.has(answer.from)) return undefined;
  const prompt = typed[h].value;
  const outputTokens = estimateTokens(answer.value);
  if (prompt === '' || outputTokens === 0) return undefined;
  return { prompt, promptTokens: Math.max(1, estimateTokens(prompt)), outputTokens };
}
