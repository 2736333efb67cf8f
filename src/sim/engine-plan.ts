// From flags to a runnable engine plan, or to the start-up error vLLM 0.4/0.5 would raise.
// Checks run in vLLM's order: model config, cache config, parallel config, scheduler config, weight
// loading, memory profiling (KV-cache size), CUDA-graph capture. Messages follow vLLM's wording so
// that crash patterns written for the real engine match the simulated one.

import type { SimConfig } from './flags.js';
import { planMemory, type MemoryPlan } from './memory.js';
import { GiB, GPU_PROFILES, inferModelProfile, MODEL_PROFILES, totalParams, type GpuProfile, type ModelProfile } from './profiles.js';

export interface EnginePlan {
  config: SimConfig;
  model: ModelProfile;
  gpu: GpuProfile;
  servedModelName: string;
  tp: number;
  numGpus: number;
  replicas: number;
  maxModelLen: number;
  maxNumBatchedTokens: number;
  maxNumSeqs: number;
  blockSize: number;
  chunkedPrefill: boolean;
  /** Prefix caching that actually skips prefill work (see prefixCachingNote). */
  prefixCaching: boolean;
  /** Prefix caching was requested (the chunked-prefill incompatibility depends on this). */
  prefixCachingRequested: boolean;
  customAllReduce: boolean;
  /** Largest decode batch that runs as a CUDA graph; 0 = always eager. */
  maxGraphBatch: number;
  numGraphSizes: number;
  memory: MemoryPlan;
  startupSeconds: number;
  /** Start-up log lines beyond the standard ones (warnings, ignored flags). */
  notes: string[];
}

export interface StartupFailure {
  /** The exception line the engine prints before exiting with status 1. */
  message: string;
  /** Where it failed, for logs and tests. */
  stage: 'config' | 'load' | 'profile' | 'cuda-graph';
}

export type PlanResult = { ok: true; plan: EnginePlan } | { ok: false; failure: StartupFailure };

const V0_CAPTURE_SIZES = [1, 2, 4, ...Array.from({ length: 32 }, (_, i) => 8 * (i + 1))];

function captureSizes(cfg: SimConfig): number[] {
  if (cfg.enforceEager) return [];
  let sizes: number[];
  if (cfg.cudaGraphSizes && cfg.cudaGraphSizes.length === 1) {
    const n = cfg.cudaGraphSizes[0];
    sizes = [1, 2, 4, ...Array.from({ length: Math.floor(n / 8) }, (_, i) => 8 * (i + 1))].filter((s) => s <= n);
  } else if (cfg.cudaGraphSizes) sizes = [...cfg.cudaGraphSizes];
  else sizes = V0_CAPTURE_SIZES;
  // vLLM pads max-num-seqs up to a multiple of 8 and captures nothing larger.
  const limit = cfg.maxNumSeqs <= 2 ? cfg.maxNumSeqs : cfg.maxNumSeqs <= 4 ? 4 : Math.ceil(cfg.maxNumSeqs / 8) * 8;
  return sizes.filter((s) => s > 0 && s <= limit);
}

function fail(stage: StartupFailure['stage'], message: string): PlanResult {
  return { ok: false, failure: { stage, message } };
}

const MiB = 1024 * 1024;

function oomMessage(tryBytes: number, totalBytes: number, freeBytes: number): string {
  return `torch.OutOfMemoryError: CUDA out of memory. Tried to allocate ${(tryBytes / MiB).toFixed(2)} MiB. ` +
    `GPU 0 has a total capacity of ${(totalBytes / GiB).toFixed(2)} GiB of which ${(Math.max(0, freeBytes) / MiB).toFixed(2)} MiB is free.`;
}

export function defaultStartupSeconds(model: ModelProfile, cudaGraphs: boolean): number {
  const env = process.env.SCOOT_SIM_STARTUP_SECONDS;
  if (env !== undefined && env !== '' && Number.isFinite(Number(env))) return Math.max(0, Number(env));
  return 1 + 0.12 * (totalParams(model) / 1e9) + (cudaGraphs ? 0.4 : 0);
}

export function planEngine(cfg: SimConfig): PlanResult {
  const notes: string[] = [];
  const profileName = cfg.modelProfile ?? (cfg.model ? inferModelProfile(cfg.model) : undefined);
  if (!profileName) notes.push(`No --model-profile given and none recognised in the model name; simulating llama2-7b.`);
  const model = MODEL_PROFILES[profileName ?? 'llama2-7b'];
  const gpu = GPU_PROFILES[cfg.gpu];
  const servedModelName = cfg.model ?? model.hfId;
  const tp = cfg.tensorParallelSize;
  const numGpus = cfg.numGpus ?? tp;

  // Model config.
  const maxModelLen = cfg.maxModelLen ?? model.maxContext;
  if (maxModelLen > model.maxContext) {
    return fail('config', `ValueError: User-specified max_model_len (${maxModelLen}) is greater than the derived max_model_len ` +
      `(max_position_embeddings=${model.maxContext} or model_max_length=None in model's config.json). This may lead to incorrect model outputs or CUDA errors.`);
  }
  if (maxModelLen < 1) return fail('config', `ValueError: max_model_len must be positive, got ${maxModelLen}.`);

  // Cache config.
  if (cfg.gpuMemoryUtilization > 1 || cfg.gpuMemoryUtilization <= 0) {
    return fail('config', `ValueError: GPU memory utilization must be less than 1.0. Got ${cfg.gpuMemoryUtilization}.`);
  }

  // Parallel config.
  if (tp < 1) return fail('config', `ValueError: tensor_parallel_size must be a positive integer, got ${tp}.`);
  if (numGpus < 1) return fail('config', `ValueError: --num-gpus must be a positive integer, got ${numGpus}.`);
  if (model.heads % tp !== 0) {
    return fail('config', `ValueError: Total number of attention heads (${model.heads}) must be divisible by tensor parallel size (${tp}).`);
  }
  if (tp > numGpus) {
    return fail('config', `ValueError: The number of required GPUs exceeds the total number of available GPUs in the cluster (required ${tp}, available ${numGpus}).`);
  }
  const replicas = Math.floor(numGpus / tp);
  if (numGpus % tp !== 0) notes.push(`WARNING: ${numGpus % tp} of ${numGpus} GPUs are left idle: ${numGpus} is not a multiple of tensor_parallel_size=${tp}.`);
  if (replicas > 1) notes.push(`Running ${replicas} data-parallel replicas of tensor_parallel_size=${tp}; requests go to the replica with the fewest outstanding requests.`);

  // Scheduler config.
  const chunked = cfg.enableChunkedPrefill;
  const mnbt = cfg.maxNumBatchedTokens ?? (chunked ? 512 : Math.max(maxModelLen, 2048));
  const mns = cfg.maxNumSeqs;
  if (mns < 1) return fail('config', `ValueError: max_num_seqs must be a positive integer, got ${mns}.`);
  if (mnbt < 1) return fail('config', `ValueError: max_num_batched_tokens must be a positive integer, got ${mnbt}.`);
  if (mnbt < maxModelLen && !chunked) {
    return fail('config', `ValueError: max_num_batched_tokens (${mnbt}) is smaller than max_model_len (${maxModelLen}). ` +
      'This effectively limits the maximum sequence length to max_num_batched_tokens and makes vLLM reject longer sequences. ' +
      'Please increase max_num_batched_tokens or decrease max_model_len.');
  }
  if (mnbt < mns) {
    return fail('config', `ValueError: max_num_batched_tokens (${mnbt}) must be greater than or equal to max_num_seqs (${mns}).`);
  }
  if (cfg.schedulerDelayFactor < 0) return fail('config', `ValueError: scheduler_delay_factor must be non-negative, got ${cfg.schedulerDelayFactor}.`);

  // Custom all-reduce availability, as vLLM 0.4 decides it.
  let customAllReduce = tp > 1 && !cfg.disableCustomAllReduce;
  if (customAllReduce && ![2, 4, 6, 8].includes(tp)) {
    customAllReduce = false;
    notes.push(`WARNING: Custom allreduce is disabled due to an unsupported world size: ${tp}. Supported world sizes: [2, 4, 6, 8].`);
  } else if (customAllReduce && gpu.interconnect === 'pcie' && tp > 2) {
    customAllReduce = false;
    notes.push(`WARNING: Custom allreduce is disabled because it's not supported on more than two PCIe-only GPUs.`);
  }

  const prefixCachingRequested = cfg.enablePrefixCaching;
  let prefixCaching = prefixCachingRequested;
  if (prefixCaching && cfg.useV2BlockManager) {
    // BlockManagerV2 of these versions did not yet track which cached blocks were computed
    // (vllm-project/vllm#3667), so nothing is skipped.
    prefixCaching = false;
    notes.push('WARNING: prefix caching with the v2 block manager does not skip computed blocks in this version.');
  }

  const sizes = captureSizes(cfg);
  const maxGraphBatch = sizes.length ? Math.max(...sizes) : 0;
  const memory = planMemory({
    model, gpu, tp, gpuMemoryUtilization: cfg.gpuMemoryUtilization, maxNumBatchedTokens: mnbt, maxNumSeqs: mns,
    blockSize: cfg.blockSize, customAllReduce, graphSizes: sizes.length, maxGraphBatch,
  });

  // Loading weights.
  if (memory.weightBytes + 0.5 * GiB > memory.totalBytes) {
    const layerShard = memory.weightBytes / model.layers;
    return fail('load', oomMessage(layerShard, memory.totalBytes, memory.totalBytes - memory.weightBytes * 0.97));
  }
  // Profiling.
  if (memory.numBlocks <= 0) {
    return fail('profile', 'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.');
  }
  const kvTokens = memory.numBlocks * cfg.blockSize;
  if (kvTokens < maxModelLen) {
    return fail('profile', `ValueError: The model's max seq len (${maxModelLen}) is larger than the maximum number of tokens that can be stored in KV cache (${kvTokens}). ` +
      'Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.');
  }
  // CUDA graphs are captured after the KV cache took its share.
  if (sizes.length > 0 && memory.headroomBytes < 0) {
    return fail('cuda-graph', oomMessage(memory.graphBytes / 4, memory.totalBytes, memory.totalBytes * (1 - cfg.gpuMemoryUtilization) - memory.graphBytes * 0.75));
  }

  if (cfg.swapSpace !== 4) notes.push(`--swap-space ${cfg.swapSpace} accepted: single-sequence requests are preempted by recomputation, so swap space is not used.`);
  if (cfg.maxNumPartialPrefills !== undefined && !chunked) notes.push('--max-num-partial-prefills has no effect without chunked prefill.');
  if (cfg.longPrefillTokenThreshold !== undefined && !chunked) notes.push('--long-prefill-token-threshold has no effect without chunked prefill.');
  for (const f of cfg.ignoredFlags) notes.push(`${f} accepted and ignored by the simulator.`);

  return {
    ok: true,
    plan: {
      config: cfg, model, gpu, servedModelName, tp, numGpus, replicas, maxModelLen,
      maxNumBatchedTokens: mnbt, maxNumSeqs: mns, blockSize: cfg.blockSize, chunkedPrefill: chunked,
      prefixCaching, prefixCachingRequested, customAllReduce, maxGraphBatch, numGraphSizes: sizes.length, memory,
      startupSeconds: cfg.startupSeconds ?? defaultStartupSeconds(model, sizes.length > 0),
      notes,
    },
  };
}
