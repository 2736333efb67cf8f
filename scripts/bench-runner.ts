// What one local evaluation costs beyond the engine's own start-up and the load itself: port lease,
// launch, readiness polling lag, model lookup, warm-up, stop and the port check. Prints medians.
//
//   npx tsx scripts/bench-runner.ts [runs=5]
//
// Engines: the fake engine (test/fixtures/fake-engine.mjs, start-up 100 ms) and the simulator
// (src/sim/bin.ts under tsx, --startup-seconds 0.2). The load is 20 requests at 40 req/s.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getPreset } from '../src/engines/index.js';
import { LocalEvaluator } from '../src/runner/evaluate-local.js';
import type { TrialPhase } from '../src/protocol/study.js';
import type { EvaluationSetup, Slot } from '../src/runner/types.js';
import { median } from '../src/core/stats.js';

const REPO = resolve(__dirname, '..');
const runs = Number(process.argv[2] ?? 5);
const slot: Slot = { id: 0, kind: 'local', gpus: [], label: 'slot 0' };

function setup(baseCommand: string[], scootCommand: string[]): EvaluationSetup {
  return {
    preset: getPreset('sim'),
    baseCommand,
    scootCommand,
    env: {},
    host: '127.0.0.1',
    readyTimeoutSec: 30,
    cwd: REPO,
    workload: {
      requests: Array.from({ length: 8 }, (_, i) => ({ prompt: `request ${i} about topic ${i}`, promptTokens: 10, outputTokens: 12 })),
      rate: 40,
      count: 20,
      arrival: 'poisson',
      burstiness: 1,
      api: 'completions',
      warmupRequests: 2,
      requestTimeoutSec: 10,
      maxErrorRate: 0.05,
      seed: 1,
    },
    stopGraceSec: 5,
  };
}

async function measure(name: string, s: EvaluationSetup): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-bench-runner-'));
  const evaluator = new LocalEvaluator(s);
  const phases: Record<string, number[]> = {};
  const totals: number[] = [];
  const overheads: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const marks: [TrialPhase | 'end', number][] = [];
      const t0 = performance.now();
      const outcome = await evaluator.evaluate({ trial: i, params: {}, source: 'default' }, slot, join(dir, 'logs', `${i}.log`), new AbortController().signal, {
        onPhase: (p) => marks.push([p, performance.now()]),
      });
      const end = performance.now();
      marks.push(['end', end]);
      if (outcome.status !== 'ok') throw new Error(`${name}: trial ${i} ${outcome.status}: ${outcome.reason}`);
      for (let k = 0; k + 1 < marks.length; k++) (phases[marks[k][0]] ??= []).push((marks[k + 1][1] - marks[k][1]) / 1000);
      const total = (end - t0) / 1000;
      totals.push(total);
      overheads.push(total - (outcome.loadSeconds ?? 0));
    }
  } finally {
    await evaluator.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const fmt = (x: number): string => `${x.toFixed(3)} s`;
  console.log(`${name} (median of ${runs})`);
  console.log(`  whole evaluation      ${fmt(median(totals))}`);
  console.log(`  everything but load   ${fmt(median(overheads))}`);
  for (const [phase, xs] of Object.entries(phases)) console.log(`  ${phase.padEnd(21)} ${fmt(median(xs))}`);
}

async function main(): Promise<void> {
  await measure('fake engine', setup([process.execPath, join(REPO, 'test/fixtures/fake-engine.mjs')], []));
  await measure(
    'simulator',
    setup(['scoot', '--model-profile', 'llama2-7b', '--gpu', 'a100-80g', '--num-gpus', '1', '--startup-seconds', '0.2'], [process.execPath, '--import', 'tsx', join(REPO, 'src/sim/bin.ts')]),
  );
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
