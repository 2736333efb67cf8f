// Per-GPU memory model of one replica, after vLLM 0.4/0.5's start-up sequence:
//   1. load the weights (1/tp of them per GPU);
//   2. profile a dummy batch of max-num-batched-tokens tokens over max-num-seqs sequences and take
//      the peak (CUDA context + weights + NCCL/custom-all-reduce buffers + activations + sampler);
//   3. KV cache = total × gpu-memory-utilization − peak, cut into blocks;
//   4. capture CUDA graphs *after* the KV cache is allocated: their memory pool is not part of the
//      budget and must fit in what gpu-memory-utilization left over.
// What is left after that is the headroom for memory the profiling run did not see (allocator
// fragmentation grows with the shapes a live server meets), which is why a very high
// gpu-memory-utilization can crash under load.

import { GiB, kvBytesPerToken, layerParams, type GpuProfile, type ModelProfile } from './profiles.js';

/** CUDA context and PyTorch's own allocations, measured inside the profiling peak. */
const CONTEXT_BYTES = 0.5 * GiB;
/** NCCL communicator buffers per GPU when tensor-parallel, allocated before profiling. */
const NCCL_BYTES = 0.25 * GiB;
/** The custom all-reduce kernel's IPC buffers (vLLM allocates 8 MiB twice plus metadata). */
const CUSTOM_AR_BYTES = 0.04 * GiB;
/** Sampler working set per sequence and vocabulary entry: fp32 logits, probs, logprobs, sort keys. */
const SAMPLER_BYTES_PER_LOGIT = 20;
/**
 * CUDA-graph pool: fixed part plus a per-captured-size, per-layer part; with vLLM's 35 default
 * sizes this gives 1.5–1.8 GiB for 7B–13B models, within the "additional 1~3 GiB memory per GPU"
 * that vLLM 0.4 warns CUDA graphs can take.
 */
const GRAPH_POOL_FIXED = 0.5 * GiB;
const GRAPH_BYTES_PER_SIZE_LAYER = 0.9 * 1024 * 1024;
/** Fragmentation: the live peak may exceed the profiled activation peak by this fraction. */
export const FRAGMENTATION = 1.0;

export interface MemoryInputs {
  model: ModelProfile;
  gpu: GpuProfile;
  tp: number;
  gpuMemoryUtilization: number;
  maxNumBatchedTokens: number;
  maxNumSeqs: number;
  blockSize: number;
  customAllReduce: boolean;
  /** Number of CUDA-graph batch sizes captured; 0 = eager. */
  graphSizes: number;
  maxGraphBatch: number;
}

export interface MemoryPlan {
  totalBytes: number;
  weightBytes: number;
  commBytes: number;
  activationBytes: number;
  samplerBytes: number;
  peakBytes: number;
  kvBytes: number;
  kvBytesPerToken: number;
  numBlocks: number;
  graphBytes: number;
  /** Memory left after the KV cache and CUDA graphs; negative = graph capture runs out of memory. */
  headroomBytes: number;
}

/** Activation bytes per token per GPU at the peak of a forward pass (residual, QKV, MLP intermediates). */
export function activationBytesPerToken(model: ModelProfile, tp: number): number {
  return model.bytesPerParam * (4 * model.hidden + (3 * model.intermediate) / tp);
}

export function samplerBytes(model: ModelProfile, seqs: number): number {
  return seqs * model.vocab * SAMPLER_BYTES_PER_LOGIT;
}

/** Memory a live iteration needs beyond what profiling reserved (see FRAGMENTATION). */
export function transientBytes(model: ModelProfile, tp: number, tokens: number, seqs: number): number {
  return FRAGMENTATION * (activationBytesPerToken(model, tp) * tokens + samplerBytes(model, seqs));
}

export function planMemory(m: MemoryInputs): MemoryPlan {
  const totalBytes = m.gpu.memoryGiB * GiB;
  const weightBytes = ((layerParams(m.model) + 2 * m.model.vocab * m.model.hidden) * m.model.bytesPerParam) / m.tp;
  const commBytes = m.tp > 1 ? NCCL_BYTES + (m.customAllReduce ? CUSTOM_AR_BYTES : 0) : 0;
  const activationBytes = activationBytesPerToken(m.model, m.tp) * m.maxNumBatchedTokens;
  const sampled = Math.min(m.maxNumSeqs, m.maxNumBatchedTokens);
  const sampler = samplerBytes(m.model, sampled);
  const peakBytes = CONTEXT_BYTES + weightBytes + commBytes + activationBytes + sampler;
  const kvBytes = totalBytes * m.gpuMemoryUtilization - peakBytes;
  const perToken = kvBytesPerToken(m.model) / m.tp;
  const numBlocks = Math.max(0, Math.floor(kvBytes / (perToken * m.blockSize)));
  const graphBytes = m.graphSizes > 0
    ? GRAPH_POOL_FIXED + m.graphSizes * m.model.layers * GRAPH_BYTES_PER_SIZE_LAYER + activationBytesPerToken(m.model, m.tp) * m.maxGraphBatch
    : 0;
  const headroomBytes = totalBytes * (1 - m.gpuMemoryUtilization) - graphBytes;
  return {
    totalBytes, weightBytes, commBytes, activationBytes, samplerBytes: sampler, peakBytes, kvBytes,
    kvBytesPerToken: perToken, numBlocks, graphBytes, headroomBytes,
  };
}
