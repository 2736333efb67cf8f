import { test } from 'node:test';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { runLoad } from '../../../src/workload/load.js';
import { LoadAbortedError } from '../../../src/workload/errors.js';
import type { ScheduledRequest } from '../../../src/workload/arrivals.js';
import type { TraceRequest } from '../../../src/workload/trace.js';
import { ttftMs, e2eMs } from '../../../src/workload/record.js';
import { freePort, startMockServer } from './mock-openai.js';

const req = (outputTokens: number, prompt = 'hello there'): TraceRequest => ({ prompt, promptTokens: 2, outputTokens });
const at = (...times: number[]): ScheduledRequest[] => times.map((time) => ({ time, request: req(4) }));

test('completions: body, timestamps and token counts of a clean stream', async (t) => {
  const srv = await startMockServer(() => ({ ttftMs: 40, itlMs: 15 }));
  t.after(() => srv.close());
  const [r] = await runLoad({ baseUrl: `${srv.url}/v1/`, api: 'completions', model: 'm', schedule: [{ time: 0, request: req(5) }], timeoutMs: 5000 });
  assert.equal(r.ok, true, r.failure?.message);
  assert.equal(srv.received[0].path, '/v1/completions');
  assert.deepEqual(srv.received[0].body, {
    model: 'm', prompt: 'hello there', max_tokens: 5, ignore_eos: true, stream: true, stream_options: { include_usage: true },
  });
  assert.equal(r.outputTokens, 5);
  assert.equal(r.promptTokens, 7); // usage.prompt_tokens wins over the trace's estimate
  assert.equal(r.chunkMs.length, 5);
  const ttft = ttftMs(r) ?? NaN;
  assert.ok(ttft >= 38 && ttft < 2000, `ttft ${ttft}`); // upper bound loose: the machine is shared
  // The server writes token i no sooner than 40 + 15·i ms after it got the request: a hard lower bound.
  for (let i = 1; i < 5; i++) {
    const since = r.chunkMs[i] - r.sendMs;
    assert.ok(since >= 40 + 15 * i - 1 && since < 3000, `token ${i} at ${since}`);
    assert.ok(r.chunkMs[i] >= r.chunkMs[i - 1]);
  }
  assert.ok((e2eMs(r) ?? 0) >= 38 + 4 * 14);
  assert.ok(r.endMs >= r.chunkMs[4]);
});

test('chat: messages body; a role-only event sent on acceptance is neither the first token nor an output token', async (t) => {
  const srv = await startMockServer(() => ({ usage: false, ttftMs: 60 }));
  t.after(() => srv.close());
  const chatReq: TraceRequest = { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }], promptTokens: 3, outputTokens: 3 };
  const prompted: TraceRequest = { prompt: 'plain', promptTokens: 1, outputTokens: 2 };
  const recs = await runLoad({ baseUrl: srv.url, api: 'chat', model: 'm', schedule: [{ time: 0, request: chatReq }, { time: 0.01, request: prompted }], timeoutMs: 5000 });
  assert.equal(srv.received[0].path, '/v1/chat/completions');
  assert.deepEqual(srv.received[0].body.messages, chatReq.messages);
  assert.deepEqual(srv.received[1].body.messages, [{ role: 'user', content: 'plain' }]);
  assert.equal(recs[0].ok, true, recs[0].failure?.message);
  assert.equal(recs[0].chunkMs.length, 3);
  assert.ok((ttftMs(recs[0]) ?? 0) >= 59, `TTFT ${ttftMs(recs[0])} counts from the first content, not the role event`);
  assert.equal(recs[0].outputTokens, 3); // no usage event: counted from token events
  assert.equal(recs[0].promptTokens, 3);
  assert.equal(recs[1].outputTokens, 2);
});

test('SSE split into single bytes (across multi-byte UTF-8 characters and events) parses exactly', async (t) => {
  const srv = await startMockServer(() => ({ byteByByte: true }));
  t.after(() => srv.close());
  const recs = await runLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule: [{ time: 0, request: req(6) }, { time: 0, request: req(3) }], timeoutMs: 10000 });
  assert.deepEqual(recs.map((r) => [r.ok, r.outputTokens, r.chunkMs.length]), [[true, 6, 6], [true, 3, 3]]);
});

test('refused: nothing listening on the port', async () => {
  const port = await freePort();
  const [r] = await runLoad({ baseUrl: `http://127.0.0.1:${port}`, api: 'completions', model: 'm', schedule: at(0), timeoutMs: 5000 });
  assert.equal(r.ok, false);
  assert.equal(r.failure?.kind, 'refused');
  assert.match(r.failure?.message ?? '', /connection refused/);
});

test('reset: the server destroys the socket mid-stream', async (t) => {
  const srv = await startMockServer(() => ({ destroyAfter: 2, itlMs: 5 }));
  t.after(() => srv.close());
  const [r] = await runLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule: [{ time: 0, request: req(8) }], timeoutMs: 5000 });
  assert.equal(r.failure?.kind, 'reset');
  assert.equal(r.chunkMs.length, 2);
});

test('http: a 500 answer is recorded with its status and the server message', async (t) => {
  const srv = await startMockServer(() => ({ status: 500 }));
  t.after(() => srv.close());
  const [r] = await runLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule: at(0), timeoutMs: 5000 });
  assert.equal(r.failure?.kind, 'http');
  assert.equal(r.failure?.status, 500);
  assert.match(r.failure?.message ?? '', /HTTP 500: scripted failure/);
});

test('timeout: a server slower than the deadline', async (t) => {
  const srv = await startMockServer(() => ({ ttftMs: 2000 }));
  t.after(() => srv.close());
  const t0 = performance.now();
  const [r] = await runLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule: at(0), timeoutMs: 150 });
  assert.equal(r.failure?.kind, 'timeout');
  assert.ok(performance.now() - t0 < 1000);
  assert.ok(r.endMs - r.sendMs >= 145 && r.endMs - r.sendMs < 600, `${r.endMs - r.sendMs}`);
});

test('truncated: a stream without [DONE], and one shorter than max_tokens under ignore_eos', async (t) => {
  const srv = await startMockServer((body) => (body.prompt === 'no-done' ? { done: false } : { tokens: 2 }));
  t.after(() => srv.close());
  const recs = await runLoad({
    baseUrl: srv.url, api: 'completions', model: 'm', timeoutMs: 5000,
    schedule: [{ time: 0, request: req(3, 'no-done') }, { time: 0, request: req(5, 'short') }],
  });
  assert.equal(recs[0].failure?.kind, 'truncated');
  assert.match(recs[0].failure?.message ?? '', /without \[DONE\]/);
  assert.equal(recs[1].failure?.kind, 'truncated');
  assert.match(recs[1].failure?.message ?? '', /2 of 5 requested tokens/);
  // Without ignore_eos a short answer is a normal end of generation.
  const [ok] = await runLoad({ baseUrl: srv.url, api: 'completions', model: 'm', timeoutMs: 5000, ignoreEos: false, schedule: [{ time: 0, request: req(5, 'short') }] });
  assert.equal(ok.ok, true);
  assert.equal(srv.received[2].body.ignore_eos, undefined);
});

test('open loop: a slow request does not hold back the ones scheduled after it', async (t) => {
  const srv = await startMockServer((_b, n) => (n === 0 ? { ttftMs: 600 } : {}));
  t.after(() => srv.close());
  const recs = await runLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule: at(0, 0.05, 0.1, 0.15), timeoutMs: 5000 });
  assert.ok(recs.every((r) => r.ok));
  for (const r of recs) assert.ok(r.sendMs - r.scheduledMs < 100, `late by ${r.sendMs - r.scheduledMs} ms`);
  assert.ok(recs[3].endMs < recs[0].endMs, 'the last request finished before the slow first one');
});

test('abort: the run stops promptly, open requests are cut, sockets closed, later ones never sent', async (t) => {
  const srv = await startMockServer(() => ({ ttftMs: 5000 }));
  t.after(() => srv.close());
  const ctl = new AbortController();
  const seen: number[] = [];
  const run = runLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule: at(0, 0.01, 0.02, 5), timeoutMs: 60000, signal: ctl.signal, onRecord: (r) => seen.push(r.index) });
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(srv.openSockets(), 3);
  const t0 = performance.now();
  ctl.abort();
  const err = await run.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof LoadAbortedError);
  assert.ok(performance.now() - t0 < 200);
  assert.deepEqual(err.records.map((r) => [r.index, r.failure?.kind]), [[0, 'aborted'], [1, 'aborted'], [2, 'aborted']]);
  assert.deepEqual(seen.sort(), [0, 1, 2]);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(srv.openSockets(), 0);
  assert.equal(srv.received.length, 3);
});

test('an already-aborted signal sends nothing', async (t) => {
  const srv = await startMockServer(() => ({}));
  t.after(() => srv.close());
  await assert.rejects(runLoad({ baseUrl: srv.url, api: 'completions', model: 'm', schedule: at(0), timeoutMs: 1000, signal: AbortSignal.abort() }), LoadAbortedError);
  assert.equal(srv.received.length, 0);
});

test('an error event inside the stream is an http failure carrying its code', async (t) => {
  const http = await import('node:http');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`data: ${JSON.stringify({ error: { message: 'KV cache exhausted', code: 503 } })}\n\ndata: [DONE]\n\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as import('node:net').AddressInfo).port;
  const [r] = await runLoad({ baseUrl: `http://127.0.0.1:${port}`, api: 'completions', model: 'm', schedule: at(0), timeoutMs: 2000 });
  assert.deepEqual([r.failure?.kind, r.failure?.status, r.failure?.message], ['http', 503, 'KV cache exhausted']);
});

test('a reused keep-alive socket dropped before any answer is retried once on a new connection; a fresh one is not', async (t) => {
  const http = await import('node:http');
  const perSocket = new WeakMap<object, number>();
  let seen = 0;
  const server = http.createServer((req, res) => {
    seen++;
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    req.resume();
    req.on('end', () => {
      // The race a keep-alive client can lose: the server closes an idle connection as a request
      // arrives (second request on a connection). Requests with a key are always dropped.
      if (n === 2 || req.headers.authorization !== undefined) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"text":"a"}]}\n\ndata: {"choices":[{"text":"b"}]}\n\ndata: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  const recs = await runLoad({ baseUrl: base, api: 'completions', model: 'm', schedule: [{ time: 0, request: req(2) }, { time: 0.15, request: req(2) }], timeoutMs: 3000 });
  assert.deepEqual(recs.map((r) => r.failure?.message ?? 'ok'), ['ok', 'ok']);
  assert.equal(seen, 3, 'the second request was sent twice: once on the stale socket, once on a new one');
  // On a fresh connection the reset is the server's doing: recorded, not retried.
  seen = 0;
  const [dropped] = await runLoad({ baseUrl: base, api: 'completions', model: 'm', schedule: at(0), timeoutMs: 3000, apiKey: 'k' });
  assert.equal(seen, 1);
  assert.equal(dropped.failure?.kind, 'reset');
});

test('llama.cpp: an error event mid-stream (real bytes of llama-server d32676d7) fails the request with its message', async (t) => {
  const sse = readFileSync(join(__dirname, '..', '..', 'fixtures', 'llamacpp', 'content-format.sse'));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.end(sse);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const [r] = await runLoad({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, api: 'completions', model: 'm', schedule: [{ time: 0, request: req(16) }], timeoutMs: 5000 });
  assert.equal(r.ok, false);
  assert.equal(r.failure?.kind, 'http');
  assert.equal(r.failure?.status, 500);
  assert.equal(r.failure?.message, 'The model produced output that does not match the expected Content-only format');
  assert.equal(r.chunkMs.length, 1); // the one token streamed before the error
});
