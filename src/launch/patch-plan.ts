// What to change in an engine's argv so it carries a configuration, decided on token values alone
// (the file's syntax is the writers' business). Each tuned setting is looked up under every spelling
// the preset knows; the last occurrence (the one the engine's parser keeps) is edited in place — only
// its value when the value is all that differs, so aliases and `--a=b`/`--a b` style survive — and
// settings absent from the command are appended in the command's own flag style. A setting that
// already means the wanted value is left alone, which makes patching idempotent.

import type { ValueArity } from '../engines/argv.js';
import type { LaunchFlag } from '../engines/preset.js';
import { effectiveValue } from './shell-part.js';

export type Operation =
  | { kind: 'replace'; token: number; value: string }
  | { kind: 'replace-inline'; token: number; name: string; value: string }
  | { kind: 'remove'; from: number; to: number }
  | { kind: 'replace-range'; from: number; to: number; values: string[] }
  | { kind: 'append'; groups: string[][] };

export interface FlagChange {
  /** The parameter. */
  name: string;
  /** Tokens before and after ([] = absent). */
  before: string[];
  after: string[];
}

export interface PatchPlan {
  operations: Operation[];
  changes: FlagChange[];
  /** Parameters already set to the wanted value. */
  unchanged: string[];
}

interface Occurrence {
  start: number;
  end: number;
  name: string;
  /** `--a=b`: b. */
  inline?: string;
  /** `--a b`: the index of b. */
  valueIndex?: number;
}

function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(Number(a)) && Number.isFinite(Number(b))) return Number(a) === Number(b);
  return false;
}

function occurrenceValue(tokens: readonly string[], o: Occurrence): string | undefined {
  if (o.inline !== undefined) return o.inline;
  return o.valueIndex !== undefined ? tokens[o.valueIndex] : undefined;
}

/** Whether the occurrence already means what `target` renders. */
function equivalent(tokens: readonly string[], o: Occurrence, target: readonly string[]): boolean {
  const written = tokens.slice(o.start, o.end);
  if (written.length === target.length && written.every((t, i) => t === target[i])) return true;
  const value = occurrenceValue(tokens, o);
  if (target.length === 2) return value !== undefined && sameValue(effectiveValue(value), target[1]);
  if (target.length === 1) return o.name === target[0] && (value === undefined || /^true$/i.test(value));
  if (target.length === 0) return value !== undefined ? /^false$/i.test(value) : o.name.startsWith('--no-');
  return false;
}

/**
 * Whether new flags are written `--a=b`: as the tuned flags already in the command are, or else as most
 * of its long flags are.
 */
function prefersEquals(tokens: readonly string[], from: number, tuned: readonly Occurrence[]): boolean {
  const valued = tuned.filter((o) => o.inline !== undefined || o.valueIndex !== undefined);
  if (valued.length > 0) return valued.filter((o) => o.inline !== undefined).length * 2 > valued.length;
  let equals = 0;
  let spaced = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.startsWith('--')) continue;
    if (t.includes('=')) equals++;
    else if (tokens[i + 1] !== undefined && !tokens[i + 1].startsWith('-')) spaced++;
  }
  return equals > spaced;
}

/**
 * tokens: the engine's argv as written (from its executable, or from the first argument when the
 * executable is implied); firstFlag: where flags may start.
 */
export function planPatch(tokens: readonly string[], flags: readonly LaunchFlag[], firstFlag = 1): PatchPlan {
  const spellings = new Map<string, { flag: number; arity: ValueArity }>();
  flags.forEach((f, k) => f.strip.forEach((s) => s.names.forEach((n) => spellings.set(n, { flag: k, arity: s.value }))));
  const found: Occurrence[][] = flags.map(() => []);
  for (let i = firstFlag; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '--') break;
    if (!t.startsWith('-')) continue;
    const eq = t.indexOf('=');
    const name = eq > 0 ? t.slice(0, eq) : t;
    const hit = spellings.get(name);
    if (!hit) continue;
    if (eq > 0) {
      found[hit.flag].push({ start: i, end: i + 1, name, inline: t.slice(eq + 1) });
      continue;
    }
    const next = tokens[i + 1];
    const takes = next !== undefined && (hit.arity === 'required' || (hit.arity instanceof RegExp && hit.arity.test(next)));
    found[hit.flag].push({ start: i, end: takes ? i + 2 : i + 1, name, ...(takes ? { valueIndex: i + 1 } : {}) });
    if (takes) i++;
  }
  const equalsStyle = prefersEquals(tokens, firstFlag, found.flat().filter((o) => o.name.startsWith('--')));
  const styled = (argv: readonly string[]): string[] => (equalsStyle && argv.length === 2 && argv[0].startsWith('--') ? [`${argv[0]}=${argv[1]}`] : [...argv]);

  const operations: Operation[] = [];
  const changes: FlagChange[] = [];
  const unchanged: string[] = [];
  const appended: string[][] = [];
  flags.forEach((flag, k) => {
    const target = flag.argv;
    const occurrences = found[k];
    const last = occurrences[occurrences.length - 1];
    if (!last) {
      if (target.length === 0) unchanged.push(flag.name);
      else {
        appended.push(styled(target));
        changes.push({ name: flag.name, before: [], after: styled(target) });
      }
      return;
    }
    const before = tokens.slice(last.start, last.end);
    if (equivalent(tokens, last, target)) {
      unchanged.push(flag.name);
      return;
    }
    if (target.length === 2 && last.inline !== undefined) {
      operations.push({ kind: 'replace-inline', token: last.start, name: last.name, value: target[1] });
      changes.push({ name: flag.name, before, after: [`${last.name}=${target[1]}`] });
    } else if (target.length === 2 && last.valueIndex !== undefined) {
      operations.push({ kind: 'replace', token: last.valueIndex, value: target[1] });
      changes.push({ name: flag.name, before, after: [last.name, target[1]] });
    } else if (target.length === 0) {
      operations.push({ kind: 'remove', from: last.start, to: last.end });
      changes.push({ name: flag.name, before, after: [] });
    } else {
      operations.push({ kind: 'replace-range', from: last.start, to: last.end, values: styled(target) });
      changes.push({ name: flag.name, before, after: styled(target) });
    }
  });
  if (appended.length > 0) operations.push({ kind: 'append', groups: appended });
  return { operations, changes, unchanged };
}
