// Benchmarks of the simulated engine: `npx tsx scripts/bench-sim.ts [--runs N] [--streams N]`.
//  1. The virtual-time evaluator on 100 s of Poisson arrivals at 10 req/s (chat trace, Llama-2-13B on
//     2xA100): median wall time over several runs, target <= 50 ms. Also the 30 req/s recommendation run.
//  2. The real server under N concurrent streams (default 200): how much later than the model
//     prescribes each token reaches the client. The server runs as a separate process with
//     SCOOT_SIM_TIMING=1, which tags every chunk with the token's model emission time; the client
//     compares arrival times (same machine clock) with those. Target: < 5 ms per token.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { evaluateConfig } from '../src/sim/evaluate.js';
import { streamCompletion, type StreamRecord } from '../test/unit/sim/load-client.js';
import { loadTrace, longestOutputs, poissonSchedule } from '../test/unit/sim/sim-workload.js';
import { mean, median, percentile } from '../src/core/stats.js';

const ROOT = join(__dirname, '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function benchEvaluator(runs: number): void {
  const base = ['--model-profile', 'llama2-13b', '--gpu', 'a100-80g', '--num-gpus', '2'];
  const scenarios: [string, string, number, string[]][] = [
    ['chat 10 req/s, default config', 'chat', 10, base],
    ['chat 10 req/s, tp 2 + prefix caching', 'chat', 10, [...base, '-tp', '2', '--enable-prefix-caching']],
    ['chat 10 req/s, chunked prefill', 'chat', 10, [...base, '--enable-chunked-prefill']],
    ['rec 30 req/s (overloaded), default', 'rec', 30, base],
  ];
  console.log(`Virtual-time evaluator, 100 s of Poisson arrivals, Llama-2-13B on 2xA100 (median of ${runs} runs after warm-up):`);
  for (const [label, trace, rate, argv] of scenarios) {
    const s = poissonSchedule(longestOutputs(loadTrace(join(ROOT, 'traces', `${trace}.jsonl`)), 0.5), rate, 100, 1);
    for (let i = 0; i < 3; i++) evaluateConfig(argv, s.requests, s.arrivals);
    const times: number[] = [];
    const cpu: number[] = [];
    let last = evaluateConfig(argv, s.requests, s.arrivals);
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      last = evaluateConfig(argv, s.requests, s.arrivals);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const m = last.metrics;
    console.log(`  ${label.padEnd(40)} ${s.requests.length} requests, ${last.engine?.iterations ?? 0} iterations: ` +
      `wall median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}), CPU median ${median(cpu).toFixed(1)} ms` +
      (m ? `  [TTFT ${m.ttft_mean.toFixed(0)} ms, TPOT ${m.tpot_mean.toFixed(1)} ms, ${m.request_throughput.toFixed(2)} req/s]` : ''));
  }
}

interface ServerRun {
  lateMedian: number;
  lateP95: number;
  lateP99: number;
  lateMean: number;
  serverLateMedian: number;
  serverLateP95: number;
  serverLateMean: number;
  gapExcessMean: number;
  gapExcessP95: number;
  tokens: number;
  nominalGapMean: number;
}

async function oneServerRun(streams: number, tokens: number): Promise<ServerRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/sim/bin.ts'), '--port', '0', '--model-profile', 'llama2-7b', '--gpu', 'h100',
    '--max-num-seqs', '256', '--startup-seconds', '0'], { cwd: ROOT, env: { ...process.env, SCOOT_SIM_TIMING: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout?.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /Uvicorn running on (http:\/\/[\d.]+:\d+)/.exec(text);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`server exited:\n${text}`)));
    });
    child.stdout?.resume();
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    const records: StreamRecord[] = await Promise.all(Array.from({ length: streams }, (_, i) => streamCompletion(base, agent, `stream ${i} ` + 'word '.repeat(100), tokens)));
    agent.destroy();
    const late: number[] = [];
    const serverLate: number[] = [];
    const gapExcess: number[] = [];
    const nominalGaps: number[] = [];
    for (const r of records) {
      if (r.status !== 200 || r.nominalMs.length !== r.tokenMs.length) throw new Error(`bad stream: ${r.status} ${r.error ?? ''}`);
      for (let k = 0; k < r.tokenMs.length; k++) {
        late.push(r.tokenMs[k] - r.nominalMs[k]);
        serverLate.push(r.serverSentMs[k] - r.nominalMs[k]);
        if (k > 0) {
          const nominal = r.nominalMs[k] - r.nominalMs[k - 1];
          nominalGaps.push(nominal);
          gapExcess.push(r.tokenMs[k] - r.tokenMs[k - 1] - nominal);
        }
      }
    }
    return {
      lateMedian: median(late), lateP95: percentile(late, 95), lateP99: percentile(late, 99), lateMean: mean(late),
      gapExcessMean: mean(gapExcess), gapExcessP95: percentile(gapExcess, 95),
      serverLateMedian: median(serverLate), serverLateP95: percentile(serverLate, 95), serverLateMean: mean(serverLate),
      tokens: late.length, nominalGapMean: mean(nominalGaps),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

async function benchServer(runs: number, streams: number): Promise<void> {
  const tokens = 200;
  console.log(`\nServer, ${streams} concurrent streams x ${tokens} tokens (Llama-2-7B on H100, max-num-seqs 256), median of ${runs} runs:`);
  const results: ServerRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await oneServerRun(streams, tokens);
    results.push(r);
    console.log(`  run ${i + 1}: ${r.tokens} tokens, model gap ${r.nominalGapMean.toFixed(2)} ms | server-added (write - model time): median ${r.serverLateMedian.toFixed(2)}, ` +
      `mean ${r.serverLateMean.toFixed(2)}, p95 ${r.serverLateP95.toFixed(2)} ms | client-observed (receive - model time): median ${r.lateMedian.toFixed(2)}, ` +
      `mean ${r.lateMean.toFixed(2)}, p95 ${r.lateP95.toFixed(2)} ms | inter-token gap - model gap: mean ${r.gapExcessMean.toFixed(3)}, p95 ${r.gapExcessP95.toFixed(2)} ms`);
  }
  const pick = (f: (r: ServerRun) => number) => median(results.map(f)).toFixed(2);
  console.log(`  median over runs: server-added median ${pick((r) => r.serverLateMedian)} ms, mean ${pick((r) => r.serverLateMean)} ms, p95 ${pick((r) => r.serverLateP95)} ms; ` +
    `client-observed median ${pick((r) => r.lateMedian)} ms, mean ${pick((r) => r.lateMean)} ms; gap excess mean ${pick((r) => r.gapExcessMean)} ms (target < 5 ms per token)`);
  console.log('  (client-observed includes this single client process parsing each 200-chunk burst; under a loaded machine the p95s are scheduling delays)');
}

async function main(): Promise<void> {
  // Wall times include waiting for a core when the machine is busy; CPU time does not.
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores\n`);
  benchEvaluator(arg('runs', 15));
  await benchServer(arg('server-runs', 3), arg('streams', 200));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
