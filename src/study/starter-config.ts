// The starter scoot.config.json that `scoot init` and the extension's "Create scoot.config.json" both
// write: the paper's interactive-service objectives (mean TTFT and TPOT), a TTFT SLO, the longest 50%
// of outputs, 30 evaluations and three robustness re-tests.

import type { ScootConfig } from './config.js';

export function starterConfig(name: string, engine: ScootConfig['engine'], trace: string): ScootConfig {
  return {
    name,
    engine,
    target: { type: 'local', gpus: [0] },
    objectives: [
      { metric: 'ttft_mean', goal: 'min' },
      { metric: 'tpot_mean', goal: 'min' },
    ],
    slo: { ttft_p99: { max: 5000 } },
    workload: { trace, rate: 10, durationSec: 120, arrival: 'poisson', longestOutputs: 0.5, api: 'completions' },
    budget: { evaluations: 30, parallel: 1 },
    robustness: { repeats: 3 },
    optimizer: { algorithm: 'scoot', seed: 0 },
  };
}
