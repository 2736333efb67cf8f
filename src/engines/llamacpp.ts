// llama.cpp's `llama-server`, flag set since build b6343 (September 2025), when --flash-attn changed from a
// bare switch to `-fa on|off|auto` (default auto) and a bare `-fa` became an error.
//
// Checked against `llama-server --help` of llama.cpp commit d32676d7 (2026-08-18), built by
// scripts/llamacpp/build.sh: -np/--parallel N (default -1 = auto), -c/--ctx-size N (default 0 = from the
// model), -b/--batch-size (2048), -ub/--ubatch-size (512), -fa/--flash-attn [on|off|auto] (auto),
// -cb/--cont-batching, -nocb/--no-cont-batching (enabled), -kvu/--kv-unified (enabled only when the slot
// count is auto), --metrics (disabled). The same text is in tools/server/README.md (generated from
// common/arg.cpp), first checked at commit 00dc8057.
//
// The engine's true default has no position in this space: without -np the server takes 4 slots sharing
// one unified KV cache (tools/server/server.cpp), so each slot may use the whole context, which it reads
// from the model. Given -np N, the cache is split: each slot gets pad256(pad256(ctx-size) / N) tokens
// (src/llama-context.cpp), and a request longer than its slot fails with HTTP 400 "request (N tokens)
// exceeds the available context size (M tokens)". So the baseline is the base command as it is
// (baseline: 'base-command'), and the space's default point is only where the search starts from.
//
// Left out on purpose: --kv-unified (a shared pool lets one slot's long request exhaust everyone's context
// and abort all generations, ggml-org/llama.cpp#23652; the per-slot constraint below assumes it off, which
// is the default once -np is given), --cache-type-k/v (quantised KV changes outputs; f16 is the default),
// --fit (on by default: it lowers unset arguments such as the context to fit device memory; left to the
// engine), -ngl and --threads (placement, not tuning), --defrag-thold (deprecated).

import { GENERIC_CRASH } from './failures.js';
import type { EnginePreset, FailurePattern } from './preset.js';
import { serverPreset } from './server-preset.js';
import { switchFlag, valueFlag } from './tunable-flag.js';

const LLAMACPP_FAILURES: readonly FailurePattern[] = [
  // "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 4480.00 MiB on device 3: cudaMalloc failed: out of memory"
  { pattern: /cudaMalloc failed: out of memory/, reason: 'out-of-memory', summary: 'cudaMalloc failed: out of GPU memory' },
  // "llama_kv_cache_init: failed to allocate buffer for kv cache", "ggml_gallocr_reserve_n: failed to allocate
  // CUDA0 buffer of size 292926534144", "failed to allocate compute buffers"
  { pattern: /failed to allocate (buffer for kv cache|compute buffers|CUDA\d* buffer)/, reason: 'out-of-memory', summary: 'could not allocate the KV cache or compute buffers' },
  { pattern: /CUDA error: out of memory/i, reason: 'out-of-memory', summary: 'CUDA error: out of memory' },
  // "srv start: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 18092" (address-in-use.log)
  { pattern: /couldn't bind HTTP server socket/, reason: 'address-in-use', summary: 'could not bind the HTTP port (usually already in use)' },
  // common/arg.cpp: "error: invalid argument: --foo" (test/fixtures/llamacpp/bad-flag.log)
  { pattern: /error: invalid argument:/, reason: 'unknown-flag', summary: 'llama-server does not know a flag' },
  // 'error while handling argument "-fa": error: unknown value for --flash-attn: 'maybe'', 'error while
  // handling argument "-np": stoi' (test/fixtures/llamacpp/bad-value.log, bad-int.log)
  { pattern: /error while handling argument/, reason: 'invalid-config', summary: 'a flag value was rejected' },
  // Slot too small for a request, HTTP 400 {"type":"exceed_context_size_error","message":"request (1473
  // tokens) exceeds the available context size (256 tokens), try increasing it"} (ctx-too-small.log; older
  // builds: "the request exceeds the available context size. try increasing the context size or enable
  // context shift"). The server lives on: this classifies the failed requests of an error-rate trial.
  { pattern: /exceeds the available context size|Context size has been exceeded|exceed_context_size_error/, reason: 'context-too-small', summary: 'a request does not fit the per-slot context (ctx-size / parallel)' },
  // "gguf_init_from_file: failed to open GGUF file '...'", "llama_model_load: error loading model: ...",
  // "srv load_model: failed to load model, '...'" (model-not-found.log; checked after the allocation
  // failures that also end there)
  { pattern: /failed to open GGUF file|error loading model|failed to load model/, reason: 'model-not-found', summary: 'the model file could not be loaded' },
  { pattern: /GGML_ASSERT/, reason: 'crash', summary: 'llama.cpp assertion failed' },
  ...GENERIC_CRASH,
];

/** What a legacy bare `-fa` may be followed by in a base command (anything else is the next flag). */
const FLASH_ATTN_VALUE = /^(on|off|auto|enabled|disabled|1|0|-1)$/i;

export const llamacpp: EnginePreset = serverPreset({
  type: 'llamacpp',
  version: 'b6343',
  checkedAgainst:
    'llama-server --help of llama.cpp commit d32676d77426540327835040d5d3279728f0b4c8 (2026-08-18; tools/server/README.md at ' +
    '00dc8057 before it); -fa value syntax since b6343 (ggml-org/llama.cpp#15746 adds 1/0/-1 aliases); slot/context semantics ' +
    'from tools/server/server.cpp and src/llama-context.cpp at d32676d7, ggml-org/llama.cpp#11681, #17767, #23652; failure ' +
    'lines from real logs of that build (test/fixtures/llamacpp/)',
  defaultCommand: ['llama-server', '-m', 'model.gguf', '-ngl', '99'],
  // Without -np and -c the server picks its slots and reads the context from the model: no point of the space.
  baseline: 'base-command',
  // /metrics is served only with --metrics: the engine's own view of the load test (src/workload/engine-metrics.ts).
  observeFlags: ['--metrics'],
  // The context is tuned here, so the model length is not read from the base command.
  modelLengthFlags: [],
  hostFlags: ['--host'],
  portFlags: ['--port'],
  // GET /health: 503 while the model loads, 200 once slots are ready.
  readinessPath: '/health',
  flags: [
    // Default -1 = auto (4 slots); 1..64 covers the measured grid of docs/ARCHITECTURE.md §9 (2..48).
    valueFlag('parallel', { type: 'int', min: 1, max: 64, log: true, default: 4, description: 'engine default: auto (4 slots sharing one unified KV cache)' }, { aliases: ['-np'] }),
    // Default 0 = the model's training context; total over all slots.
    valueFlag('ctx-size', { type: 'int', min: 512, max: 131072, log: true, default: 4096, description: 'engine default: from the model; shared by all slots' }, { aliases: ['-c'] }),
    valueFlag('batch-size', { type: 'enum', values: [256, 512, 1024, 2048, 4096], default: 2048 }, { aliases: ['-b'] }),
    valueFlag('ubatch-size', { type: 'enum', values: [64, 128, 256, 512, 1024, 2048], default: 512 }, { aliases: ['-ub'] }),
    // A value is required since b6343; old base commands may still carry a bare -fa, which must go alone.
    {
      ...valueFlag('flash-attn', { type: 'enum', values: ['on', 'off', 'auto'], default: 'auto' }),
      strip: [{ names: ['--flash-attn', '-fa'], value: FLASH_ATTN_VALUE }],
    },
    // Enabled by default; false is rendered as the negation.
    switchFlag('cont-batching', { type: 'bool', default: true }, { on: ['--cont-batching'], off: ['--no-cont-batching'], extraNames: ['-cb', '-nocb'] }),
  ],
  // llama.cpp clamps n_ubatch to n_batch, so larger micro-batches are duplicates.
  constraints: () => ['ubatch-size <= batch-size'],
  // Every slot must hold the longest request (prompt + output). Slots get at least ctx-size / parallel
  // (rounded up to 256), so this is on the safe side.
  workloadConstraints: (facts) => [`ctx-size >= parallel * ${facts.maxTotalTokens}`],
  failurePatterns: LLAMACPP_FAILURES,
});
