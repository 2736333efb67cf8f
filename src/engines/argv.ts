// Argv surgery shared by the presets: remove flags a trial sets from a user's base command (in every
// spelling the engine's parser accepts), read a flag's value, and format values without float noise.

import type { ParamValue } from '../core/types.js';
import { PresetError } from './preset.js';

/**
 * How one flag spelling consumes the token after it when it appears without `=`:
 * 'required' — always takes the next token as its value (even "-1");
 * 'none'     — takes nothing;
 * a RegExp   — takes the next token only if it matches (argparse `nargs="?"` booleans, llama.cpp's old bare `-fa`).
 * `--flag=value` is always a single token, whatever the kind.
 */
export type ValueArity = 'required' | 'none' | RegExp;

export interface StripSpec {
  readonly names: readonly string[];
  readonly value: ValueArity;
}

/** Tokens that a boolean flag with an optional value may carry (argparse StoreBoolean, BooleanOptionalAction-ish). */
export const BOOLEAN_LITERAL = /^(true|false)$/i;

function flagName(token: string): string {
  const eq = token.indexOf('=');
  return eq > 0 ? token.slice(0, eq) : token;
}

/** A copy of argv without any occurrence of the given flags (and the values they consumed). */
export function stripFlags(argv: readonly string[], specs: readonly StripSpec[]): string[] {
  const arity = new Map<string, ValueArity>();
  for (const spec of specs) for (const name of spec.names) arity.set(name, spec.value);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const kind = token.startsWith('-') ? arity.get(flagName(token)) : undefined;
    if (kind === undefined) {
      out.push(token);
      continue;
    }
    if (token.includes('=')) continue;
    const next = argv[i + 1];
    if (next === undefined) continue;
    if (kind === 'required' || (kind instanceof RegExp && kind.test(next))) i++;
  }
  return out;
}

/** The value of the last occurrence of any of `names` in argv (`--a b` or `--a=b`), if present. */
export function flagValue(argv: readonly string[], names: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const name = flagName(token);
    if (!names.includes(name)) continue;
    if (token.length > name.length) found = token.slice(name.length + 1);
    else if (i + 1 < argv.length) found = argv[i + 1];
  }
  return found;
}

/**
 * A value as an engine's CLI should see it: integers plainly, floats without binary noise
 * (0.9000000000000001 → "0.9"), strings as they are.
 */
export function formatValue(value: ParamValue): string {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    return String(Number(value.toPrecision(12)));
  }
  return String(value);
}

/**
 * The model length a base command pins (e.g. `--max-model-len 4096`), for WorkloadFacts.maxModelLen and
 * SpaceOptions.maxModelLen; undefined when the command leaves it to the model's config.
 */
export function modelLengthFromArgv(argv: readonly string[], names: readonly string[]): number | undefined {
  if (names.length === 0) return undefined;
  const raw = flagValue(argv, names);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new PresetError(`${names[0]} in the engine command must be a positive integer, got "${raw}"`);
  return value;
}
