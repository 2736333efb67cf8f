// A small streaming client for the simulator's own tests and scripts/bench-sim.ts: replays a schedule against
// a server and records, per request, the send time, each token's arrival time and (from servers run
// with SCOOT_SIM_TIMING=1) each token's model-prescribed emission time. The product's benchmark
// client is src/workload's; this one exists so src/sim can be checked on its own.
import { Agent, request } from 'node:http';
import { mean } from '../../../src/core/stats.js';

export interface StreamRecord {
  /** performance.timeOrigin-based epoch milliseconds. */
  sentMs: number;
  tokenMs: number[];
  /** Model emission time of each token (SCOOT_SIM_TIMING=1 servers), epoch ms. */
  nominalMs: number[];
  /** When the server wrote each token (SCOOT_SIM_TIMING=1 servers), epoch ms. */
  serverSentMs: number[];
  status: number;
  error?: string;
}

const nowMs = () => performance.timeOrigin + performance.now();

function numberAfter(text: string, key: string): number | undefined {
  const i = text.indexOf(key);
  return i < 0 ? undefined : Number.parseFloat(text.slice(i + key.length, i + key.length + 32));
}

export function streamCompletion(base: string, agent: Agent, prompt: string, maxTokens: number): Promise<StreamRecord> {
  const rec: StreamRecord = { sentMs: nowMs(), tokenMs: [], nominalMs: [], serverSentMs: [], status: 0 };
  const url = new URL('/v1/completions', base);
  const body = JSON.stringify({ prompt, max_tokens: maxTokens, ignore_eos: true, stream: true });
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      rec.status = res.statusCode ?? 0;
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const t = nowMs();
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const event = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
          // Scanned, not JSON-parsed: at hundreds of streams the client's own parsing would
          // otherwise dominate what it measures.
          if (event.includes('"choices":[]')) continue;
          const k = event.indexOf('"text":"');
          if (k < 0 || event.charCodeAt(k + 8) === 34) continue; // no text, or empty text
          rec.tokenMs.push(t);
          const emit = numberAfter(event, '"sim_emit_ms":');
          if (emit !== undefined) rec.nominalMs.push(emit);
          const sent = numberAfter(event, '"sim_sent_ms":');
          if (sent !== undefined) rec.serverSentMs.push(sent);
        }
      });
      res.on('end', () => resolve(rec));
      res.on('error', (e) => {
        rec.error = e.message;
        resolve(rec);
      });
    });
    req.on('error', (e) => {
      rec.error = e.message;
      resolve(rec);
    });
    req.end(body);
  });
}

/** Send request i at `arrivals[i]` seconds after start (absolute targets, no drift). */
export async function replay(base: string, prompts: readonly { prompt: string; output_tokens: number }[], arrivals: readonly number[]): Promise<StreamRecord[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const start = performance.now();
  const pending = prompts.map((p, i) => new Promise<StreamRecord>((resolve) => {
    const fire = () => {
      const wait = start + arrivals[i] * 1000 - performance.now();
      if (wait > 1) setTimeout(fire, wait);
      else void streamCompletion(base, agent, p.prompt, p.output_tokens).then(resolve);
    };
    fire();
  }));
  const out = await Promise.all(pending);
  agent.destroy();
  return out;
}

export interface ClientMeans {
  ttft: number;
  tpot: number;
  e2e: number;
}

/** vllm-bench-style means in milliseconds. */
export function clientMeans(records: readonly StreamRecord[]): ClientMeans {
  const ttft = records.map((r) => r.tokenMs[0] - r.sentMs);
  const e2e = records.map((r) => r.tokenMs[r.tokenMs.length - 1] - r.sentMs);
  const tpot = records.filter((r) => r.tokenMs.length > 1).map((r) => (r.tokenMs[r.tokenMs.length - 1] - r.tokenMs[0]) / (r.tokenMs.length - 1));
  return { ttft: mean(ttft), tpot: mean(tpot), e2e: mean(e2e) };
}
