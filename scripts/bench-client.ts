// Benchmark of the streaming load client (src/workload): is it fast enough not to be the bottleneck?
//
//   npx tsx scripts/bench-client.ts [--rate 1000] [--seconds 10] [--tokens 16] [--ttft 20] [--itl 10] [--runs 3]
//
// A minimal SSE server runs in a separate process (this file, forked with --serve) so the client is
// measured alone. The server answers each request with `tokens` tokens: the first `ttft` ms after the
// request body arrived, then one every `itl` ms, and records when it actually wrote each one. The client
// replays a Poisson schedule at `rate` req/s through runLoad(). Reported per run, then the median over runs:
//  - achieved rate (requests sent / send span) and completions, failures;
//  - send lateness: actual send − scheduled send;
//  - added TTFT: client TTFT − server time from request received to first token written;
//  - per-token gap overhead: client gap between token i−1 and i − the server's gap between the writes;
//  - client CPU time (user + system) and its share of one core over the run.

import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildSchedule } from '../src/workload/arrivals.js';
import { runLoad } from '../src/workload/load.js';
import type { RequestRecord } from '../src/workload/record.js';
import { failureSummary } from '../src/workload/metrics.js';
import { percentile } from '../src/core/stats.js';
import type { TraceRequest } from '../src/workload/trace.js';

interface Options { rate: number; seconds: number; tokens: number; ttft: number; itl: number; runs: number }

function options(argv: string[]): Options {
  const get = (name: string, dflt: number): number => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(argv[i + 1]) : dflt;
    if (!(v > 0)) throw new Error(`--${name} must be a positive number`);
    return v;
  };
  return { rate: get('rate', 1000), seconds: get('seconds', 10), tokens: get('tokens', 16), ttft: get('ttft', 20), itl: get('itl', 10), runs: get('runs', 3) };
}

// ---------------------------------------------------------------- server process

interface ServerTiming { ttfbMs: number; writeMs: number[] }
type ToServer = { type: 'collect' };
type FromServer = { type: 'ready'; port: number } | { type: 'timings'; timings: [number, ServerTiming][]; cpuMs: number };

function serve(opts: Options): void {
  const timings = new Map<number, ServerTiming>();
  const event = (i: number, last: boolean): string =>
    `data: {"id":"cmpl","object":"text_completion","choices":[{"index":0,"text":" tok${i}","finish_reason":${last ? '"length"' : 'null'}}]}\n\n`;
  const tail = `data: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":${opts.tokens}}}\n\ndata: [DONE]\n\n`;
  let cpu0 = process.cpuUsage();

  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { prompt: string };
      const id = Number(body.prompt.slice(4));
      const t: ServerTiming = { ttfbMs: 0, writeMs: [] };
      timings.set(id, t);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      let i = 0;
      const step = (): void => {
        const now = performance.now();
        if (i === 0) t.ttfbMs = now - received;
        t.writeMs.push(now);
        const last = i === opts.tokens - 1;
        res.write(event(i, last));
        i++;
        if (last) res.end(tail);
        else setTimeout(step, opts.itl);
      };
      setTimeout(step, opts.ttft);
    });
  });
  // A deep accept queue: at 1000 req/s bursts of new connections overflow Node's default backlog of 511.
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
    const send = (m: FromServer): boolean | undefined => process.send?.(m);
    send({ type: 'ready', port: (server.address() as AddressInfo).port });
  });
  process.on('message', (m: ToServer) => {
    if (m.type !== 'collect') return;
    const cpu = process.cpuUsage(cpu0);
    cpu0 = process.cpuUsage();
    process.send?.({ type: 'timings', timings: [...timings.entries()], cpuMs: (cpu.user + cpu.system) / 1000 } satisfies FromServer);
    timings.clear();
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------- client (this process)

function nextMessage(child: ChildProcess, type: FromServer['type']): Promise<FromServer> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromServer): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null): void => reject(new Error(`the server process exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface RunFigures {
  sent: number; ok: number; failed: number; failures: string; achievedRate: number;
  lateP50: number; lateP99: number; lateMax: number;
  ttftAddP50: number; ttftAddP99: number;
  gapOverP50: number; gapOverP99: number;
  clientCpuSec: number; clientCpuShare: number; serverCpuSec: number;
}

async function oneRun(child: ChildProcess, baseUrl: string, opts: Options, seed: number, seconds: number): Promise<RunFigures> {
  const trace: TraceRequest[] = [{ prompt: 'req-0', promptTokens: 4, outputTokens: opts.tokens }];
  const schedule = buildSchedule({ requests: trace, rate: opts.rate, durationSec: seconds, arrival: 'poisson', seed })
    .map((s, i) => ({ time: s.time, request: { ...s.request, prompt: `req-${i}` } }));
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const records: RequestRecord[] = await runLoad({ baseUrl, api: 'completions', model: 'bench', schedule, timeoutMs: 30_000 });
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  child.send({ type: 'collect' } satisfies ToServer);
  const reply = await nextMessage(child, 'timings');
  if (reply.type !== 'timings') throw new Error('unexpected reply');
  const server = new Map(reply.timings);

  const late: number[] = [], ttftAdd: number[] = [], gapOver: number[] = [];
  let ok = 0;
  for (const r of records) {
    late.push(r.sendMs - r.scheduledMs);
    if (!r.ok) continue;
    ok++;
    const s = server.get(r.index);
    if (!s) continue;
    ttftAdd.push(r.chunkMs[0] - r.sendMs - s.ttfbMs);
    for (let i = 1; i < Math.min(r.chunkMs.length, s.writeMs.length); i++) {
      gapOver.push((r.chunkMs[i] - r.chunkMs[i - 1]) - (s.writeMs[i] - s.writeMs[i - 1]));
    }
  }
  const sends = records.map((r) => r.sendMs);
  const span = (Math.max(...sends) - Math.min(...sends)) / 1000;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    sent: records.length, ok, failed: records.length - ok, achievedRate: (records.length - 1) / span,
    failures: Object.entries(failureSummary(records)).map(([k, v]) => `${k} ${v.count} (${v.example})`).join(', '),
    lateP50: percentile(late, 50), lateP99: percentile(late, 99), lateMax: Math.max(...late),
    ttftAddP50: percentile(ttftAdd, 50), ttftAddP99: percentile(ttftAdd, 99),
    gapOverP50: percentile(gapOver, 50), gapOverP99: percentile(gapOver, 99),
    clientCpuSec: cpuMs / 1000, clientCpuShare: cpuMs / wallMs, serverCpuSec: reply.cpuMs / 1000,
  };
}

const f = (x: number, d = 2): string => x.toFixed(d);

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  if (process.argv.includes('--serve')) return serve(opts);
  const child = fork(__filename, ['--serve', ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await nextMessage(child, 'ready');
    if (ready.type !== 'ready') throw new Error('unexpected message');
    const baseUrl = `http://127.0.0.1:${ready.port}`;
    console.log(`client benchmark: ${opts.rate} req/s Poisson for ${opts.seconds} s, ${opts.tokens} tokens per request ` +
      `(server: first after ${opts.ttft} ms, then every ${opts.itl} ms), ${opts.runs} runs; node ${process.version}`);
    await oneRun(child, baseUrl, opts, 999, 1); // warm-up (JIT, sockets), not reported
    const runs: RunFigures[] = [];
    for (let k = 0; k < opts.runs; k++) {
      const r = await oneRun(child, baseUrl, opts, k + 1, opts.seconds);
      runs.push(r);
      console.log(`run ${k + 1}: sent ${r.sent} ok ${r.ok} failed ${r.failed}${r.failures ? ` [${r.failures}]` : ''} | rate ${f(r.achievedRate, 1)}/s | ` +
        `send late p50 ${f(r.lateP50, 3)} p99 ${f(r.lateP99)} max ${f(r.lateMax)} ms | ` +
        `added TTFT p50 ${f(r.ttftAddP50, 3)} p99 ${f(r.ttftAddP99)} ms | gap overhead p50 ${f(r.gapOverP50, 3)} p99 ${f(r.gapOverP99)} ms | ` +
        `client CPU ${f(r.clientCpuSec)} s (${f(100 * r.clientCpuShare, 0)}% of a core), server CPU ${f(r.serverCpuSec)} s`);
    }
    type NumericKey = { [K in keyof RunFigures]: RunFigures[K] extends number ? K : never }[keyof RunFigures];
    const med = (k: NumericKey): number => percentile(runs.map((r) => r[k]), 50);
    const [l1, l5] = loadavg();
    console.log(`\nmedian over runs (machine load average ${l1.toFixed(1)} / ${l5.toFixed(1)} on ${cpus().length} cores):`);
    console.log(`  achieved rate          ${f(med('achievedRate'), 1)} req/s (target ${opts.rate}), failed ${med('failed')}`);
    console.log(`  send lateness          p50 ${f(med('lateP50'), 3)} ms, p99 ${f(med('lateP99'))} ms, max ${f(med('lateMax'))} ms`);
    console.log(`  added TTFT             p50 ${f(med('ttftAddP50'), 3)} ms, p99 ${f(med('ttftAddP99'))} ms`);
    console.log(`  per-token gap overhead p50 ${f(med('gapOverP50'), 3)} ms, p99 ${f(med('gapOverP99'))} ms`);
    console.log(`  client CPU             ${f(med('clientCpuSec'))} s per ${opts.seconds} s run (${f(100 * med('clientCpuShare'), 0)}% of one core)`);
  } finally {
    child.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
