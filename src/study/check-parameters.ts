// What the schema cannot say about the parameters a config defines: bounds that are finite and in
// order, a log scale above zero, a default inside its range and on its step's grid, an enum's default
// among its values and no value twice. Checked at load, each with the field's path: a default outside
// its range would otherwise be evaluated as the baseline and wedge the study.

import type { ParamSpec } from '../core/types.js';
import { placeholdersOf } from '../engines/index.js';
import { ResolveError } from './resolve-error.js';

/** Relative tolerance of "on the grid" for float steps (decimal steps are not exact in binary). */
const GRID_TOLERANCE = 1e-9;

function onGrid(value: number, min: number, step: number): boolean {
  const k = (value - min) / step;
  return Math.abs(k - Math.round(k)) <= GRID_TOLERANCE * Math.max(1, Math.abs(k));
}

function fail(name: string, field: string | undefined, message: string): never {
  const path = field ? ['parameters', name, field] : ['parameters', name];
  throw new ResolveError(`parameters.${name}${field ? `.${field}` : ''}: ${message}`, path);
}

function checkRange(name: string, spec: Extract<ParamSpec, { type: 'int' | 'float' }>): void {
  for (const field of ['min', 'max', 'step', 'default'] as const) {
    const v = spec[field];
    if (v !== undefined && !Number.isFinite(v)) fail(name, field, Number.isNaN(v) ? 'is not a number' : 'is too large for a number (beyond ±1.8e308)');
  }
  if (spec.type === 'int' ? spec.min > spec.max : !(spec.min < spec.max)) {
    fail(name, 'min', `${spec.min} must be ${spec.type === 'int' ? 'at most' : 'below'} max (${spec.max})`);
  }
  if (spec.log && spec.min <= 0) fail(name, 'min', `a log-scale range needs min > 0, got ${spec.min}`);
  if (spec.step !== undefined && !(spec.step > 0)) fail(name, 'step', `must be > 0, got ${spec.step}`);
  if (spec.step !== undefined && spec.step > spec.max - spec.min && spec.max > spec.min) {
    fail(name, 'step', `${spec.step} is larger than the range [${spec.min}, ${spec.max}]`);
  }
  const d = spec.default;
  if (d === undefined) return;
  if (d < spec.min || d > spec.max) fail(name, 'default', `${d} is outside [${spec.min}, ${spec.max}]`);
  if (spec.step !== undefined && !spec.log && !onGrid(d, spec.min, spec.step)) {
    fail(name, 'default', `${d} is not on the grid of step ${spec.step} from ${spec.min} (${spec.min}, ${spec.min + spec.step}, ...)`);
  }
}

/** Throws ResolveError (path parameters.<name>.<field>) for the first problem of the user's parameters. */
export function checkParameters(parameters: Record<string, ParamSpec | false> | undefined): void {
  for (const [name, spec] of Object.entries(parameters ?? {})) {
    if (spec === false) continue;
    switch (spec.type) {
      case 'int':
      case 'float':
        checkRange(name, spec);
        break;
      case 'enum': {
        if (spec.values.length === 0) fail(name, 'values', 'an enum needs at least one value');
        const twice = spec.values.find((v, i) => spec.values.indexOf(v) !== i);
        if (twice !== undefined) fail(name, 'values', `${JSON.stringify(twice)} is listed twice`);
        if (spec.values.some((v) => typeof v === 'number' && !Number.isFinite(v))) fail(name, 'values', 'every value must be a finite number or a string');
        if (spec.default !== undefined && !spec.values.includes(spec.default)) {
          fail(name, 'default', `${JSON.stringify(spec.default)} is not one of the values ${JSON.stringify(spec.values)}`);
        }
        break;
      }
      case 'bool':
        break;
    }
  }
}

/** Every `{name}` in engine.evaluate names a parameter (tuned or fixed); checked before anything runs. */
export function checkPlaceholders(evaluate: readonly string[] | undefined, names: readonly string[]): void {
  (evaluate ?? []).forEach((element, i) => {
    for (const name of placeholdersOf([element])) {
      if (!names.includes(name)) {
        throw new ResolveError(`engine.evaluate[${i}]: {${name}} is not a parameter${names.length ? ` (parameters: ${names.join(', ')})` : ''}; write {{ and }} for literal braces`, ['engine', 'evaluate', i]);
      }
    }
  });
}
