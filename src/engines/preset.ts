// The contract every engine preset fulfils: a versioned flag set, its default search space, its known
// constraints, how a configuration becomes a launch (argv arrays, never a shell string), how readiness is
// checked and how a crash log is classified. The study layer only ever talks to this interface.

import type { Params, SpaceSpec } from '../core/types.js';
import type { StripSpec } from './argv.js';
import { UserError } from '../protocol/user-error.js';
import type { EngineFailure } from '../protocol/reasons.js';

export type BaselineKind = 'space-defaults' | 'base-command';

export type EngineType = 'vllm' | 'sglang' | 'trtllm' | 'llamacpp' | 'sim' | 'command';

/** What the trace says about request lengths (tokens); the study computes these before tuning. */
export interface WorkloadFacts {
  readonly maxPromptTokens: number;
  readonly maxOutputTokens: number;
  /** The longest request, prompt + output (not necessarily maxPrompt + maxOutput). */
  readonly maxTotalTokens: number;
  /**
   * The model's maximum sequence length when known (its config, or the `--max-model-len`-style flag of the
   * base command: modelLengthFromArgv(base, preset.modelLengthFlags)). Constraints that depend on it fall
   * back to maxTotalTokens, the least the engine must accept for this workload.
   */
  readonly maxModelLen?: number;
}

export interface SpaceOptions {
  /** GPUs one trial may use; bounds tensor parallelism. */
  readonly gpusPerTrial: number;
  /** The model's maximum sequence length when known; some engine defaults derive from it. */
  readonly maxModelLen?: number;
}

export interface LaunchContext {
  readonly host: string;
  readonly port: number;
  /** GPU indices of the slot (the runner sets CUDA_VISIBLE_DEVICES from them). */
  readonly gpus: readonly number[];
  /** Directory where generated files (e.g. the TensorRT-LLM YAML) are written. */
  readonly workDir: string;
}

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export interface RenderedLaunch {
  readonly argv: string[];
  /** Files render() wants on disk before launch; the caller writes them (render has no side effects). */
  readonly files: GeneratedFile[];
  /** Extra environment variables for the engine process. */
  readonly env: Record<string, string>;
}


export interface FailurePattern {
  readonly pattern: RegExp;
  readonly reason: EngineFailure;
  readonly summary: string;
}

export interface FailureClassification {
  readonly reason: EngineFailure;
  readonly summary: string;
  /** The log line that matched, trimmed, for the report. */
  readonly line: string;
}

export interface EnginePreset {
  readonly type: EngineType;
  /** Flag-set version this preset describes, e.g. "0.11" (vLLM V1) or "0.5" (vLLM 0.4/0.5). */
  readonly version: string;
  /** Which release and which source each flag was checked against. */
  readonly checkedAgainst: string;
  /** Base argv used when the config gives no command. */
  readonly defaultCommand: readonly string[];
  /**
   * What the study's first trial (the baseline every result is compared with) runs:
   * 'space-defaults' — the space's default point rendered as flags (the preset's defaults are the engine's own);
   * 'base-command' — the base command with no tuned flag added: the engine's true default, for engines
   * whose defaults have no position in the space (llama-server picks its slot count and KV layout itself
   * and reads the context from the model). Such a baseline is measured and compared against, but it is
   * no point of the space, so the optimiser does not learn from it (docs/ARCHITECTURE.md §1, method: the default first).
   */
  readonly baseline: BaselineKind;
  /** Flags in the base argv that carry the model's maximum sequence length (for WorkloadFacts.maxModelLen). */
  readonly modelLengthFlags: readonly string[];
  space(options: SpaceOptions): SpaceSpec;
  /** Known constraints as expressions over the space's parameter names (src/core/constraints.ts syntax). */
  constraints(options: SpaceOptions): string[];
  /** Constraints derived from the trace (request lengths). */
  workloadConstraints(facts: WorkloadFacts): string[];
  /**
   * Base argv + host/port + tuned flags. Any flag the preset tunes (or host/port) that is already in the
   * base argv, in `--a b` or `--a=b` form or under an alias, is removed first.
   */
  render(params: Params, base: readonly string[], ctx: LaunchContext): RenderedLaunch;
  /**
   * The same configuration as flags to write into a launch file, one entry per parameter in params order
   * (host and port are the launch file's own business and are left out).
   */
  launchFlags(params: Params, options?: { filesDir?: string }): LaunchFlags;
  /** GET path that answers 200 once the engine serves requests; null for engines without a server. */
  readonly readiness: { readonly path: string } | null;
  readonly failurePatterns: readonly FailurePattern[];
  /** The first failure pattern found in the log tail (patterns are tried in order), if any. */
  classifyFailure(logTail: string): FailureClassification | undefined;
}

/** One tuned setting as a command line spells it, for editing a launch file in place (`scoot apply`). */
export interface LaunchFlag {
  /** The parameter; or, for a spelling that must go because the setting moved elsewhere, that flag. */
  readonly name: string;
  /** What the value renders to; empty when the setting must be absent from the command. */
  readonly argv: readonly string[];
  /** Every spelling of the setting the engine accepts, and what each takes as its value. */
  readonly strip: readonly StripSpec[];
}

export interface LaunchFlags {
  readonly flags: readonly LaunchFlag[];
  /** Files the flags point at (TensorRT-LLM's LLM-API options), paths relative to options.filesDir. */
  readonly files: readonly GeneratedFile[];
}

/** A one-line, user-facing problem with a preset request or a configuration it was given. */
export class PresetError extends UserError {
  override name = 'PresetError';
}
