// Model and GPU profiles the simulated engine computes with.
//
// Model shapes are the `config.json` values of the Hugging Face checkpoints
// (meta-llama/Llama-2-7b-hf, meta-llama/Llama-2-13b-hf, meta-llama/Meta-Llama-3-8B): hidden_size,
// num_hidden_layers, num_attention_heads, num_key_value_heads, intermediate_size, vocab_size,
// max_position_embeddings. Parameter counts follow from the shapes (checked against the published
// 6.74B / 13.0B / 8.03B). Weights are 16-bit (vLLM's default dtype for these checkpoints).
//
// GPU figures are NVIDIA datasheet values: dense FP16 tensor-core throughput (without sparsity),
// memory bandwidth, and interconnect. `memoryGiB` is what torch.cuda.mem_get_info reports as total
// (a little below the marketing size), which is what vLLM's gpu-memory-utilization multiplies.

export interface ModelProfile {
  name: ModelProfileName;
  /** Hugging Face id, used as the default served model name. */
  hfId: string;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  intermediate: number;
  vocab: number;
  maxContext: number;
  bytesPerParam: number;
}

export type ModelProfileName = 'llama2-7b' | 'llama2-13b' | 'llama3-8b';
export type GpuName = 'a10' | 'a100-80g' | 'h100';
export type Interconnect = 'pcie' | 'nvlink';

export interface GpuProfile {
  name: GpuName;
  label: string;
  memoryGiB: number;
  /** Dense FP16/BF16 tensor-core peak, FLOP/s. */
  peakFlops: number;
  /** HBM/GDDR bandwidth, bytes/s. */
  memBandwidth: number;
  interconnect: Interconnect;
  /** Per-direction GPU-to-GPU bandwidth, bytes/s (NVLink aggregate / 2, or PCIe Gen4 x16). */
  linkBandwidth: number;
}

export const MODEL_PROFILES: Readonly<Record<ModelProfileName, ModelProfile>> = {
  'llama2-7b': {
    name: 'llama2-7b', hfId: 'meta-llama/Llama-2-7b-hf',
    layers: 32, hidden: 4096, heads: 32, kvHeads: 32, intermediate: 11008, vocab: 32000, maxContext: 4096, bytesPerParam: 2,
  },
  'llama2-13b': {
    name: 'llama2-13b', hfId: 'meta-llama/Llama-2-13b-hf',
    layers: 40, hidden: 5120, heads: 40, kvHeads: 40, intermediate: 13824, vocab: 32000, maxContext: 4096, bytesPerParam: 2,
  },
  'llama3-8b': {
    name: 'llama3-8b', hfId: 'meta-llama/Meta-Llama-3-8B',
    layers: 32, hidden: 4096, heads: 32, kvHeads: 8, intermediate: 14336, vocab: 128256, maxContext: 8192, bytesPerParam: 2,
  },
};

export const GPU_PROFILES: Readonly<Record<GpuName, GpuProfile>> = {
  // NVIDIA A10 datasheet: 24 GB GDDR6, 600 GB/s, FP16 tensor 125 TFLOPS dense; PCIe Gen4 x16 only.
  a10: { name: 'a10', label: 'NVIDIA A10', memoryGiB: 22.49, peakFlops: 125e12, memBandwidth: 600e9, interconnect: 'pcie', linkBandwidth: 25e9 },
  // A100 SXM4 80GB datasheet: 2039 GB/s HBM2e, FP16 tensor 312 TFLOPS dense, NVLink 600 GB/s.
  'a100-80g': { name: 'a100-80g', label: 'NVIDIA A100-SXM4-80GB', memoryGiB: 79.15, peakFlops: 312e12, memBandwidth: 2039e9, interconnect: 'nvlink', linkBandwidth: 300e9 },
  // H100 SXM5 80GB datasheet: 3.35 TB/s HBM3, FP16 tensor 989 TFLOPS dense, NVLink 900 GB/s.
  h100: { name: 'h100', label: 'NVIDIA H100 80GB HBM3', memoryGiB: 79.1, peakFlops: 989e12, memBandwidth: 3350e9, interconnect: 'nvlink', linkBandwidth: 450e9 },
};

export const MODEL_PROFILE_NAMES = Object.keys(MODEL_PROFILES) as ModelProfileName[];
export const GPU_NAMES = Object.keys(GPU_PROFILES) as GpuName[];

export const GiB = 1024 ** 3;

export function headDim(m: ModelProfile): number {
  return m.hidden / m.heads;
}

/** Parameters of the transformer layers (attention + MLP), without embeddings. */
export function layerParams(m: ModelProfile): number {
  const kvDim = m.kvHeads * headDim(m);
  const attention = 2 * m.hidden * m.hidden + 2 * m.hidden * kvDim;
  const mlp = 3 * m.hidden * m.intermediate;
  return m.layers * (attention + mlp);
}

/** All parameters: layers plus untied input embedding and LM head. */
export function totalParams(m: ModelProfile): number {
  return layerParams(m) + 2 * m.vocab * m.hidden;
}

/** Bytes of K and V for one token across all layers (whole model, before tensor-parallel split). */
export function kvBytesPerToken(m: ModelProfile): number {
  return 2 * m.layers * m.kvHeads * headDim(m) * m.bytesPerParam;
}

/** Guess the profile from a served model name such as "meta-llama/Llama-2-13b-chat-hf". */
export function inferModelProfile(modelName: string): ModelProfileName | undefined {
  const s = modelName.toLowerCase().replace(/[_\s]/g, '-');
  if (/llama-?3(\.\d)?-?8b/.test(s)) return 'llama3-8b';
  if (/llama-?2-?13b/.test(s)) return 'llama2-13b';
  if (/llama-?2-?7b/.test(s)) return 'llama2-7b';
  return undefined;
}
