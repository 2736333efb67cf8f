// Benchmark of a trial whose engine prints one huge line: is reading its output linear in time and
// bounded in memory? A `command` benchmark prints an N MB line without a newline, in 64 KiB writes,
// then its metrics line; the trial runs through the real CommandEvaluator (log, tail, last-line
// tracking). Printed per size: the trial's wall time, this process's peak RSS growth, and the log size.
//
//   npx tsx scripts/bench-output-tail.ts [--mb 10,20] [--log-mb 64]

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getPreset } from '../src/engines/index.js';
import { CommandEvaluator } from '../src/runner/evaluate-command.js';
import type { EvaluationSetup } from '../src/runner/types.js';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const sizes = arg('mb', '10,20').split(',').map(Number);
const logMb = Number(arg('log-mb', '64'));

const dir = mkdtempSync(join(tmpdir(), 'scoot-tail-bench-'));
const bench = join(dir, 'long-line.mjs');
writeFileSync(
  bench,
  `const mb = Number(process.argv[2]);
const block = 'x'.repeat(65536);
let left = mb * 1024 * 1024;
function write() {
  while (left > 0) {
    left -= block.length;
    if (!process.stdout.write(block)) return process.stdout.once('drain', write);
  }
  process.stdout.write('\\n{"ttft_mean": 1}\\n');
}
write();
`,
);

async function trial(mb: number, run: number): Promise<{ seconds: number; rssMb: number; logMb: number; status: string }> {
  const setup = {
    preset: getPreset('command'),
    baseCommand: [],
    scootCommand: [],
    env: {},
    host: '127.0.0.1',
    readyTimeoutSec: 60,
    cwd: dir,
    evaluateTemplate: [process.execPath, bench, String(mb)],
    workload: { requests: [], rate: 1, durationSec: 1, arrival: 'poisson', burstiness: 1, api: 'completions', warmupRequests: 0, requestTimeoutSec: 10, maxErrorRate: 0.05, seed: 0 },
    stopGraceSec: 2,
    logLimitBytes: logMb * 1024 * 1024,
  } as EvaluationSetup;
  const evaluator = new CommandEvaluator(setup);
  const logPath = join(dir, `${run}.log`);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const outcome = await evaluator.evaluate({ trial: mb, params: {}, source: 'default' }, { id: 0, kind: 'local', gpus: [], label: 'local' }, logPath, new AbortController().signal);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await evaluator.close();
  return { seconds, rssMb: (peak - before) / 1024 / 1024, logMb: statSync(logPath).size / 1024 / 1024, status: outcome.status };
}

let runs = 0;
async function main(): Promise<void> {
  try {
    for (const mb of sizes) {
      const r = await trial(mb, runs++);
      console.log(`${mb} MB line: ${r.seconds.toFixed(2)} s, peak RSS +${r.rssMb.toFixed(0)} MB, log ${r.logMb.toFixed(1)} MB, outcome ${r.status}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
