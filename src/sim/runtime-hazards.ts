// Ways a started engine fails under load (hidden constraints), checked as each iteration starts.
//
// - CUDA out of memory: the live iteration needs transient memory beyond what profiling reserved
//   (allocator fragmentation over varied batch shapes) and the headroom that gpu-memory-utilization
//   and the CUDA-graph pool left is smaller. Depends on utilisation, model, GPU, TP and the batch the
//   load actually produces.
// - Chunked prefill meeting a prefix-cache hit: vLLM 0.4/0.5's model runner raises
//   "chunked prefill cannot be used with prefix caching now" (vllm-project/vllm#6819 removed it), so
//   the engine dies at the first request that shares a cached prefix: only on traces that share one.
// - Custom all-reduce deadlock: on PCIe-only GPUs with TP > 1 and the custom all-reduce kernel on,
//   a large decode batch wedges the collective and the engine stops producing tokens without exiting
//   (reports like vllm-project/vllm#8410 and #2731, fixed by --disable-custom-all-reduce).

import type { EnginePlan } from './engine-plan.js';
import { transientBytes } from './memory.js';
import { GiB } from './profiles.js';
import type { ScheduledBatch } from './scheduler.js';

export type RuntimeFailureReason = 'crash-under-load' | 'hang';

export interface RuntimeHazard {
  reason: RuntimeFailureReason;
  message: string;
}

/** Sequences in one iteration above which the modelled custom all-reduce deadlock triggers. */
export const CUSTOM_AR_HANG_SEQS = 128;

export function checkIteration(plan: EnginePlan, batch: ScheduledBatch): RuntimeHazard | undefined {
  if (batch.prefixHitWhileChunking) {
    return { reason: 'crash-under-load', message: 'RuntimeError: chunked prefill cannot be used with prefix caching now.' };
  }
  const sh = batch.shape;
  const tokens = sh.prefillTokens + sh.decodeSeqs;
  const need = transientBytes(plan.model, plan.tp, tokens, sh.sampledSeqs);
  if (need > plan.memory.headroomBytes) {
    const free = Math.max(0, plan.memory.headroomBytes);
    return {
      reason: 'crash-under-load',
      message: `torch.OutOfMemoryError: CUDA out of memory. Tried to allocate ${(need / 2 ** 20).toFixed(2)} MiB. ` +
        `GPU 0 has a total capacity of ${(plan.memory.totalBytes / GiB).toFixed(2)} GiB of which ${(free / 2 ** 20).toFixed(2)} MiB is free. ` +
        `Of the allocated memory ${((plan.memory.totalBytes * plan.config.gpuMemoryUtilization) / GiB).toFixed(2)} GiB is allocated by PyTorch.`,
    };
  }
  if (plan.customAllReduce && plan.gpu.interconnect === 'pcie' && sh.scheduledSeqs > CUSTOM_AR_HANG_SEQS) {
    return {
      reason: 'hang',
      message: 'custom all-reduce did not complete: the engine is stuck in a collective and produces no more tokens',
    };
  }
  return undefined;
}
