// One tunable engine flag: its parameter (name, type, range, default) and how a value becomes argv.
// Keeping both in one record keeps a preset's flag table in one place, next to the doubts about it.

import type { ParamSpec, ParamValue, Params } from '../core/types.js';
import { formatValue, stripFlags, type StripSpec, type ValueArity } from './argv.js';
import { PresetError, type LaunchFlag, type SpaceOptions } from './preset.js';

export interface TunableFlag {
  /** Parameter name: the long flag without its leading dashes. */
  readonly name: string;
  /** The parameter in the default space, or undefined when it does not apply (e.g. TP with one GPU). */
  spec(options: SpaceOptions): ParamSpec | undefined;
  /** Argv for one value. */
  render(value: ParamValue): string[];
  /** Every spelling that must be removed from a base command before this flag is added. */
  readonly strip: readonly StripSpec[];
}

type SpecSource = ParamSpec | ((options: SpaceOptions) => ParamSpec | undefined);

function specOf(source: SpecSource): (options: SpaceOptions) => ParamSpec | undefined {
  return typeof source === 'function' ? source : () => source;
}

/** `--flag value` (any type but bool). */
export function valueFlag(
  name: string,
  spec: SpecSource,
  options: { flag?: string; aliases?: readonly string[]; bareAliases?: readonly StripSpec[] } = {},
): TunableFlag {
  const flag = options.flag ?? `--${name}`;
  return {
    name,
    spec: specOf(spec),
    render(value) {
      if (typeof value === 'boolean') throw new PresetError(`parameter "${name}" takes a value, not true/false`);
      return [flag, formatValue(value)];
    },
    strip: [{ names: [flag, ...(options.aliases ?? [])], value: 'required' }, ...(options.bareAliases ?? [])],
  };
}

/**
 * A boolean flag: true renders `on`, false renders `off` (empty when the engine's default is false and it
 * has no negation). `optionalValue` is what the flag may carry after it in a user's base command
 * (argparse `nargs="?"` booleans accept `--flag False`).
 */
export function switchFlag(
  name: string,
  spec: SpecSource,
  options: { on?: readonly string[]; off?: readonly string[]; optionalValue?: ValueArity; extraNames?: readonly string[] } = {},
): TunableFlag {
  const on = options.on ?? [`--${name}`];
  const off = options.off ?? [];
  const names = [...new Set([...on, ...off, ...(options.extraNames ?? [])].filter((t) => t.startsWith('-')))];
  return {
    name,
    spec: specOf(spec),
    render(value) {
      if (typeof value !== 'boolean') throw new PresetError(`parameter "${name}" must be true or false, got ${JSON.stringify(value)}`);
      return [...(value ? on : off)];
    },
    strip: [{ names, value: options.optionalValue ?? 'none' }],
  };
}

/**
 * A parameter the preset does not know (added by the user's config) follows the naming convention:
 * `--name value`, or `--name` when true and nothing when false.
 */
function renderConventional(name: string, value: ParamValue): { argv: string[]; strip: StripSpec } {
  const flag = `--${name}`;
  if (typeof value === 'boolean') return { argv: value ? [flag] : [], strip: { names: [flag, `--no-${name}`], value: 'none' } };
  return { argv: [flag, formatValue(value)], strip: { names: [flag], value: 'required' } };
}

/** The space spec of a flag table under the given options (flags whose spec is undefined are left out). */
export function spaceOf(flags: readonly TunableFlag[], options: SpaceOptions): Record<string, ParamSpec> {
  const out: Record<string, ParamSpec> = {};
  for (const f of flags) {
    const spec = f.spec(options);
    if (spec) out[f.name] = spec;
  }
  return out;
}

/**
 * Base argv minus every flag being set, then the fixed flags (host/port…), then one flag per parameter
 * in params order. Parameters the table does not know are rendered by convention.
 */
export function renderFlags(
  base: readonly string[],
  params: Params,
  flags: readonly TunableFlag[],
  fixed: { argv: readonly string[]; strip: readonly StripSpec[] },
): string[] {
  const byName = new Map(flags.map((f) => [f.name, f]));
  const strip: StripSpec[] = [...fixed.strip];
  const tail: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    const known = byName.get(name);
    if (known) {
      strip.push(...known.strip);
      tail.push(...known.render(value));
    } else {
      const own = renderConventional(name, value);
      strip.push(own.strip);
      tail.push(...own.argv);
    }
  }
  return [...stripFlags(base, strip), ...fixed.argv, ...tail];
}

/** `--max_num_seqs` for `--max-num-seqs`: parsers that accept both (vLLM's FlexibleArgumentParser). */
function withUnderscores(strip: readonly StripSpec[]): StripSpec[] {
  return strip.map((s) => ({
    ...s,
    names: [...new Set([...s.names, ...s.names.filter((n) => n.startsWith('--')).map((n) => `--${n.slice(2).replace(/-/g, '_')}`)])],
  }));
}

/** Per parameter, its rendered argv and every spelling (see EnginePreset.launchFlags). */
export function launchFlagsOf(params: Params, flags: readonly TunableFlag[], options: { underscoreSpellings?: boolean } = {}): LaunchFlag[] {
  const byName = new Map(flags.map((f) => [f.name, f]));
  return Object.entries(params).map(([name, value]) => {
    const known = byName.get(name);
    const own = known ? { argv: known.render(value), strip: [...known.strip] } : (() => {
      const c = renderConventional(name, value);
      return { argv: c.argv, strip: [c.strip] };
    })();
    return { name, argv: own.argv, strip: options.underscoreSpellings ? withUnderscores(own.strip) : own.strip };
  });
}
