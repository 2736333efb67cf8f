// The workspace the end-to-end test opens: a launch script that starts SCOOT's simulated engine
// (`scoot sim serve`, which the extension runs through its own CLI bundle) and a scoot.config.json
// with a small budget and short stress tests. Every engine command carries a unique
// `--served-model-name`, so the test can find (or prove the absence of) the engines it caused.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from './code-server.js';

export interface FixtureOptions {
  name: string;
  evaluations: number;
  parallel: number;
  durationSec: number;
  rate: number;
}

export interface Fixture {
  dir: string;
  /** Unique to this workspace: appears in the argv of every engine it launches. */
  marker: string;
  launchFile: string;
  configFile: string;
  /** serve.sh as written, before any Apply. */
  originalLaunchScript: string;
  studyDir(name: string): string;
  writeConfig(o: FixtureOptions): void;
}

export const LAUNCH_COMMENT = '# Serve the simulated Llama-2-13B on two A100s (SCOOT\'s simulator speaks vLLM 0.5 flags).';

function launchScript(marker: string): string {
  return [
    '#!/usr/bin/env bash',
    LAUNCH_COMMENT,
    'set -euo pipefail',
    'scoot sim serve --model-profile llama2-13b --gpu a100-80g --num-gpus 2 --max-model-len 4096 \\',
    `  --served-model-name ${marker} \\`,
    '  --max-num-seqs 256 \\',
    '  --block-size=16  # paged-attention block size',
    '',
  ].join('\n');
}

export function configFor(o: FixtureOptions): Record<string, unknown> {
  return {
    name: o.name,
    engine: { type: 'sim', launchFile: 'serve.sh', readyTimeoutSec: 90 },
    target: { type: 'local' },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
    workload: { trace: 'trace.jsonl', rate: o.rate, durationSec: o.durationSec, longestOutputs: 0.5, warmupRequests: 1, requestTimeoutSec: 60 },
    budget: { evaluations: o.evaluations, parallel: o.parallel },
    robustness: { repeats: 0 },
    optimizer: { algorithm: 'scoot', seed: 1 },
  };
}

export function makeFixture(parent: string, label: string, options: FixtureOptions): Fixture {
  const dir = join(parent, label);
  mkdirSync(dir, { recursive: true });
  const marker = `e2e-${label}-${randomBytes(4).toString('hex')}`;
  const launchFile = join(dir, 'serve.sh');
  const configFile = join(dir, 'scoot.config.json');
  const originalLaunchScript = launchScript(marker);
  writeFileSync(launchFile, originalLaunchScript, { mode: 0o755 });
  // A slice of the bundled chat trace: a 3-second test at 4 req/s sends about a dozen requests.
  const trace = readFileSync(join(repoRoot, 'traces', 'chat.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 80);
  writeFileSync(join(dir, 'trace.jsonl'), trace.join('\n') + '\n');
  const writeConfig = (o: FixtureOptions): void => writeFileSync(configFile, JSON.stringify(configFor(o), null, 2) + '\n');
  writeConfig(options);
  return { dir, marker, launchFile, configFile, originalLaunchScript, studyDir: (name) => join(dir, '.scoot', name), writeConfig };
}
