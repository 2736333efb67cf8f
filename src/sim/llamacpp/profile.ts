// The costs of one llama_decode call on a given GPU and model, fitted to real measurements
// (scripts/llamacpp/calibrate.ts prints the fit and its error), and how the run-to-run noise of a real
// trial is drawn.

export interface LlamaCppProfile {
  /** Model's training context: the cap on a slot's context. */
  trainingContext: number;
  /** llama.cpp tokens per project-tokenizer token of the prompts (the check of scripts/llamacpp measured 1.067). */
  tokenRatio: number;
  /** Seconds per iteration (sampling, HTTP streaming, batch set-up), whatever its size. */
  iterationOverhead: number;
  /** Seconds per ubatch (one graph launch). */
  ubatchOverhead: number;
  /** Seconds per token of a ubatch (the weight pass). */
  perToken: number;
  /** Seconds per sequence in a ubatch (split-cache streams, per-sequence kernels, sampling). */
  perSequence: number;
  /** Seconds per KV cell a token attends to, with and without flash attention. */
  attentionPerCell: number;
  attentionPerCellNoFlash: number;
  /**
   * Attention cost per cell of a unified cache relative to a split one: every token reads (and masks)
   * all used cells of the shared buffer, not a padded stream of its own.
   */
  unifiedAttentionFactor: number;
  /**
   * Run-to-run noise: every iteration of a trial is slowed by one factor exp(N(0, runSpeedSd²)) drawn per
   * trial (the GPU's clocks and neighbours), times a ±jitterSd factor per iteration.
   */
  runSpeedSd: number;
  jitterSd: number;
}
