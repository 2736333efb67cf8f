// The simulated server's OpenAI-compatible API, exercised with the official `openai` client,
// plus /health, /v1/models, /metrics and error responses. The server runs in-process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import OpenAI from 'openai';
import { simServe } from '../../../src/sim/serve-main.js';
import { countTokens } from '../../../src/sim/tokenizer.js';

const MODEL = 'sim/llama-2-7b';
let base = '';
let client: OpenAI;
const stop = new AbortController();
let exited: Promise<number>;
let logText = '';

before(async () => {
  const out = new PassThrough();
  out.on('data', (d: Buffer) => (logText += d.toString()));
  let onPort: (p: number) => void = () => undefined;
  const port = new Promise<number>((r) => (onPort = r));
  exited = simServe([MODEL, '--model-profile', 'llama2-7b', '--gpu', 'h100', '--port', '0', '--startup-seconds', '0'], {
    stdout: out, stderr: out, onListening: onPort, signal: stop.signal,
  });
  base = `http://127.0.0.1:${await port}`;
  client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused' });
});

after(async () => {
  stop.abort();
  assert.equal(await exited, 0);
});

type WithVllmExtras<T> = T & { ignore_eos?: boolean };

test('completions, non-streaming: text and usage with exactly max_tokens under ignore_eos', async () => {
  const prompt = 'Summarise the history of the printing press in three sentences.';
  const params: WithVllmExtras<OpenAI.CompletionCreateParamsNonStreaming> = { model: MODEL, prompt, max_tokens: 12, ignore_eos: true };
  const r = await client.completions.create(params);
  assert.equal(r.object, 'text_completion');
  assert.equal(r.usage?.prompt_tokens, countTokens(prompt));
  assert.equal(r.usage?.completion_tokens, 12);
  assert.equal(countTokens(r.choices[0].text), 12);
  assert.equal(r.choices[0].finish_reason, 'length');
});

test('completions, streaming with include_usage: one chunk per token, then a usage chunk', async () => {
  const params: WithVllmExtras<OpenAI.CompletionCreateParamsStreaming> = {
    model: MODEL, prompt: 'Once upon a time', max_tokens: 20, stream: true, stream_options: { include_usage: true }, ignore_eos: true,
  };
  const stream = await client.completions.create(params);
  let tokens = 0;
  let usage: OpenAI.CompletionUsage | undefined;
  let finish: string | null = null;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      if (c.text) tokens++;
      if (c.finish_reason) finish = c.finish_reason;
    }
  }
  assert.equal(tokens, 20);
  assert.equal(finish, 'length');
  assert.deepEqual(usage, { prompt_tokens: 4, completion_tokens: 20, total_tokens: 24 });
});

test('chat completions, streaming and not', async () => {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Name three rivers.' }];
  const full = await client.chat.completions.create({ model: MODEL, messages, max_tokens: 7, ignore_eos: true } as WithVllmExtras<OpenAI.ChatCompletionCreateParamsNonStreaming>);
  assert.equal(full.object, 'chat.completion');
  assert.equal(full.choices[0].message.role, 'assistant');
  assert.equal(full.usage?.completion_tokens, 7);
  const stream = await client.chat.completions.create({ model: MODEL, messages, max_tokens: 9, stream: true, stream_options: { include_usage: true }, ignore_eos: true } as WithVllmExtras<OpenAI.ChatCompletionCreateParamsStreaming>);
  let content = 0;
  let role = '';
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      if (c.delta.role) role = c.delta.role;
      if (c.delta.content) content++;
    }
  }
  assert.equal(role, 'assistant');
  assert.equal(content, 9);
  assert.equal(usage?.completion_tokens, 9);
  assert.equal(usage?.prompt_tokens, full.usage?.prompt_tokens);
});

test('without ignore_eos a reply may end early at its natural length, never beyond max_tokens', async () => {
  let stopped = 0;
  const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => client.completions.create({ model: MODEL, prompt: `question number ${i}`, max_tokens: 200 })));
  for (const r of replies) {
    const n = r.usage?.completion_tokens ?? 0;
    assert.ok(n >= 1 && n <= 200);
    if (r.choices[0].finish_reason === 'stop') {
      stopped++;
      assert.ok(n < 200);
    }
  }
  assert.ok(stopped > 0);
  const d = await client.completions.create({ model: MODEL, prompt: 'default length' });
  assert.ok((d.usage?.completion_tokens ?? 0) <= 16); // vLLM's default max_tokens for completions
});

test('errors: unknown model 404, context overflow 400, bad JSON 400, unknown path 404', async () => {
  await assert.rejects(client.completions.create({ model: 'other', prompt: 'x', max_tokens: 1 }), (e: unknown) => e instanceof OpenAI.NotFoundError);
  await assert.rejects(client.completions.create({ model: MODEL, prompt: 'x', max_tokens: 5000 }),
    (e: unknown) => e instanceof OpenAI.BadRequestError && /maximum context length is 4096 tokens/.test(e.message));
  const bad = await fetch(`${base}/v1/completions`, { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400);
  assert.equal((await fetch(`${base}/v2/nothing`)).status, 404);
});

test('/health, /version and /v1/models', async () => {
  const h = await fetch(`${base}/health`);
  assert.equal(h.status, 200);
  const models = await client.models.list();
  assert.deepEqual(models.data.map((m) => m.id), [MODEL]);
  const v = (await (await fetch(`${base}/version`)).json()) as { version: string };
  assert.match(v.version, /^0\.\d+\.\d+$/);
});

/** Parse Prometheus text format into samples; throws on a malformed line. */
function parseProm(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? ([0-9.e+-]+|\+Inf|NaN)$/.exec(line);
    assert.ok(m, `bad exposition line: ${line}`);
    samples.set(m[1] + (m[2] ?? ''), Number(m[3]));
  }
  return samples;
}

test('/metrics: Prometheus text with vLLM\'s latency histograms, consistent with the requests served', async () => {
  const res = await fetch(`${base}/metrics`);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0.0.4/);
  const text = await res.text();
  const s = parseProm(text);
  const lbl = `{model_name="${MODEL}"}`;
  for (const name of ['vllm:time_to_first_token_seconds', 'vllm:time_per_output_token_seconds', 'vllm:inter_token_latency_seconds', 'vllm:e2e_request_latency_seconds']) {
    assert.match(text, new RegExp(`# TYPE ${name} histogram`));
    const count = s.get(`${name}_count${lbl}`) ?? -1;
    const inf = s.get(`${name}_bucket{model_name="${MODEL}",le="+Inf"}`);
    assert.equal(inf, count, name);
  }
  const served = s.get(`vllm:e2e_request_latency_seconds_count${lbl}`) ?? 0;
  assert.ok(served >= 10, `served ${served}`);
  assert.equal(s.get(`vllm:time_to_first_token_seconds_count${lbl}`), served);
  // Buckets are cumulative.
  const ttftBuckets = [...s.entries()].filter(([k]) => k.startsWith('vllm:time_to_first_token_seconds_bucket')).map(([, v]) => v);
  for (let i = 1; i < ttftBuckets.length; i++) assert.ok(ttftBuckets[i] >= ttftBuckets[i - 1]);
  assert.ok((s.get(`vllm:generation_tokens_total${lbl}`) ?? 0) > 0);
  assert.ok((s.get(`vllm:prompt_tokens_total${lbl}`) ?? 0) > 0);
  assert.equal(s.get(`vllm:num_requests_running${lbl}`), 0);
});

test('a client that disconnects mid-stream frees its sequence', async () => {
  const ac = new AbortController();
  const res = await fetch(`${base}/v1/completions`, {
    method: 'POST', signal: ac.signal, headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, prompt: 'long one', max_tokens: 3000, stream: true, ignore_eos: true }),
  });
  const reader = res.body?.getReader();
  await reader?.read();
  ac.abort();
  await new Promise((r) => setTimeout(r, 200));
  const s = parseProm(await (await fetch(`${base}/metrics`)).text());
  assert.equal(s.get(`vllm:num_requests_running{model_name="${MODEL}"}`), 0);
});

test('logs like an engine: start-up lines and the port', () => {
  assert.match(logText, /Initializing an LLM engine \(v0\.4\.2\) with config: model='sim\/llama-2-7b'/);
  assert.match(logText, /# GPU blocks: \d+, # CPU blocks: \d+/);
  assert.match(logText, /INFO: {5}Uvicorn running on http:\/\/127\.0\.0\.1:\d+ \(Press CTRL\+C to quit\)/);
  assert.match(logText, /"POST \/v1\/completions HTTP\/1\.1" 200 OK/);
});
