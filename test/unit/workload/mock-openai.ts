// A scripted OpenAI-compatible streaming server for the client tests (node:http, real sockets).

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Script {
  /** Delay before the first token, ms. */
  ttftMs?: number;
  /** Delay between tokens, ms. */
  itlMs?: number;
  /** Tokens to stream (default: the request's max_tokens). */
  tokens?: number;
  /** Respond with this status and a JSON error body instead of a stream. */
  status?: number;
  /** Send [DONE] at the end (default true). */
  done?: boolean;
  /** Destroy the socket after this many tokens. */
  destroyAfter?: number;
  /** Write every event one byte at a time, each byte flushed separately. */
  byteByByte?: boolean;
  /** Send the usage event (default true). */
  usage?: boolean;
  /** Never answer. */
  hang?: boolean;
}

export interface ReceivedRequest {
  path: string;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface MockServer {
  url: string;
  received: ReceivedRequest[];
  /** Sockets currently open on the server side. */
  openSockets(): number;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startMockServer(script: (body: Record<string, unknown>, n: number) => Script): Promise<MockServer> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (s: string) => (raw += s));
    req.on('end', () => void respond(req, res, raw));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function respond(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    received.push({ path: req.url ?? '', body, receivedAt: performance.now() });
    const s = script(body, received.length - 1);
    if (s.hang) return;
    if (s.status !== undefined) {
      res.writeHead(s.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'error', message: 'scripted failure', type: 'InternalServerError', code: s.status }));
      return;
    }
    const chat = req.url?.includes('chat') ?? false;
    const n = s.tokens ?? Number(body.max_tokens);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const write = async (event: string): Promise<void> => {
      if (!s.byteByByte) {
        res.write(event);
        return;
      }
      for (const b of Buffer.from(event)) {
        res.write(Buffer.from([b]));
        await sleep(0);
      }
    };
    // Like the simulator, announce the role on acceptance, before the first token.
    if (chat) await write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`);
    await sleep(s.ttftMs ?? 0);
    for (let i = 0; i < n; i++) {
      if (i > 0) await sleep(s.itlMs ?? 0);
      if (s.destroyAfter !== undefined && i === s.destroyAfter) {
        res.socket?.destroy();
        return;
      }
      const last = i === n - 1;
      const choice = chat
        ? { index: 0, delta: { content: `tök${i} ` }, finish_reason: last ? 'length' : null }
        : { index: 0, text: `tök${i} `, finish_reason: last ? 'length' : null };
      await write(`data: ${JSON.stringify({ choices: [choice] })}\n\n`);
    }
    if (s.usage ?? true) await write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: n } })}\n\n`);
    if (s.done ?? true) await write('data: [DONE]\n\n');
    res.end();
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    openSockets: () => sockets.size,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

/** A port with nothing listening (bound, then released). */
export async function freePort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
