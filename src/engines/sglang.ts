// SGLang (`python -m sglang.launch_server`), flag set of the 0.5 line.
//
// Checked against SGLang's own argument reference docs/advanced_features/server_arguments.md (generated
// from python/sglang/srt/server_args.py; late-2025 tree with --enable-nsa-prefill-context-parallel) and the
// argparse definitions of server_args.py (--tensor-parallel-size/--tp-size, --chunked-prefill-size "-1
// disables", --schedule-policy choices). Several defaults are computed at start from GPU memory and TP
// ("None" in the table); those parameters get a representative default, said so in their description.
//
// Left out on purpose: --kv-cache-dtype fp8 and --quantization (change outputs), --page-size (backend-
// dependent validity), --schedule-policy priority/routing-key/lof (need request metadata or newer builds),
// --stream-interval (changes how TTFT/ITL are observed by the client), --enable-torch-compile (compile time
// dominates a trial; documented as experimental).

import { ADDRESS_IN_USE, ARGPARSE_ERRORS, GENERIC_CRASH, MODEL_NOT_FOUND, OUT_OF_MEMORY } from './failures.js';
import type { EnginePreset, FailurePattern } from './preset.js';
import { powersOfTwoUpTo, serverPreset } from './server-preset.js';
import { switchFlag, valueFlag } from './tunable-flag.js';

const SGLANG_FAILURES: readonly FailurePattern[] = [
  // ModelRunner when the KV pool would be empty: "RuntimeError: Not enough memory. Please try to increase
  // --mem-fraction-static." (sgl-project/sglang#4330, #4895)
  { pattern: /Not enough memory\. Please try to increase --mem-fraction-static/, reason: 'out-of-memory', summary: 'mem-fraction-static leaves no room for the KV cache' },
  // CUDA graph capture running out of memory: "Exception: Capture cuda graph failed: CUDA out of memory ..."
  { pattern: /Capture cuda graph failed/i, reason: 'out-of-memory', summary: 'CUDA graph capture failed (usually memory; lower cuda-graph-max-bs)' },
  ...OUT_OF_MEMORY,
  ...ADDRESS_IN_USE,
  ...ARGPARSE_ERRORS,
  ...MODEL_NOT_FOUND,
  // Scheduler subprocess crash: "Scheduler hit an exception: Traceback ..."
  { pattern: /Scheduler hit an exception/, reason: 'crash', summary: 'the SGLang scheduler crashed' },
  ...GENERIC_CRASH,
];

export const sglang: EnginePreset = serverPreset({
  type: 'sglang',
  version: '0.5',
  checkedAgainst:
    'SGLang 0.5.x: docs/advanced_features/server_arguments.md (generated from python/sglang/srt/server_args.py, late 2025) and ' +
    'the argparse definitions in server_args.py; defaults marked "auto" are computed by SGLang at start',
  defaultCommand: ['python', '-m', 'sglang.launch_server', '--model-path', 'meta-llama/Llama-2-13b-hf'],
  modelLengthFlags: ['--context-length'],
  hostFlags: ['--host'],
  portFlags: ['--port'],
  // launch_server starts the HTTP app only after the scheduler processes are ready; GET /health then answers 200.
  readinessPath: '/health',
  flags: [
    // "--tensor-parallel-size, --tp-size", int, default 1. argparse also accepts the unique prefix --tp.
    valueFlag(
      'tp-size',
      ({ gpusPerTrial }) => (gpusPerTrial > 1 ? { type: 'enum', values: powersOfTwoUpTo(gpusPerTrial), default: 1 } : undefined),
      { aliases: ['--tensor-parallel-size', '--tp'] },
    ),
    // int, default None: SGLang derives it from the KV pool size (capped at a few thousand).
    valueFlag('max-running-requests', { type: 'int', min: 16, max: 4096, log: true, default: 2048, description: 'engine default: auto from KV pool size' }),
    // int, default None: 2048/4096/8192/16384 by GPU memory (8192 on 80 GB); -1 would disable chunking.
    valueFlag('chunked-prefill-size', { type: 'int', min: 512, max: 16384, log: true, default: 8192, description: 'engine default: auto by GPU memory (8192 on 80 GB GPUs)' }),
    // int, default 16384. "The real bound will be the maximum of this value and the model's maximum context length."
    valueFlag('max-prefill-tokens', { type: 'int', min: 1024, max: 32768, log: true, default: 16384 }),
    // float, default None: computed from GPU memory and TP (about 0.88 at TP 1).
    valueFlag('mem-fraction-static', { type: 'float', min: 0.6, max: 0.95, step: 0.01, default: 0.88, description: 'engine default: auto (≈0.88 at TP 1)' }),
    // choices include lpm, random, fcfs, dfs-weight (all releases of the 0.4/0.5 line); default fcfs.
    valueFlag('schedule-policy', { type: 'enum', values: ['fcfs', 'lpm', 'random', 'dfs-weight'], default: 'fcfs' }),
    // float, default 1.0; larger is more conservative admission (fewer retractions).
    valueFlag('schedule-conservativeness', { type: 'float', min: 0.3, max: 1.5, step: 0.05, default: 1.0 }),
    // store_true flags, default False.
    switchFlag('disable-radix-cache', { type: 'bool', default: false }),
    switchFlag('enable-mixed-chunk', { type: 'bool', default: false }),
    switchFlag('disable-overlap-schedule', { type: 'bool', default: false }),
    // int, default None: auto by GPU memory and TP (160 is common); graphs above this batch size run eagerly.
    valueFlag('cuda-graph-max-bs', { type: 'int', min: 8, max: 512, log: true, default: 160, description: 'engine default: auto by GPU memory and TP' }),
    // int, default 1: decode steps per scheduling round; more raises throughput and TTFT.
    valueFlag('num-continuous-decode-steps', { type: 'int', min: 1, max: 8, default: 1 }),
    switchFlag('disable-custom-all-reduce', ({ gpusPerTrial }) => (gpusPerTrial > 1 ? { type: 'bool', default: false } : undefined)),
  ],
  // A prefill chunk never exceeds the prefill token budget (PrefillAdder takes the smaller), so chunk sizes
  // above max-prefill-tokens are duplicates of the budget: pruned rather than evaluated twice.
  constraints: () => ['max-prefill-tokens >= chunked-prefill-size'],
  // Chunked prefill is on for every value in the space; no tuned flag must hold a whole request.
  workloadConstraints: () => [],
  failurePatterns: SGLANG_FAILURES,
});
