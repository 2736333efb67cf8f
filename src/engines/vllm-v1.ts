// vLLM V1 engine (`vllm serve`), flag set of vLLM 0.11.
//
// Checked against vLLM's EngineArgs.add_cli_args (vllm/engine/arg_utils.py, a 0.11.x tree: cache group
// --block-size/--gpu-memory-utilization/--enable-prefix-caching, scheduler group --max-num-batched-tokens/
// --max-num-seqs/--long-prefill-token-threshold/--async-scheduling), vllm/config/scheduler.py and cache.py
// as published on docs.vllm.ai/en/v0.10.2 and v0.11.2, and EngineArgs defaults (get_batch_defaults).
//
// Left out on purpose:
// - enable-chunked-prefill: always on in V1, not a tunable.
// - scheduler-delay-factor, use-v2-block-manager, num-scheduler-steps: removed with V0.
// - max-num-partial-prefills / max-long-partial-prefills: accepted by the parser but not honoured by the
//   V1 scheduler (vllm-project/vllm#14003, #21674; > 1 fails at start in 0.19, #39737).
// - kv-cache-dtype fp8, quantization, speculative decoding: change outputs (the paper excludes them).
// - cuda-graph-sizes / max-cudagraph-capture-size: the spelling moved between 0.11.0 and 0.11.1
//   (--cuda-graph-sizes deprecated for --cudagraph-capture-sizes); enforce-eager covers the on/off choice.
// - scheduling-policy priority: needs request priorities the trace does not carry.

import { ADDRESS_IN_USE, ARGPARSE_ERRORS, GENERIC_CRASH, MODEL_NOT_FOUND, OUT_OF_MEMORY } from './failures.js';
import type { EnginePreset, FailurePattern } from './preset.js';
import { powersOfTwoUpTo, serverPreset } from './server-preset.js';
import { switchFlag, valueFlag } from './tunable-flag.js';

const VLLM_V1_FAILURES: readonly FailurePattern[] = [
  // V1: "ValueError: To serve at least one request with the models's max seq len (32768), (4.00 GiB KV cache
  // is needed, which is larger than the available KV cache memory (1.91 GiB). ..."
  { pattern: /larger than the available KV cache memory/, reason: 'out-of-memory', summary: 'the KV cache cannot hold one request of max-model-len' },
  // V0/early V1: "ValueError: The model's max seq len (4096) is larger than the maximum number of tokens that
  // can be stored in KV cache (2048). Try increasing `gpu_memory_utilization` ..."
  { pattern: /larger than the maximum number of tokens that can be stored in KV cache/, reason: 'out-of-memory', summary: 'the KV cache cannot hold one request of max-model-len' },
  // "ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` ..."
  { pattern: /No available memory for the cache blocks/, reason: 'out-of-memory', summary: 'no GPU memory left for the KV cache' },
  ...OUT_OF_MEMORY,
  ...ADDRESS_IN_USE,
  ...ARGPARSE_ERRORS,
  // SchedulerConfig: "ValueError: max_num_batched_tokens (256) must be greater than or equal to max_num_seqs (512)."
  { pattern: /must be greater than or equal to max_num_seqs/, reason: 'invalid-config', summary: 'max-num-batched-tokens < max-num-seqs' },
  // pydantic config validation (V1 configs are pydantic dataclasses): "1 validation error for SchedulerConfig"
  { pattern: /validation errors? for \w+Config/, reason: 'invalid-config', summary: 'vLLM rejected the configuration' },
  // "ValueError: Total number of attention heads (40) must be divisible by tensor parallel size (3)."
  { pattern: /must be divisible by tensor parallel size/, reason: 'invalid-config', summary: 'the model cannot be split over this tensor-parallel size' },
  ...MODEL_NOT_FOUND,
  // Any other start-up ValueError is vLLM rejecting the configuration (EngineArgs/config validation).
  { pattern: /\bValueError: /, reason: 'invalid-config', summary: 'vLLM rejected the configuration' },
  // V1 engine core died after start: "RuntimeError: Engine core initialization failed." / "EngineDeadError"
  { pattern: /Engine core initialization failed|EngineDeadError/, reason: 'crash', summary: 'the vLLM engine core died' },
  ...GENERIC_CRASH,
];

export const vllmV1: EnginePreset = serverPreset({
  type: 'vllm',
  version: '0.11',
  checkedAgainst:
    'vLLM 0.11.x: vllm/engine/arg_utils.py add_cli_args (cache/scheduler/parallel groups), vllm/config/scheduler.py and cache.py ' +
    '(docs.vllm.ai/en/v0.10.2 and /en/v0.11.2 API pages), EngineArgs.get_batch_defaults; checked 2026',
  defaultCommand: ['vllm', 'serve', 'meta-llama/Llama-2-13b-hf'],
  modelLengthFlags: ['--max-model-len'],
  hostFlags: ['--host'],
  portFlags: ['--port'],
  readinessPath: '/health',
  // FlexibleArgumentParser turns `--max_num_seqs` into `--max-num-seqs`; vLLM's own docs use both.
  underscoreSpellings: true,
  flags: [
    // ParallelConfig: --tensor-parallel-size/-tp, int, default 1. Powers of two: TP must divide the head count.
    valueFlag(
      'tensor-parallel-size',
      ({ gpusPerTrial }) => (gpusPerTrial > 1 ? { type: 'enum', values: powersOfTwoUpTo(gpusPerTrial), default: 1 } : undefined),
      { aliases: ['-tp'] },
    ),
    // SchedulerConfig: int. Default depends on hardware (get_batch_defaults): 256 for the OpenAI server on
    // GPUs < 70 GiB or A100, 1024 on larger ones (H100/H200/MI300). 256 is used here; override per GPU.
    valueFlag('max-num-seqs', { type: 'int', min: 16, max: 2048, log: true, default: 256, description: 'engine default: 256 (1024 on ≥70 GiB non-A100 GPUs)' }),
    // SchedulerConfig: int. Default 2048 for the OpenAI server (8192 on ≥70 GiB non-A100 GPUs).
    valueFlag('max-num-batched-tokens', { type: 'int', min: 256, max: 32768, log: true, default: 2048, description: 'engine default: 2048 (8192 on ≥70 GiB non-A100 GPUs)' }),
    // CacheConfig: choices {1,8,16,32,64,128}; "on CUDA devices, only block sizes up to 32 are supported" and
    // the V1 FlashAttention backend needs a multiple of 16, so {16, 32}. Default 16.
    valueFlag('block-size', { type: 'enum', values: [16, 32], default: 16 }),
    // CacheConfig: BooleanOptionalAction (--enable-prefix-caching / --no-enable-prefix-caching); on by default
    // in V1 for generative models, so false must be rendered as the negation.
    switchFlag('enable-prefix-caching', { type: 'bool', default: true }, { on: ['--enable-prefix-caching'], off: ['--no-enable-prefix-caching'] }),
    // CacheConfig: float in (0, 1], default 0.9 (later vLLM releases default to 0.92).
    valueFlag('gpu-memory-utilization', { type: 'float', min: 0.7, max: 0.95, step: 0.01, default: 0.9 }),
    // SchedulerConfig: int, default 0 (= no cap). The V1 scheduler caps each prefill chunk at this many
    // tokens when > 0, letting short prompts overtake long ones.
    valueFlag('long-prefill-token-threshold', { type: 'enum', values: [0, 256, 512, 1024, 2048, 4096], default: 0 }),
    // ModelConfig: bool, default false (CUDA graphs on). Eager mode frees graph memory for KV cache.
    switchFlag('enforce-eager', { type: 'bool', default: false }, { extraNames: ['--no-enforce-eager'] }),
    // SchedulerConfig: bool, default false in 0.11 (experimental; overlaps scheduling with execution).
    switchFlag('async-scheduling', { type: 'bool', default: false }, { extraNames: ['--no-async-scheduling'] }),
    // ParallelConfig: bool, default false; only matters with TP > 1.
    switchFlag(
      'disable-custom-all-reduce',
      ({ gpusPerTrial }) => (gpusPerTrial > 1 ? { type: 'bool', default: false } : undefined),
      { extraNames: ['--no-disable-custom-all-reduce'] },
    ),
  ],
  // SchedulerConfig.verify: "max_num_batched_tokens (…) must be greater than or equal to max_num_seqs (…)".
  constraints: () => ['max-num-batched-tokens >= max-num-seqs'],
  // Chunked prefill is always on in V1, so no tuned flag has to hold a whole request.
  workloadConstraints: () => [],
  failurePatterns: VLLM_V1_FAILURES,
});
