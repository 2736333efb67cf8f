// Fitted costs of llama-server iterations (scripts/llamacpp/offline/calibrate.ts --fit: Nelder–Mead on the
// log costs, minimising the squared log errors of mean TTFT, mean TPOT and request throughput), per data
// set. What the fit reaches (noise-free simulation against each measurement; calibrate.ts prints it):
// - H200_D32676D7, 38 trials of 25 configurations: median relative error TTFT 13.9%, TPOT 11.3%,
//   throughput 10.9%; Spearman rank correlation over configurations 0.96 / 0.95 / 0.95. The same
//   configuration measured twice on the GPU differed by a median 12.1% (TTFT) and 10.6% (TPOT).
// - H200_GRID_BUILD, 37 configurations (2 whose server died left out): 20.3%, 8.9%, 7.4%; 0.96 / 0.95 / 0.91.
// runSpeedSd 0.1 makes two simulated runs of the same configuration and arrivals differ by a median
// 12.1% (TTFT) and 10.4% (TPOT): the measured 12.1% and 10.6% (results.md, six same-seed pairs).

import type { LlamaCppProfile } from './profile.js';

/** One H200, llama.cpp d32676d7, the random-weight 1.1B-shape model of scripts/llamacpp (f16, 4096-token context). */
export const H200_D32676D7: LlamaCppProfile = {
  trainingContext: 4096,
  tokenRatio: 1.067,
  iterationOverhead: 0.3348e-3,
  ubatchOverhead: 1.106e-3,
  // Held, not fitted (trial-level figures barely depend on it): a wave's prompt iteration of ~2,000
  // tokens in one ubatch took 53–93 ms in the engine logs of trial 12.
  perToken: 20e-6,
  perSequence: 0.4928e-3,
  attentionPerCell: 0.008835e-6,
  attentionPerCellNoFlash: 0.8637e-6,
  unifiedAttentionFactor: 15.25,
  runSpeedSd: 0.1,
  jitterSd: 0.02,
};

/** The earlier measured grid (test/fixtures/llamacpp/README.md: an older llama.cpp build on an H200, same model shape). */
export const H200_GRID_BUILD: LlamaCppProfile = {
  ...H200_D32676D7,
  tokenRatio: 1,
  iterationOverhead: 2.319e-3,
  ubatchOverhead: 1.653e-3,
  perToken: 20e-6,
  perSequence: 0.07527e-3,
  attentionPerCell: 0.168e-6,
  attentionPerCellNoFlash: 0.4082e-6,
  // The grid has no automatic-slot configuration: the unified-cache factor is not identified there.
  unifiedAttentionFactor: 1,
};
