// Builds an EnginePreset for an engine that is a long-running HTTP server configured by flags: the common
// case (vLLM, SGLang, llama.cpp, the simulator). TensorRT-LLM reuses the pieces but adds a YAML file.

import type { Params, SpaceSpec } from '../core/types.js';
import type { StripSpec } from './argv.js';
import { classifyLog } from './failures.js';
import {
  PresetError,
  type BaselineKind,
  type EnginePreset,
  type EngineType,
  type FailurePattern,
  type LaunchContext,
  type RenderedLaunch,
  type SpaceOptions,
  type WorkloadFacts,
} from './preset.js';
import { launchFlagsOf, renderFlags, spaceOf, type TunableFlag } from './tunable-flag.js';

export interface ServerPresetDefinition {
  readonly type: EngineType;
  readonly version: string;
  readonly checkedAgainst: string;
  readonly defaultCommand: readonly string[];
  /** Default 'space-defaults' (EnginePreset.baseline). */
  readonly baseline?: BaselineKind;
  /**
   * Flags every launch carries, added after host and port when the base command lacks them: switches
   * that only expose what scoot measures (llama-server's Prometheus endpoint, `--metrics`), never a
   * setting that changes how the engine serves.
   */
  readonly observeFlags?: readonly string[];
  readonly modelLengthFlags: readonly string[];
  readonly flags: readonly TunableFlag[];
  /** Spellings of the host and port flags; the first of each is the one rendered. */
  readonly hostFlags: readonly string[];
  readonly portFlags: readonly string[];
  readonly readinessPath: string;
  readonly failurePatterns: readonly FailurePattern[];
  /** The engine's parser also takes `--a_b` for `--a-b` (found in users' launch files). */
  readonly underscoreSpellings?: boolean;
  constraints(options: SpaceOptions): string[];
  workloadConstraints(facts: WorkloadFacts): string[];
}

export function checkSpaceOptions(options: SpaceOptions): void {
  if (!Number.isInteger(options.gpusPerTrial) || options.gpusPerTrial < 1)
    throw new PresetError(`gpusPerTrial must be a positive integer, got ${options.gpusPerTrial}`);
  if (options.maxModelLen !== undefined && !(Number.isInteger(options.maxModelLen) && options.maxModelLen > 0))
    throw new PresetError(`maxModelLen must be a positive integer, got ${options.maxModelLen}`);
}

export function checkLaunch(base: readonly string[], ctx: LaunchContext): void {
  if (base.length === 0) throw new PresetError('the engine command is empty: set engine.command in scoot.config.json');
  if (!Number.isInteger(ctx.port) || ctx.port < 1 || ctx.port > 65535) throw new PresetError(`port must be 1-65535, got ${ctx.port}`);
  if (ctx.host.length === 0) throw new PresetError('host must not be empty');
}

export function hostPortArgv(def: { hostFlags: readonly string[]; portFlags: readonly string[] }, ctx: LaunchContext) {
  const strip: StripSpec[] = [
    { names: def.hostFlags, value: 'required' },
    { names: def.portFlags, value: 'required' },
  ];
  return { argv: [def.hostFlags[0], ctx.host, def.portFlags[0], String(ctx.port)], strip };
}

/** The longest request must fit what the engine accepts: the model length when known, else the trace's longest. */
export function modelLengthFor(facts: WorkloadFacts): number {
  return facts.maxModelLen ?? facts.maxTotalTokens;
}

export function checkFacts(facts: WorkloadFacts): void {
  for (const key of ['maxPromptTokens', 'maxOutputTokens', 'maxTotalTokens'] as const) {
    const v = facts[key];
    if (!Number.isInteger(v) || v < 1) throw new PresetError(`workload ${key} must be a positive integer, got ${v}`);
  }
}

/** Powers of two up to n: the tensor-parallel sizes that divide the usual head counts. */
export function powersOfTwoUpTo(n: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= n; p *= 2) out.push(p);
  return out;
}

export function serverPreset(def: ServerPresetDefinition): EnginePreset {
  return {
    type: def.type,
    version: def.version,
    checkedAgainst: def.checkedAgainst,
    defaultCommand: def.defaultCommand,
    baseline: def.baseline ?? 'space-defaults',
    modelLengthFlags: def.modelLengthFlags,
    space(options: SpaceOptions): SpaceSpec {
      checkSpaceOptions(options);
      return spaceOf(def.flags, options);
    },
    constraints(options: SpaceOptions): string[] {
      checkSpaceOptions(options);
      return def.constraints(options);
    },
    workloadConstraints(facts: WorkloadFacts): string[] {
      checkFacts(facts);
      return def.workloadConstraints(facts);
    },
    render(params: Params, base: readonly string[], ctx: LaunchContext): RenderedLaunch {
      checkLaunch(base, ctx);
      const hostPort = hostPortArgv(def, ctx);
      const observe = (def.observeFlags ?? []).filter((flag) => !base.some((token) => token === flag || token.startsWith(`${flag}=`)));
      return { argv: renderFlags(base, params, def.flags, { argv: [...hostPort.argv, ...observe], strip: hostPort.strip }), files: [], env: {} };
    },
    launchFlags(params: Params) {
      return { flags: launchFlagsOf(params, def.flags, { underscoreSpellings: def.underscoreSpellings === true }), files: [] };
    },
    readiness: { path: def.readinessPath },
    failurePatterns: def.failurePatterns,
    classifyFailure(logTail: string) {
      return classifyLog(logTail, def.failurePatterns);
    },
  };
}
