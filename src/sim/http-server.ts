// The OpenAI-compatible HTTP front end of the simulated engine (node:http): completions and chat
// completions (streamed as SSE or whole), /v1/models, /health, /version and /metrics.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Rng } from '../core/rng.js';
import type { EngineListener } from './engine.js';
import type { EngineLog } from './engine-log.js';
import type { EngineMetrics } from './engine-metrics.js';
import type { EnginePlan } from './engine-plan.js';
import { ApiError, contextLengthError, errorBody, newRequestId, parseRequest, ResponseShaper, usage, type ApiKind, type ParsedRequest } from './openai-api.js';
import type { RealtimeDriver } from './realtime-driver.js';
import type { Seq } from './sequence.js';
import { outputTokenText, tokenizePrompt, type TokenizedPrompt } from './tokenizer.js';

export const SIM_VLLM_VERSION = '0.4.2';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface RequestState {
  res: ServerResponse;
  shaper: ResponseShaper;
  parsed: ParsedRequest;
  promptTokens: number;
  text: string[];
  closed: boolean;
}

/**
 * Where an end-of-sequence token would fall without ignore_eos: a deterministic function of the
 * prompt and seed, log-normal with median 180 tokens, like a chat model's reply lengths.
 */
export function naturalLength(prompt: TokenizedPrompt, seed: number): number {
  const ids = prompt.ids;
  const rng = new Rng(seed, ids.length, ids.length ? ids[0] : 0, ids.length ? ids[ids.length - 1] : 0);
  return Math.max(1, Math.round(180 * Math.exp(0.7 * rng.normal())));
}

export class SimHttpServer implements EngineListener {
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private driver: RealtimeDriver | undefined;
  private metrics: EngineMetrics | undefined;
  /** The engine is wedged: generation requests are accepted and never answered. */
  hung = false;
  private readonly timing = process.env.SCOOT_SIM_TIMING === '1';

  constructor(private readonly plan: EnginePlan, private readonly log: EngineLog, private readonly seed: number) {
    this.server = createServer({ noDelay: true, keepAliveTimeout: 5000 }, (req, res) => this.route(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  attach(driver: RealtimeDriver, metrics: EngineMetrics): void {
    this.driver = driver;
    this.metrics = metrics;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /** Stop accepting and drop every open connection (shutdown or crash). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  // Engine listener ---------------------------------------------------------------------------

  onToken(seq: Seq, t: number, previous: number): void {
    this.metrics?.onToken(seq, t, previous);
    const st = seq.tag as RequestState | undefined;
    if (!st || st.closed) return;
    const text = outputTokenText(seq.id, seq.generated - 1);
    if (!st.parsed.stream) {
      st.text.push(text);
      return;
    }
    const last = seq.generated >= seq.stopAt;
    if (last) {
      // The final token carries finish_reason (rare path: serialise the whole object).
      const reason = seq.generated >= seq.maxTokens ? 'length' : 'stop';
      const extra = this.timing && this.driver ? { sim_emit_ms: this.driver.epochMs(t), sim_sent_ms: performance.timeOrigin + performance.now() } : undefined;
      st.res.write(`data: ${JSON.stringify(st.shaper.tokenChunk(text, reason, extra))}\n\n`);
      return;
    }
    const timing = this.timing && this.driver ? { emitMs: this.driver.epochMs(t), sentMs: performance.timeOrigin + performance.now() } : undefined;
    st.res.write(st.shaper.tokenEvent(text, timing));
  }

  onDone(seq: Seq, t: number): void {
    this.metrics?.onFinished(seq, t);
    const st = seq.tag as RequestState | undefined;
    if (!st || st.closed) return;
    st.closed = true;
    const u = usage(st.promptTokens, seq.generated);
    if (seq.state === 'failed') {
      // vLLM finishes requests its scheduler ignores with no text and finish_reason "length".
      this.log.warn('scheduler.py:673', `${seq.error ?? 'request ignored'}`);
      if (st.parsed.stream) {
        st.res.write(`data: ${JSON.stringify(st.shaper.tokenChunk('', 'length'))}\n\n`);
        if (st.parsed.includeUsage) st.res.write(`data: ${JSON.stringify(st.shaper.usageChunk(u))}\n\n`);
        st.res.end('data: [DONE]\n\n');
      } else this.sendJson(st.res, 200, st.shaper.full('', 'length', u));
      return;
    }
    if (st.parsed.stream) {
      if (st.parsed.includeUsage) st.res.write(`data: ${JSON.stringify(st.shaper.usageChunk(u))}\n\n`);
      st.res.end('data: [DONE]\n\n');
    } else this.sendJson(st.res, 200, st.shaper.full(st.text.join(''), seq.finishReason ?? 'length', u));
  }

  // HTTP --------------------------------------------------------------------------------------

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    res.on('finish', () => {
      const remote = `${req.socket.remoteAddress ?? '-'}:${req.socket.remotePort ?? 0}`;
      this.log.uvicorn(`${remote} - "${method} ${req.url} HTTP/${req.httpVersion}" ${res.statusCode} ${res.statusMessage}`);
    });
    const get = (handler: () => void) => (method === 'GET' ? handler() : this.sendJson(res, 405, { detail: 'Method Not Allowed' }));
    switch (path) {
      case '/health':
        return get(() => {
          res.writeHead(200, { 'content-length': '0' });
          res.end();
        });
      case '/version':
        return get(() => this.sendJson(res, 200, { version: SIM_VLLM_VERSION }));
      case '/v1/models':
        return get(() => this.sendJson(res, 200, {
          object: 'list',
          data: [{ id: this.plan.servedModelName, object: 'model', created: Math.floor(Date.now() / 1000), owned_by: 'vllm', root: this.plan.servedModelName, parent: null, max_model_len: this.plan.maxModelLen, permission: [] }],
        }));
      case '/metrics':
        return get(() => {
          const body = this.metrics ? this.metrics.render() : '';
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        });
      case '/v1/completions':
      case '/v1/chat/completions':
        if (method !== 'POST') return this.sendJson(res, 405, { detail: 'Method Not Allowed' });
        this.readBody(req, res, (body) => this.generate(path === '/v1/completions' ? 'completion' : 'chat', body, res));
        return;
      default:
        this.sendJson(res, 404, { detail: 'Not Found' });
    }
  }

  private readBody(req: IncomingMessage, res: ServerResponse, then: (body: unknown) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        this.sendError(res, new ApiError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        this.sendError(res, new ApiError(400, 'request body is not valid JSON'));
        return;
      }
      then(body);
    });
  }

  private generate(kind: ApiKind, body: unknown, res: ServerResponse): void {
    let parsed: ParsedRequest;
    try {
      parsed = parseRequest(kind, body, this.plan.servedModelName);
    } catch (e) {
      if (e instanceof ApiError) return this.sendError(res, e);
      throw e;
    }
    const prompt = tokenizePrompt(parsed.promptText);
    if (prompt.length === 0) return this.sendError(res, new ApiError(400, 'The prompt cannot be empty.'));
    const maxTokens = parsed.maxTokens ?? (kind === 'completion' ? 16 : this.plan.maxModelLen - prompt.length);
    if (maxTokens < 1 || prompt.length + maxTokens > this.plan.maxModelLen) {
      return this.sendError(res, contextLengthError(this.plan.maxModelLen, prompt.length, Math.max(maxTokens, 0)));
    }
    if (this.hung || !this.driver) return; // accepted, never answered
    const stopAt = parsed.ignoreEos ? maxTokens : Math.min(maxTokens, naturalLength(prompt, this.seed));
    const shaper = new ResponseShaper(kind, newRequestId(kind), this.plan.servedModelName);
    const state: RequestState = { res, shaper, parsed, promptTokens: prompt.length, text: [], closed: false };
    if (parsed.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      if (kind === 'chat') res.write(`data: ${JSON.stringify(shaper.roleChunk())}\n\n`);
    }
    const seq = this.driver.submit(prompt, maxTokens, stopAt);
    seq.tag = state;
    // The scheduler may reject it on the spot (larger than the whole KV cache).
    if (seq.state === 'failed') this.onDone(seq, seq.finishedAt);
    res.on('close', () => {
      if (!state.closed) {
        state.closed = true;
        this.driver?.abort(seq);
      }
    });
  }

  private sendJson(res: ServerResponse, status: number, body: object): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private sendError(res: ServerResponse, e: ApiError): void {
    this.sendJson(res, e.status, errorBody(e));
  }
}
