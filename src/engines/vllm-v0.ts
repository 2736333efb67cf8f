// vLLM 0.4 / 0.5 behind the OpenAI server (`python -m vllm.entrypoints.openai.api_server`, which both
// releases ship; the `vllm serve` entry point only exists in the 0.5 line). See vllm-legacy.ts for the flag table and sources.

import type { EnginePreset } from './preset.js';
import { serverPreset } from './server-preset.js';
import { LEGACY_VLLM_FAILURES, legacyVllmConstraints, legacyVllmFlags, legacyVllmWorkloadConstraints } from './vllm-legacy.js';

export const vllmV0: EnginePreset = serverPreset({
  type: 'vllm',
  version: '0.5',
  checkedAgainst:
    'vLLM 0.5.0 vllm/engine/arg_utils.py (EngineArgs + add_cli_args), 0.5.3/0.5.5 engine-args docs (docs.vllm.ai/en/v0.5.3) for ' +
    '--enable-chunked-prefill StoreBoolean; the paper\'s Table 1 and Appendix A.2.1 (vLLM 0.4.2 and 0.5.5)',
  defaultCommand: ['python', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'meta-llama/Llama-2-13b-hf'],
  modelLengthFlags: ['--max-model-len'],
  hostFlags: ['--host'],
  portFlags: ['--port'],
  // The OpenAI server of 0.4/0.5 answers GET /health with 200 once the engine is built.
  readinessPath: '/health',
  flags: legacyVllmFlags({ gpuMemoryUtilization: false }),
  constraints: () => legacyVllmConstraints(),
  workloadConstraints: legacyVllmWorkloadConstraints,
  failurePatterns: LEGACY_VLLM_FAILURES,
});
