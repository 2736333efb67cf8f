// Time of one engine iteration (one forward pass over the scheduled batch), roofline style.
//
// Per GPU of a replica with tensor-parallel degree tp:
//   GEMMs:      max(2·P/tp·tokens FLOPs at ~65% of peak, reading P/tp weights at ~82% of bandwidth)
//   attention:  max(4·L·h/tp·(token pairs) FLOPs at ~45% of peak, reading the KV context at ~70% of
//               bandwidth scaled by the paged-attention kernel's efficiency at this block size)
//   launches:   a CUDA-graph replay for decode-only batches that have a captured size, else eager
//               per-layer Python/launch overhead
//   all-reduce: 2 per layer when tp > 1, latency + ring traffic over the GPU link; the custom
//               all-reduce kernel has lower latency than NCCL for messages up to 8 MiB
//   CPU:        vLLM 0.4's Python scheduler, input preparation and output processing, a fixed part
//               plus a per-sequence part (larger with the v2 block manager)
// Efficiencies are typical of measured vLLM kernels (e.g. a 13B model decodes a single sequence
// at ~18 ms per token on an A100, prefills at ~8k tokens/s); they are modelling choices.

import type { EnginePlan } from './engine-plan.js';
import { kvBytesPerToken, layerParams } from './profiles.js';

/** What one iteration computes. */
export interface BatchShape {
  /** Prompt tokens computed in this iteration (after prefix-cache hits). */
  prefillTokens: number;
  /** Σ over prefill chunks of chunk × (earlier context + chunk / 2): causal attention token pairs. */
  prefillPairs: number;
  /** Σ over prefill chunks of the earlier context read from the KV cache (cached prefix, earlier chunks). */
  prefillContext: number;
  decodeSeqs: number;
  /** Σ over decoding sequences of their context length. */
  decodeContext: number;
  /** Sequences that sample a token (LM-head rows). */
  sampledSeqs: number;
  /** Sequences in the batch (decodes and prefill chunks). */
  scheduledSeqs: number;
}

const GEMM_EFFICIENCY = 0.65;
const ATTENTION_EFFICIENCY = 0.45;
const WEIGHT_BW_EFFICIENCY = 0.82;
const KV_BW_EFFICIENCY = 0.7;
const GRAPH_LAUNCH_SECONDS = 0.15e-3;
const EAGER_SECONDS_PER_LAYER = 28e-6;
const CPU_BASE_SECONDS = 1.6e-3;
const CPU_PER_SEQ_SECONDS = 32e-6;
const CPU_PER_PREFILL_TOKEN_SECONDS = 0.15e-6;
const CPU_PER_HASHED_TOKEN_SECONDS = 0.1e-6;
const V2_BLOCK_MANAGER_CPU_FACTOR = 1.35;
const TP_BROADCAST_SECONDS = 0.25e-3;
const CUSTOM_AR_MAX_BYTES = 8 * 1024 * 1024;

/** Relative efficiency of the paged-attention kernel by block size (16 is what it is tuned for). */
export function pagedAttentionEfficiency(blockSize: number): number {
  switch (blockSize) {
    case 8: return 0.8;
    case 16: return 1.0;
    case 32: return 0.97;
    case 64: return 0.92;
    default: return 0.85;
  }
}

export class PerfModel {
  private readonly linearFlopsPerToken: number;
  private readonly lmHeadFlopsPerSeq: number;
  private readonly weightReadSeconds: number;
  private readonly attnFlopsPerPair: number;
  private readonly kvReadSecondsPerToken: number;
  private readonly kvWriteSecondsPerToken: number;
  private readonly flopRate: number;
  private readonly attnFlopRate: number;
  private readonly eagerSeconds: number;
  private readonly cpuPerSeq: number;
  private readonly cpuPerPrefillToken: number;
  private readonly allReduces: number;
  private readonly arBytesPerToken: number;
  private readonly arLatencyCustom: number;
  private readonly arLatencyNccl: number;
  private readonly arSecondsPerByte: number;

  constructor(private readonly plan: EnginePlan) {
    const { model, gpu, tp } = plan;
    this.linearFlopsPerToken = (2 * layerParams(model)) / tp;
    this.lmHeadFlopsPerSeq = (2 * model.hidden * model.vocab) / tp;
    const weightsRead = ((layerParams(model) + model.vocab * model.hidden) * model.bytesPerParam) / tp;
    this.weightReadSeconds = weightsRead / (gpu.memBandwidth * WEIGHT_BW_EFFICIENCY);
    this.attnFlopsPerPair = (4 * model.layers * model.hidden) / tp;
    const kvPerToken = kvBytesPerToken(model) / tp;
    this.kvReadSecondsPerToken = kvPerToken / (gpu.memBandwidth * KV_BW_EFFICIENCY * pagedAttentionEfficiency(plan.blockSize));
    this.kvWriteSecondsPerToken = kvPerToken / (gpu.memBandwidth * WEIGHT_BW_EFFICIENCY);
    this.flopRate = gpu.peakFlops * GEMM_EFFICIENCY;
    this.attnFlopRate = gpu.peakFlops * ATTENTION_EFFICIENCY;
    this.eagerSeconds = model.layers * EAGER_SECONDS_PER_LAYER;
    this.cpuPerSeq = CPU_PER_SEQ_SECONDS * (plan.config.useV2BlockManager ? V2_BLOCK_MANAGER_CPU_FACTOR : 1);
    this.cpuPerPrefillToken = CPU_PER_PREFILL_TOKEN_SECONDS + (plan.prefixCachingRequested ? CPU_PER_HASHED_TOKEN_SECONDS : 0);
    this.allReduces = tp > 1 ? 2 * model.layers : 0;
    this.arBytesPerToken = model.hidden * model.bytesPerParam;
    const nvlink = gpu.interconnect === 'nvlink';
    this.arLatencyCustom = nvlink ? 7e-6 : 14e-6;
    this.arLatencyNccl = nvlink ? 22e-6 : 45e-6;
    this.arSecondsPerByte = tp > 1 ? (2 * (tp - 1)) / tp / gpu.linkBandwidth : 0;
  }

  /** Does this batch replay a CUDA graph? Only decode-only batches of a captured size do. */
  usesGraph(b: BatchShape): boolean {
    return b.prefillTokens === 0 && b.decodeSeqs > 0 && b.decodeSeqs <= this.plan.maxGraphBatch;
  }

  /** Iteration time in seconds, without jitter. */
  iterationSeconds(b: BatchShape): number {
    const tokens = b.prefillTokens + b.decodeSeqs;
    if (tokens === 0) return 0;
    const gemm = Math.max((this.linearFlopsPerToken * tokens + this.lmHeadFlopsPerSeq * b.sampledSeqs) / this.flopRate, this.weightReadSeconds);
    const attention = Math.max(
      (this.attnFlopsPerPair * (b.prefillPairs + b.decodeContext)) / this.attnFlopRate,
      this.kvReadSecondsPerToken * (b.decodeContext + b.prefillContext),
    ) + this.kvWriteSecondsPerToken * tokens;
    const launch = this.usesGraph(b) ? GRAPH_LAUNCH_SECONDS : this.eagerSeconds;
    let comm = 0;
    if (this.allReduces > 0) {
      const bytes = tokens * this.arBytesPerToken;
      const latency = this.plan.customAllReduce && bytes <= CUSTOM_AR_MAX_BYTES ? this.arLatencyCustom : this.arLatencyNccl;
      comm = this.allReduces * (latency + bytes * this.arSecondsPerByte) + TP_BROADCAST_SECONDS;
    }
    const cpu = CPU_BASE_SECONDS + this.cpuPerSeq * b.scheduledSeqs + this.cpuPerPrefillToken * b.prefillTokens;
    return gemm + attention + launch + comm + cpu;
  }
}
