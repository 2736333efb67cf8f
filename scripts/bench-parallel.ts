// Wall time of one 16-evaluation study of the simulated engine with --parallel 1 and with --parallel 4
// (4 virtual slots), through the real CLI bundle. Prints each run's seconds, the medians and the
// ratio parallel-4 / parallel-1. Usage: npx tsx scripts/bench-parallel.ts [--runs N] [--budget N]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../src/core/stats.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, budget: { type: 'string', default: '16' } } });
const runs = Number(values.runs);
const budget = Number(values.budget);
const cli = resolve(__dirname, '..', 'dist', 'cli.js');
const trace = resolve(__dirname, '..', 'traces', 'chat.jsonl');

function config(): object {
  return {
    name: 'bench-parallel',
    engine: { type: 'sim', command: ['scoot', 'sim', 'serve', '--model-profile', 'llama2-13b', '--gpu', 'a100-80g', '--num-gpus', '2', '--max-model-len', '4096', '--startup-seconds', '1'], readyTimeoutSec: 60 },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
    workload: { trace, rate: 4, durationSec: 6, longestOutputs: 1, warmupRequests: 1, requestTimeoutSec: 60 },
    budget: { evaluations: budget, parallel: 1 },
    optimizer: { seed: 0 },
  };
}

function timeStudy(parallel: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-bench-parallel-'));
  try {
    writeFileSync(join(dir, 'scoot.config.json'), JSON.stringify(config()));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'tune', '--parallel', String(parallel), '--quiet'], { cwd: dir, encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`scoot tune --parallel ${parallel} failed (${r.status}): ${r.stderr.trim()}`);
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const serial: number[] = [];
const parallel: number[] = [];
for (let i = 0; i < runs; i++) {
  serial.push(timeStudy(1));
  parallel.push(timeStudy(4));
  console.log(`run ${i + 1}: --parallel 1 ${serial.at(-1)?.toFixed(1)} s, --parallel 4 ${parallel.at(-1)?.toFixed(1)} s`);
}
const ratio = median(parallel) / median(serial);
console.log(`${budget}-evaluation study, median of ${runs}: --parallel 1 ${median(serial).toFixed(1)} s, --parallel 4 ${median(parallel).toFixed(1)} s, ratio ${(100 * ratio).toFixed(1)}% (target <= 35%)`);
