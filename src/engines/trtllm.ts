// TensorRT-LLM's `trtllm-serve MODEL` (PyTorch backend, the default since 1.0), LLM-API of the 1.1 line.
//
// Checked against tensorrt_llm/commands/serve.py (click options: --tp_size alias of --tensor_parallel_size,
// --max_batch_size, --max_num_tokens, --max_seq_len, --kv_cache_free_gpu_memory_fraction alias of
// --free_gpu_memory_fraction, --extra_llm_api_options (alias --config in newer builds), --host, --port) and
// tensorrt_llm/llmapi/llm_args.py (KvCacheConfig.enable_block_reuse default True, .tokens_per_block default
// 32 — a KvCacheConfig field from 1.1 on —, .free_gpu_memory_fraction default 0.9; SchedulerConfig.
// capacity_scheduler_policy default GUARANTEED_NO_EVICT, .context_chunking_policy default None; top-level
// enable_chunked_prefill default False, disable_overlap_scheduler default False).
//
// The paper's Table 3 (TensorRT-LLM 0.15, TensorRT engine) mapped onto this API:
//   tp-size                   → --tp_size (CLI)
//   max-batch-size            → --max_batch_size (CLI), [64, 8192]
//   max-num-tokens            → --max_num_tokens (CLI), [64, 8192]
//   tokens-per-block          → kv_cache_config.tokens_per_block (YAML), {4, …, 128}
//   use-paged-context-fmha    → gone: a build-time plugin option of the TensorRT backend only; the PyTorch
//                               backend's attention is always paged, so "chunked context needs paged
//                               context FMHA" holds by construction and is not a constraint here.
//   enable-chunked-context    → enable_chunked_prefill (YAML)
//   enable-block-reuse        → kv_cache_config.enable_block_reuse (YAML)
//   capacity-scheduler-policy → scheduler_config.capacity_scheduler_policy (YAML): GUARANTEED_NO_EVICT,
//                               MAX_UTILIZATION (STATIC_BATCH is legacy, TensorRT backend only). The paper's
//                               table lists the two enum value sets of this row and the next swapped.
//   context-chunking-policy   → scheduler_config.context_chunking_policy (YAML): FIRST_COME_FIRST_SERVED,
//                               EQUAL_PROGRESS
// plus kv_cache_config.free_gpu_memory_fraction and disable_overlap_scheduler.
//
// The KV-cache fraction goes in the YAML, not on the command line: serve.py merges the YAML over the CLI
// arguments field by field, so a kv_cache_config block in the file replaces the CLI's KvCacheConfig
// wholesale and a --kv_cache_free_gpu_memory_fraction flag would be silently lost.

import { join } from 'node:path';
import type { ParamSpec, ParamValue, Params, SpaceSpec } from '../core/types.js';
import { flagValue, stripFlags, type StripSpec } from './argv.js';
import { ADDRESS_IN_USE, classifyLog, GENERIC_CRASH, MODEL_NOT_FOUND, OUT_OF_MEMORY } from './failures.js';
import {
  PresetError,
  type EnginePreset,
  type FailurePattern,
  type LaunchContext,
  type LaunchFlag,
  type LaunchFlags,
  type RenderedLaunch,
  type SpaceOptions,
  type WorkloadFacts,
} from './preset.js';
import { checkFacts, checkLaunch, checkSpaceOptions, hostPortArgv, modelLengthFor, powersOfTwoUpTo } from './server-preset.js';
import { launchFlagsOf, renderFlags, spaceOf, valueFlag, type TunableFlag } from './tunable-flag.js';
import { toYaml, type YamlMap } from './yaml.js';

/** A parameter set through the LLM-API YAML: its place in the file. */
interface YamlParam {
  readonly name: string;
  /** Path in the YAML document, e.g. ['kv_cache_config', 'tokens_per_block']. */
  readonly path: readonly string[];
  readonly spec: ParamSpec;
  /** CLI spellings of the same setting, removed from the base command because the file takes precedence. */
  readonly cliFlags?: readonly string[];
}

const CLI_FLAGS: readonly TunableFlag[] = [
  valueFlag(
    'tp_size',
    ({ gpusPerTrial }) => (gpusPerTrial > 1 ? { type: 'enum', values: powersOfTwoUpTo(gpusPerTrial), default: 1 } : undefined),
    { aliases: ['--tensor_parallel_size'] },
  ),
  // BuildConfig defaults, which trtllm-serve passes on: max_batch_size 2048, max_num_tokens 8192.
  valueFlag('max_batch_size', { type: 'int', min: 64, max: 8192, log: true, default: 2048 }),
  valueFlag('max_num_tokens', { type: 'int', min: 64, max: 8192, log: true, default: 8192 }),
];

const YAML_PARAMS: readonly YamlParam[] = [
  {
    name: 'kv_cache_free_gpu_memory_fraction',
    path: ['kv_cache_config', 'free_gpu_memory_fraction'],
    spec: { type: 'float', min: 0.7, max: 0.95, step: 0.01, default: 0.9 },
    cliFlags: ['--kv_cache_free_gpu_memory_fraction', '--free_gpu_memory_fraction'],
  },
  { name: 'tokens_per_block', path: ['kv_cache_config', 'tokens_per_block'], spec: { type: 'enum', values: [4, 8, 16, 32, 64, 128], default: 32 } },
  { name: 'enable_block_reuse', path: ['kv_cache_config', 'enable_block_reuse'], spec: { type: 'bool', default: true } },
  { name: 'enable_chunked_prefill', path: ['enable_chunked_prefill'], spec: { type: 'bool', default: false }, cliFlags: ['--enable_chunked_prefill'] },
  {
    name: 'capacity_scheduler_policy',
    path: ['scheduler_config', 'capacity_scheduler_policy'],
    spec: { type: 'enum', values: ['GUARANTEED_NO_EVICT', 'MAX_UTILIZATION'], default: 'GUARANTEED_NO_EVICT' },
  },
  {
    // Engine default None, which the executor treats as first-come-first-served.
    name: 'context_chunking_policy',
    path: ['scheduler_config', 'context_chunking_policy'],
    spec: { type: 'enum', values: ['FIRST_COME_FIRST_SERVED', 'EQUAL_PROGRESS'], default: 'FIRST_COME_FIRST_SERVED' },
  },
  { name: 'disable_overlap_scheduler', path: ['disable_overlap_scheduler'], spec: { type: 'bool', default: false } },
];

const YAML_OPTION_FLAGS = ['--extra_llm_api_options', '--config'];
export const TRTLLM_YAML_FILE = 'extra_llm_api_options.yaml';

const TRTLLM_FAILURES: readonly FailurePattern[] = [
  ...OUT_OF_MEMORY,
  // C++ runtime: "[TensorRT-LLM][ERROR] ... CUDA runtime error in ...: out of memory"
  { pattern: /\[TensorRT-LLM\]\[ERROR\].*out of memory/i, reason: 'out-of-memory', summary: 'TensorRT-LLM ran out of GPU memory' },
  // serve.py binds before loading: "RuntimeError: Failed to bind socket to localhost:8000: [Errno 98] Address already in use"
  ...ADDRESS_IN_USE,
  { pattern: /Failed to bind socket to/, reason: 'address-in-use', summary: 'the port could not be bound' },
  // click: "Error: No such option: --max-batch-size" (TensorRT-LLM spells its flags with underscores)
  { pattern: /Error: No such option:/, reason: 'unknown-flag', summary: 'trtllm-serve does not know a flag' },
  // click: "Error: Invalid value for '--max_batch_size': 'x' is not a valid integer."
  { pattern: /Error: Invalid value for/, reason: 'invalid-config', summary: 'a flag value was rejected' },
  // LLM-API pydantic models forbid unknown keys: "1 validation error for TorchLlmArgs ... Extra inputs are not permitted"
  { pattern: /validation errors? for \w*(LlmArgs|Config)\b|Extra inputs are not permitted/, reason: 'invalid-config', summary: 'the LLM-API options were rejected' },
  ...MODEL_NOT_FOUND,
  ...GENERIC_CRASH,
];

function setPath(doc: YamlMap, path: readonly string[], value: ParamValue): void {
  let node = doc;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (child === undefined || typeof child !== 'object') node[key] = {};
    node = node[key] as YamlMap;
  }
  node[path[path.length - 1]] = value;
}

function checkYamlValue(p: YamlParam, value: ParamValue): void {
  const ok = p.spec.type === 'bool' ? typeof value === 'boolean' : p.spec.type === 'enum' ? p.spec.values.includes(value as string | number) : typeof value === 'number';
  if (!ok) throw new PresetError(`parameter "${p.name}" has an invalid value ${JSON.stringify(value)}`);
}

/** The YAML document for the LLM-API options among params (in the order of YAML_PARAMS), or undefined. */
export function trtllmYaml(params: Params): string | undefined {
  const doc: YamlMap = {};
  let any = false;
  for (const p of YAML_PARAMS) {
    const value = params[p.name];
    if (value === undefined) continue;
    checkYamlValue(p, value);
    setPath(doc, p.path, value);
    any = true;
  }
  return any ? toYaml(doc) : undefined;
}

export const trtllm: EnginePreset = {
  type: 'trtllm',
  version: '1.1',
  checkedAgainst:
    'TensorRT-LLM 1.1: tensorrt_llm/commands/serve.py (click options, DefaultGroup so `trtllm-serve MODEL` = `trtllm-serve serve MODEL`) ' +
    'and tensorrt_llm/llmapi/llm_args.py (KvCacheConfig, SchedulerConfig, TorchLlmArgs); paper Table 3 / Appendix A.2.2 (0.15) mapped in trtllm.ts',
  defaultCommand: ['trtllm-serve', 'meta-llama/Llama-2-13b-hf'],
  baseline: 'space-defaults',
  modelLengthFlags: ['--max_seq_len'],
  space(options: SpaceOptions): SpaceSpec {
    checkSpaceOptions(options);
    const spec: SpaceSpec = spaceOf(CLI_FLAGS, options);
    for (const p of YAML_PARAMS) spec[p.name] = p.spec;
    return spec;
  },
  constraints(options: SpaceOptions): string[] {
    checkSpaceOptions(options);
    return ['max_num_tokens >= max_batch_size'];
  },
  workloadConstraints(facts: WorkloadFacts): string[] {
    checkFacts(facts);
    // Without chunked context a whole prompt is one context batch: max_num_tokens must cover the model length.
    return [`enable_chunked_prefill || max_num_tokens >= ${modelLengthFor(facts)}`];
  },
  render(params: Params, base: readonly string[], ctx: LaunchContext): RenderedLaunch {
    checkLaunch(base, ctx);
    if (flagValue(base, YAML_OPTION_FLAGS) !== undefined)
      throw new PresetError(
        'the TensorRT-LLM base command already passes --extra_llm_api_options/--config; SCOOT writes that file itself: ' +
          'move its settings into scoot.config.json "parameters" (a fixed value is an enum of one)',
      );
    const yamlNames = new Set(YAML_PARAMS.map((p) => p.name));
    const cliParams: Params = {};
    for (const [name, value] of Object.entries(params)) if (!yamlNames.has(name)) cliParams[name] = value;
    const yamlStrip: StripSpec[] = YAML_PARAMS.filter((p) => params[p.name] !== undefined && p.cliFlags).map((p) => ({
      names: p.cliFlags ?? [],
      value: p.spec.type === 'bool' ? 'none' : 'required',
    }));
    const hostPort = hostPortArgv({ hostFlags: ['--host'], portFlags: ['--port'] }, ctx);
    const argv = renderFlags(stripFlags(base, yamlStrip), cliParams, CLI_FLAGS, hostPort);
    const yaml = trtllmYaml(params);
    if (yaml === undefined) return { argv, files: [], env: {} };
    const path = join(ctx.workDir, TRTLLM_YAML_FILE);
    return { argv: [...argv, '--extra_llm_api_options', path], files: [{ path, content: yaml }], env: {} };
  },
  launchFlags(params: Params, options: { filesDir?: string } = {}): LaunchFlags {
    const yamlNames = new Set(YAML_PARAMS.map((p) => p.name));
    const cliParams: Params = {};
    for (const [name, value] of Object.entries(params)) if (!yamlNames.has(name)) cliParams[name] = value;
    // CLI spellings of settings the YAML now carries must go (the file wins, field by field).
    const moved: LaunchFlag[] = YAML_PARAMS.filter((p) => params[p.name] !== undefined && p.cliFlags).map((p) => ({
      name: p.name,
      argv: [],
      strip: [{ names: p.cliFlags ?? [], value: p.spec.type === 'bool' ? 'none' : 'required' }],
    }));
    const flags = [...launchFlagsOf(cliParams, CLI_FLAGS), ...moved];
    const yaml = trtllmYaml(params);
    if (yaml === undefined) return { flags, files: [] };
    const path = options.filesDir ? `${options.filesDir.replace(/\/+$/, '')}/${TRTLLM_YAML_FILE}` : TRTLLM_YAML_FILE;
    return {
      flags: [...flags, { name: 'extra_llm_api_options', argv: ['--extra_llm_api_options', path], strip: [{ names: YAML_OPTION_FLAGS, value: 'required' }] }],
      files: [{ path, content: yaml }],
    };
  },
  // The OpenAI server answers GET /health with 200 once the executor is up.
  readiness: { path: '/health' },
  failurePatterns: TRTLLM_FAILURES,
  classifyFailure(logTail: string) {
    return classifyLog(logTail, TRTLLM_FAILURES);
  },
};
