// vLLM-style command-line flags of the simulated engine.
//
// Parsing mimics Python argparse as vLLM uses it: `--flag value`, `--flag=value`, boolean
// `--enable-x` and its `--no-enable-x` negation (vLLM V1's BooleanOptionalAction), one positional
// model name. An unknown flag is reported exactly like argparse ("error: unrecognized arguments: --foo",
// exit code 2) because runners recognise that line.

import { GPU_NAMES, MODEL_PROFILE_NAMES, type GpuName, type ModelProfileName } from './profiles.js';

export interface SimConfig {
  /** Served model name (positional argument or --model / --served-model-name). */
  model: string | undefined;
  modelProfile: ModelProfileName | undefined;
  gpu: GpuName;
  /** GPUs the engine may use; undefined = tensor-parallel-size. */
  numGpus: number | undefined;
  seed: number;
  host: string;
  port: number;
  maxNumSeqs: number;
  /** undefined = vLLM's default (depends on chunked prefill and max-model-len). */
  maxNumBatchedTokens: number | undefined;
  blockSize: number;
  enableChunkedPrefill: boolean;
  enablePrefixCaching: boolean;
  tensorParallelSize: number;
  gpuMemoryUtilization: number;
  schedulerDelayFactor: number;
  maxModelLen: number | undefined;
  disableCustomAllReduce: boolean;
  useV2BlockManager: boolean;
  swapSpace: number;
  enforceEager: boolean;
  maxNumPartialPrefills: number | undefined;
  longPrefillTokenThreshold: number | undefined;
  cudaGraphSizes: number[] | undefined;
  /** Simulated model-loading time; undefined = derived from the model size. */
  startupSeconds: number | undefined;
  /** Flags that were accepted but have no effect in the simulation (logged at start-up). */
  ignoredFlags: string[];
}

type FlagKind = 'int' | 'float' | 'string' | 'bool' | 'intList';

export interface FlagSpec {
  /** Long name without dashes, e.g. "max-num-seqs". */
  name: string;
  aliases?: readonly string[];
  kind: FlagKind;
  choices?: readonly (string | number)[];
  /** Field of SimConfig it sets; undefined for accepted-and-ignored flags. */
  key?: keyof SimConfig;
  help: string;
}

const BLOCK_SIZES = [8, 16, 32, 64, 128] as const;

/** Every flag the simulated engine accepts. */
export const SIM_FLAGS: readonly FlagSpec[] = [
  { name: 'model', kind: 'string', key: 'model', help: 'served model name (also accepted positionally)' },
  { name: 'served-model-name', kind: 'string', key: 'model', help: 'served model name' },
  { name: 'model-profile', kind: 'string', choices: MODEL_PROFILE_NAMES, key: 'modelProfile', help: 'architecture to simulate (default: inferred from the model name, else llama2-7b)' },
  { name: 'gpu', kind: 'string', choices: GPU_NAMES, key: 'gpu', help: 'GPU type (default a100-80g)' },
  { name: 'num-gpus', kind: 'int', key: 'numGpus', help: 'GPUs available; those beyond tensor-parallel-size run data-parallel replicas' },
  { name: 'seed', kind: 'int', key: 'seed', help: 'seed of the iteration-time jitter and natural output lengths' },
  { name: 'host', kind: 'string', key: 'host', help: 'bind address (default 127.0.0.1)' },
  { name: 'port', kind: 'int', key: 'port', help: 'port (0 = any free port)' },
  { name: 'max-num-seqs', kind: 'int', key: 'maxNumSeqs', help: 'maximum sequences per iteration' },
  { name: 'max-num-batched-tokens', kind: 'int', key: 'maxNumBatchedTokens', help: 'maximum tokens per iteration' },
  { name: 'block-size', kind: 'int', choices: BLOCK_SIZES, key: 'blockSize', help: 'KV-cache block size in tokens' },
  { name: 'enable-chunked-prefill', kind: 'bool', key: 'enableChunkedPrefill', help: 'split prompts into chunks batched with decodes' },
  { name: 'enable-prefix-caching', kind: 'bool', key: 'enablePrefixCaching', help: 'reuse KV blocks of shared prompt prefixes' },
  { name: 'tensor-parallel-size', aliases: ['tp'], kind: 'int', key: 'tensorParallelSize', help: 'GPUs per replica' },
  { name: 'gpu-memory-utilization', kind: 'float', key: 'gpuMemoryUtilization', help: 'fraction of GPU memory for weights, activations and KV cache' },
  { name: 'scheduler-delay-factor', kind: 'float', key: 'schedulerDelayFactor', help: 'delay prompt scheduling by this factor times the last prompt latency' },
  { name: 'max-model-len', kind: 'int', key: 'maxModelLen', help: 'maximum context length (default: the model\'s)' },
  { name: 'disable-custom-all-reduce', kind: 'bool', key: 'disableCustomAllReduce', help: 'use NCCL instead of the custom all-reduce kernel' },
  { name: 'use-v2-block-manager', kind: 'bool', key: 'useV2BlockManager', help: 'use the v2 block manager' },
  { name: 'swap-space', kind: 'float', key: 'swapSpace', help: 'CPU swap space per GPU in GiB (accepted; preemption is by recomputation)' },
  { name: 'enforce-eager', kind: 'bool', key: 'enforceEager', help: 'disable CUDA graphs' },
  { name: 'max-num-partial-prefills', kind: 'int', key: 'maxNumPartialPrefills', help: 'with chunked prefill: prompts prefilled concurrently (vLLM V1)' },
  { name: 'long-prefill-token-threshold', kind: 'int', key: 'longPrefillTokenThreshold', help: 'with chunked prefill: cap of one prompt\'s chunk (vLLM V1)' },
  { name: 'cuda-graph-sizes', kind: 'intList', key: 'cudaGraphSizes', help: 'CUDA-graph capture sizes; one value N means sizes up to N (vLLM V1)' },
  { name: 'startup-seconds', kind: 'float', key: 'startupSeconds', help: 'simulated model-loading time (default scales with model size)' },
  { name: 'dtype', kind: 'string', choices: ['auto', 'half', 'float16', 'bfloat16'], help: 'accepted; weights are simulated as 16-bit' },
  { name: 'trust-remote-code', kind: 'bool', help: 'accepted; no effect' },
  { name: 'disable-log-requests', kind: 'bool', help: 'accepted; requests are not logged anyway' },
  { name: 'disable-log-stats', kind: 'bool', help: 'accepted; no effect' },
];

export class SimArgError extends Error {
  readonly exitCode = 2;
}

export function defaultSimConfig(): SimConfig {
  return {
    model: undefined, modelProfile: undefined, gpu: 'a100-80g', numGpus: undefined, seed: 0,
    host: '127.0.0.1', port: 8000,
    maxNumSeqs: 256, maxNumBatchedTokens: undefined, blockSize: 16,
    enableChunkedPrefill: false, enablePrefixCaching: false, tensorParallelSize: 1,
    gpuMemoryUtilization: 0.9, schedulerDelayFactor: 0, maxModelLen: undefined,
    disableCustomAllReduce: false, useV2BlockManager: false, swapSpace: 4, enforceEager: false,
    maxNumPartialPrefills: undefined, longPrefillTokenThreshold: undefined, cudaGraphSizes: undefined,
    startupSeconds: undefined, ignoredFlags: [],
  };
}

const byName = new Map<string, FlagSpec>();
for (const f of SIM_FLAGS) {
  byName.set(f.name, f);
  for (const a of f.aliases ?? []) byName.set(a, f);
}

function convert(spec: FlagSpec, raw: string): number | string {
  const display = spec.aliases?.length ? `-${spec.aliases[0]}/--${spec.name}` : `--${spec.name}`;
  let value: number | string = raw;
  if (spec.kind === 'int' || spec.kind === 'intList') {
    if (!/^[+-]?\d+$/.test(raw.trim())) throw new SimArgError(`argument ${display}: invalid int value: '${raw}'`);
    value = Number.parseInt(raw, 10);
  } else if (spec.kind === 'float') {
    const x = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(x)) throw new SimArgError(`argument ${display}: invalid float value: '${raw}'`);
    value = x;
  }
  if (spec.choices && !spec.choices.includes(value)) {
    const shown = spec.choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c))).join(', ');
    throw new SimArgError(`argument ${display}: invalid choice: ${typeof value === 'string' ? `'${value}'` : value} (choose from ${shown})`);
  }
  return value;
}

function parseBool(spec: FlagSpec, raw: string): boolean {
  const s = raw.toLowerCase();
  if (['true', '1', 'yes'].includes(s)) return true;
  if (['false', '0', 'no'].includes(s)) return false;
  throw new SimArgError(`argument --${spec.name}: ignored explicit argument '${raw}'`);
}

function assign(cfg: SimConfig, spec: FlagSpec, value: number | string | boolean | number[]): void {
  if (spec.key === undefined) {
    if (!cfg.ignoredFlags.includes(`--${spec.name}`)) cfg.ignoredFlags.push(`--${spec.name}`);
    return;
  }
  (cfg as unknown as Record<string, unknown>)[spec.key] = value;
}

function isFlagToken(tok: string): boolean {
  return tok.startsWith('-') && !/^-\d/.test(tok) && tok !== '-';
}

/** Parse engine flags; throws SimArgError (exit code 2) on what argparse would reject. */
export function parseSimArgs(argv: readonly string[]): SimConfig {
  const cfg = defaultSimConfig();
  const unknown: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (!isFlagToken(tok)) {
      positionals.push(tok);
      continue;
    }
    const body = tok.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    let spec = byName.get(name);
    let negated = false;
    if (!spec && name.startsWith('no-')) {
      const positive = byName.get(name.slice(3));
      if (positive?.kind === 'bool') {
        spec = positive;
        negated = true;
      }
    }
    // Argparse accepts single-dash only for declared short aliases (-tp).
    if (!spec || (tok.startsWith('-') && !tok.startsWith('--') && !(spec.aliases ?? []).includes(name))) {
      unknown.push(tok);
      continue;
    }
    if (spec.kind === 'bool') {
      const v = inline === undefined ? true : parseBool(spec, inline);
      assign(cfg, spec, negated ? !v : v);
      continue;
    }
    if (spec.kind === 'intList') {
      const values: number[] = [];
      if (inline !== undefined) values.push(...inline.split(',').filter((s) => s !== '').map((s) => convert(spec, s) as number));
      else while (i + 1 < argv.length && /^[+-]?\d+$/.test(argv[i + 1])) values.push(convert(spec, argv[++i]) as number);
      if (values.length === 0) throw new SimArgError(`argument --${spec.name}: expected at least one argument`);
      assign(cfg, spec, values);
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      if (i + 1 >= argv.length || isFlagToken(argv[i + 1])) throw new SimArgError(`argument --${spec.name}: expected one argument`);
      raw = argv[++i];
    }
    assign(cfg, spec, convert(spec, raw));
  }
  if (positionals.length > 1) unknown.push(...positionals.slice(1));
  if (unknown.length > 0) throw new SimArgError(`unrecognized arguments: ${unknown.join(' ')}`);
  if (positionals.length === 1 && cfg.model === undefined) cfg.model = positionals[0];
  return cfg;
}

/**
 * A configuration from optimiser-style parameters keyed by flag name, e.g.
 * `{ 'max-num-seqs': 128, 'enable-chunked-prefill': true }`. Goes through the same parser as the
 * command line so both paths accept and reject the same things.
 */
export function simConfigFromParams(params: Readonly<Record<string, number | boolean | string>>, baseArgv: readonly string[] = []): SimConfig {
  return parseSimArgs([...baseArgv, ...paramsToArgv(params)]);
}

/** Render parameters as flags: booleans become `--x` / `--no-x`. */
export function paramsToArgv(params: Readonly<Record<string, number | boolean | string>>): string[] {
  const argv: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'boolean') argv.push(value ? `--${name}` : `--no-${name}`);
    else argv.push(`--${name}`, String(value));
  }
  return argv;
}
