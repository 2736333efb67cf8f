// Log patterns of the failures every engine shares, and the classifier the presets use. Each pattern was
// taken from real logs (GitHub issues of the engines, quoted next to it). Order matters: the first match
// wins, so specific causes (KV cache too small) come before generic ones (a traceback).

import type { FailureClassification, FailurePattern } from './preset.js';

export const OUT_OF_MEMORY: readonly FailurePattern[] = [
  // PyTorch ≥ 2.5: "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB ..."
  // Older PyTorch: "torch.cuda.OutOfMemoryError: CUDA out of memory."
  { pattern: /\bCUDA out of memory\b/i, reason: 'out-of-memory', summary: 'CUDA out of memory' },
  // Raised from CUDA kernels/allocators: "RuntimeError: CUDA error: out of memory"
  { pattern: /CUDA error: out of memory/i, reason: 'out-of-memory', summary: 'CUDA error: out of memory' },
  { pattern: /\bOutOfMemoryError\b/, reason: 'out-of-memory', summary: 'out of GPU memory' },
];

export const ADDRESS_IN_USE: readonly FailurePattern[] = [
  // uvicorn: "ERROR: [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use"
  // Python socket: "OSError: [Errno 98] Address already in use"
  { pattern: /address already in use/i, reason: 'address-in-use', summary: 'the port is already in use' },
  { pattern: /\[Errno 98\]/, reason: 'address-in-use', summary: 'the port is already in use' },
];

export const ARGPARSE_ERRORS: readonly FailurePattern[] = [
  // argparse: "vllm serve: error: unrecognized arguments: --use-v2-block-manager"
  { pattern: /error: unrecognized arguments:/, reason: 'unknown-flag', summary: 'the engine does not know a flag' },
  // argparse: "error: argument --block-size: invalid choice: 64 (choose from 1, 8, 16, 32)"
  // argparse: "error: argument --max-num-seqs: invalid int value: '1.5'"
  { pattern: /error: argument [^:]+: (invalid|expected)/, reason: 'invalid-config', summary: 'a flag value was rejected' },
];

export const MODEL_NOT_FOUND: readonly FailurePattern[] = [
  // transformers: "OSError: foo/bar is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'"
  { pattern: /is not a valid model identifier/, reason: 'model-not-found', summary: 'the model was not found' },
  // huggingface_hub: "huggingface_hub.errors.RepositoryNotFoundError: 404 Client Error" / "GatedRepoError: 401 Client Error"
  { pattern: /RepositoryNotFoundError|GatedRepoError/, reason: 'model-not-found', summary: 'the model repository is missing or gated' },
];

/** Last resort: the process died with a Python traceback or a native assertion. */
export const GENERIC_CRASH: readonly FailurePattern[] = [
  { pattern: /Segmentation fault|core dumped/, reason: 'crash', summary: 'the engine crashed (segmentation fault)' },
  { pattern: /Traceback \(most recent call last\)/, reason: 'crash', summary: 'the engine raised an exception' },
];

/** The first pattern (in list order) found anywhere in the log tail, with the line that matched. */
export function classifyLog(logTail: string, patterns: readonly FailurePattern[]): FailureClassification | undefined {
  const lines = logTail.split(/\r?\n/);
  for (const p of patterns) {
    const line = lines.find((l) => p.pattern.test(l));
    if (line !== undefined) return { reason: p.reason, summary: p.summary, line: line.trim() };
  }
  return undefined;
}
