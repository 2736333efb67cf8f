// The built-in defaults `scoot tune --demo` runs on: the simulated engine (Llama-2-13B on 2×A100,
// vLLM-0.4/0.5-style flags, the paper's Table 1 space) and the bundled chat trace, tuning mean TTFT
// and TPOT together. At 10 req/s the default (TP 1: two data-parallel replicas) is loaded enough that
// flags matter; 10-second stress tests on four slots keep the whole study to a few minutes.

import type { ScootConfig } from '../study/config.js';
import { bundledTrace } from './package-root.js';

/** Demo studies are .scoot/demo-1, demo-2, …: a fresh one each run. */
export const DEMO_STUDY = 'demo';

export function demoConfig(name = DEMO_STUDY): ScootConfig {
  return {
    name,
    engine: { type: 'sim', command: ['scoot', 'sim', 'serve', '--model-profile', 'llama2-13b', '--gpu', 'a100-80g', '--num-gpus', '2', '--max-model-len', '4096'], readyTimeoutSec: 60 },
    target: { type: 'local' },
    objectives: [
      { metric: 'ttft_mean', goal: 'min' },
      { metric: 'tpot_mean', goal: 'min' },
    ],
    workload: { trace: bundledTrace('chat'), rate: 10, durationSec: 10, arrival: 'poisson', longestOutputs: 0.5, api: 'completions', warmupRequests: 2, requestTimeoutSec: 60 },
    budget: { evaluations: 20, parallel: 4 },
    robustness: { repeats: 2 },
    optimizer: { algorithm: 'scoot', seed: 0 },
  };
}
