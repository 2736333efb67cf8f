// The simulated engine (`scoot sim serve`), which accepts vLLM-0.4/0.5-style flags so the paper's Table 1
// space can be tuned without a GPU. Space = Table 1 + gpu-memory-utilization; constraints as vLLM 0.4/0.5.
// The flags are cross-checked against the simulator's own flag list (SIM_FLAGS) by a unit test.

import type { EnginePreset } from './preset.js';
import { serverPreset } from './server-preset.js';
import { LEGACY_VLLM_FAILURES, legacyVllmConstraints, legacyVllmFlags, legacyVllmWorkloadConstraints } from './vllm-legacy.js';

export const sim: EnginePreset = serverPreset({
  type: 'sim',
  version: '1',
  checkedAgainst: 'SCOOT simulator src/sim (SIM_FLAGS), same flag spellings as vLLM 0.5 (see vllm-legacy.ts)',
  // Model profile, GPU and GPU count are fixed properties of the simulated deployment, not tuned.
  defaultCommand: ['scoot', 'sim', 'serve', '--model-profile', 'llama2-13b', '--gpu', 'a100-80g', '--num-gpus', '2', '--max-model-len', '4096'],
  modelLengthFlags: ['--max-model-len'],
  hostFlags: ['--host'],
  portFlags: ['--port'],
  readinessPath: '/health',
  flags: legacyVllmFlags({ gpuMemoryUtilization: true }),
  constraints: () => legacyVllmConstraints(),
  workloadConstraints: legacyVllmWorkloadConstraints,
  failurePatterns: LEGACY_VLLM_FAILURES,
});
