// The starter scoot.config.json that `scoot init` and the extension's "Create scoot.config.json" both
// write, made to run as written on the machine that writes it: the paper's interactive-service
// objectives (mean TTFT and TPOT), the longest 50% of outputs, three robustness re-tests; for a real
// engine, a TTFT SLO, one trial at a time on GPUs this machine has, as many per trial as the launch
// command's tensor-parallel size; for the simulator, no GPU at all and short trials.

import { getPreset } from '../engines/registry.js';
import type { EngineType } from '../engines/preset.js';
import type { ScootConfig, WorkloadConfig } from './config.js';
import { tensorParallelSize } from './launch-parallelism.js';

export function starterConfig(name: string, engine: ScootConfig['engine'], trace: string, gpus: readonly number[] = [0]): ScootConfig & { workload: WorkloadConfig } {
  return {
    name,
    engine,
    target: { type: 'local', gpus: [...gpus] },
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

/**
 * The simulated engine (Llama-2-13B on two simulated A100s): its GPUs are simulated, so the target
 * names none and trials only share the CPU; 10-second stress tests, two at a time, keep a study short.
 */
export function simStarterConfig(name: string, trace: string): ScootConfig {
  const config = starterConfig(name, { type: 'sim', command: [...getPreset('sim').defaultCommand], readyTimeoutSec: 60 }, trace);
  return {
    ...config,
    target: { type: 'local' },
    workload: { ...config.workload, durationSec: 10, requestTimeoutSec: 60 },
    budget: { evaluations: 20, parallel: 2 },
    robustness: { repeats: 2 },
  };
}

export interface LaunchCommandFacts {
  engine: EngineType;
  /** Whether the study reads the command from the launch file itself (shell scripts) or needs it copied. */
  readsLaunchFile: boolean;
  argv: readonly string[];
}

/**
 * For an engine command found in a launch file: engine.gpusPerTrial is the command's tensor-parallel
 * size; target.gpus is this machine's GPUs (`machineGpus`) when there are enough, else the first
 * gpusPerTrial indices.
 */
export function launchStarterConfig(name: string, site: LaunchCommandFacts, launchFile: string, trace: string, machineGpus: readonly number[] = []): ScootConfig {
  const gpusPerTrial = tensorParallelSize(getPreset(site.engine), site.argv) ?? 1;
  const engine: ScootConfig['engine'] = {
    type: site.engine,
    ...(site.readsLaunchFile ? {} : { command: [...site.argv] }),
    launchFile,
    port: 8000,
    readyTimeoutSec: 900,
    gpusPerTrial,
  };
  const gpus = machineGpus.length >= gpusPerTrial ? machineGpus : Array.from({ length: gpusPerTrial }, (_, i) => i);
  return starterConfig(name, engine, trace, gpus);
}
