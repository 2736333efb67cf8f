// vLLM 0.4 / 0.5 (the V0 engine the paper tuned): Table 1 of the paper exactly, with the known
// constraints of its Appendix A.2.1. The simulator speaks the same flags, so its preset reuses this table.
//
// Checked against vllm/engine/arg_utils.py of the 0.5.0 tree (EngineArgs dataclass defaults and
// add_cli_args): --tensor-parallel-size/-tp int default 1; --block-size int choices [8, 16, 32] default 16;
// --enable-prefix-caching store_true; --use-v2-block-manager store_true (default False until 0.6.2);
// --max-num-seqs int default 256; --max-num-batched-tokens int default None (= max(max_model_len, 2048)
// without chunked prefill); --scheduler-delay-factor float default 0.0; --enable-chunked-prefill store_true
// in 0.4.x/0.5.0, StoreBoolean (nargs="?") in 0.5.5, so `--enable-chunked-prefill` alone works in both;
// --disable-custom-all-reduce store_true; --gpu-memory-utilization float default 0.90.

import { BOOLEAN_LITERAL } from './argv.js';
import { ADDRESS_IN_USE, ARGPARSE_ERRORS, GENERIC_CRASH, MODEL_NOT_FOUND, OUT_OF_MEMORY } from './failures.js';
import type { FailurePattern, SpaceOptions, WorkloadFacts } from './preset.js';
import { modelLengthFor } from './server-preset.js';
import { switchFlag, valueFlag, type TunableFlag } from './tunable-flag.js';

/** Llama-2's context length: the paper's models, and the fallback when the model length is unknown. */
const ASSUMED_MODEL_LEN = 4096;

/** vLLM 0.4/0.5's own default: max(max_model_len, 2048) when chunked prefill is off. */
function batchedTokensDefault(options: SpaceOptions): number {
  return Math.max(options.maxModelLen ?? ASSUMED_MODEL_LEN, 2048);
}

function legacyBool(name: string): TunableFlag {
  // store_true in 0.4/0.5.0; StoreBoolean in 0.5.5 accepts a trailing True/False, which stripping must eat.
  return switchFlag(name, { type: 'bool', default: false }, { optionalValue: BOOLEAN_LITERAL });
}

/** Table 1 of the paper; with `gpuMemoryUtilization` also the memory fraction (the simulator's space). */
export function legacyVllmFlags(extra: { gpuMemoryUtilization: boolean }): TunableFlag[] {
  const flags: TunableFlag[] = [
    // Table 1: Integer [1, #GPUs]; left out when a trial has one GPU (nothing to choose).
    valueFlag(
      'tensor-parallel-size',
      ({ gpusPerTrial }) => (gpusPerTrial > 1 ? { type: 'int', min: 1, max: gpusPerTrial, default: 1 } : undefined),
      { aliases: ['-tp'] },
    ),
    // Table 1: Integer [64, 8192]; log scale because the effect is multiplicative.
    valueFlag('max-num-seqs', { type: 'int', min: 64, max: 8192, log: true, default: 256 }),
    // Table 1: Integer [64, 8192]; the range grows to the model length so the engine default stays inside.
    valueFlag('max-num-batched-tokens', (options) => {
      const def = batchedTokensDefault(options);
      return { type: 'int', min: 64, max: Math.max(8192, def), log: true, default: def, description: 'engine default: max(max-model-len, 2048)' };
    }),
    valueFlag('block-size', { type: 'enum', values: [8, 16, 32], default: 16 }),
    // Table 1: Float [0, 2]; steps of 0.05 keep configurations reproducible on the command line.
    valueFlag('scheduler-delay-factor', { type: 'float', min: 0, max: 2, step: 0.05, default: 0 }),
    legacyBool('enable-chunked-prefill'),
    legacyBool('enable-prefix-caching'),
    legacyBool('disable-custom-all-reduce'),
    legacyBool('use-v2-block-manager'),
  ];
  if (extra.gpuMemoryUtilization)
    flags.push(valueFlag('gpu-memory-utilization', { type: 'float', min: 0.7, max: 0.98, step: 0.01, default: 0.9 }));
  return flags;
}

/** Appendix A.2.1: the known constraints of vLLM 0.4.2 / 0.5.5. */
export function legacyVllmConstraints(): string[] {
  return ['max-num-batched-tokens >= max-num-seqs', '!(enable-chunked-prefill && enable-prefix-caching)'];
}

/** Without chunked prefill a whole prompt is one batch: max-num-batched-tokens must cover max-model-len. */
export function legacyVllmWorkloadConstraints(facts: WorkloadFacts): string[] {
  return [`enable-chunked-prefill || max-num-batched-tokens >= ${modelLengthFor(facts)}`];
}

export const LEGACY_VLLM_FAILURES: readonly FailurePattern[] = [
  // "ValueError: The model's max seq len (4096) is larger than the maximum number of tokens that can be stored
  // in KV cache (2048). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` ..."
  { pattern: /larger than the maximum number of tokens that can be stored in KV cache/, reason: 'out-of-memory', summary: 'the KV cache cannot hold one request of max-model-len' },
  // "ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` ..."
  { pattern: /No available memory for the cache blocks/, reason: 'out-of-memory', summary: 'no GPU memory left for the KV cache' },
  ...OUT_OF_MEMORY,
  ...ADDRESS_IN_USE,
  ...ARGPARSE_ERRORS,
  // SchedulerConfig._verify_args: "max_num_batched_tokens (2048) is smaller than max_model_len (4096). This
  // effectively limits the maximum sequence length to max_num_batched_tokens ..."
  { pattern: /max_num_batched_tokens \(\d+\) is smaller than max_model_len/, reason: 'invalid-config', summary: 'max-num-batched-tokens < max-model-len without chunked prefill' },
  // "ValueError: max_num_batched_tokens (64) must be greater than or equal to max_num_seqs (256)."
  { pattern: /must be greater than or equal to max_num_seqs/, reason: 'invalid-config', summary: 'max-num-batched-tokens < max-num-seqs' },
  // "ValueError: Total number of attention heads (40) must be divisible by tensor parallel size (3)."
  { pattern: /must be divisible by tensor parallel size/, reason: 'invalid-config', summary: 'the model cannot be split over this tensor-parallel size' },
  ...MODEL_NOT_FOUND,
  // Any other start-up ValueError is vLLM rejecting the configuration (EngineArgs/config validation).
  { pattern: /\bValueError: /, reason: 'invalid-config', summary: 'vLLM rejected the configuration' },
  // AsyncLLMEngine died while serving: "vllm.engine.async_llm_engine.AsyncEngineDeadError: Background loop has errored already."
  { pattern: /AsyncEngineDeadError/, reason: 'crash', summary: 'the vLLM engine loop died' },
  ...GENERIC_CRASH,
];
