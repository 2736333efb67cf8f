// The search space and its encoding to the unit cube, one coordinate per parameter.
// Discrete parameters (linear ints, enums, bools) split [0,1] into equal bins and encode to bin
// centres; log-scaled ints and floats map log-linearly. decode(encode(p)) === p for valid p, and
// encode(decode(u)) is the canonical point of u's cell, which the GP sees.

import type { ParamSpec, ParamValue, Params, SpaceSpec } from './types.js';

export class SpaceError extends Error {}

interface Dim {
  name: string;
  spec: ParamSpec;
  /** Admissible values for binned dimensions; undefined for continuous and log-int ones. */
  levels?: readonly ParamValue[];
}

function intLevels(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max + 1e-9; v += step) out.push(Math.round(v));
  return out;
}

const MAX_LINEAR_INT_LEVELS = 4096;

export class Space {
  readonly names: readonly string[];
  private readonly dims: readonly Dim[];

  constructor(readonly spec: SpaceSpec) {
    const names = Object.keys(spec);
    if (names.length === 0) throw new SpaceError('the search space has no parameters');
    this.names = names;
    this.dims = names.map((name) => Space.makeDim(name, spec[name]));
  }

  private static makeDim(name: string, spec: ParamSpec): Dim {
    switch (spec.type) {
      case 'int': {
        if (!Number.isInteger(spec.min) || !Number.isInteger(spec.max) || spec.min > spec.max)
          throw new SpaceError(`parameter "${name}": int needs integer min <= max`);
        if (spec.log && spec.min <= 0) throw new SpaceError(`parameter "${name}": log scale needs min > 0`);
        const step = spec.step ?? 1;
        if (!Number.isInteger(step) || step < 1) throw new SpaceError(`parameter "${name}": int step must be a positive integer`);
        const count = Math.floor((spec.max - spec.min) / step) + 1;
        if (!spec.log && count <= MAX_LINEAR_INT_LEVELS) return { name, spec, levels: intLevels(spec.min, spec.max, step) };
        return { name, spec };
      }
      case 'float':
        if (!(spec.min < spec.max)) throw new SpaceError(`parameter "${name}": float needs min < max`);
        if (spec.log && spec.min <= 0) throw new SpaceError(`parameter "${name}": log scale needs min > 0`);
        if (spec.step !== undefined && !(spec.step > 0)) throw new SpaceError(`parameter "${name}": step must be > 0`);
        return { name, spec };
      case 'enum':
        if (spec.values.length === 0) throw new SpaceError(`parameter "${name}": enum needs at least one value`);
        return { name, spec, levels: spec.values };
      case 'bool':
        return { name, spec, levels: [false, true] };
      default:
        throw new SpaceError(`parameter "${name}": unknown type "${(spec as { type: string }).type}"`);
    }
  }

  get dim(): number {
    return this.dims.length;
  }

  /** Number of distinct values of dimension i, or Infinity for continuous ones. */
  cardinality(i: number): number {
    const d = this.dims[i];
    if (d.levels) return d.levels.length;
    if (d.spec.type === 'int') {
      const step = d.spec.step ?? 1;
      return Math.floor((d.spec.max - d.spec.min) / step) + 1;
    }
    if (d.spec.type === 'float' && d.spec.step) return Math.floor((d.spec.max - d.spec.min) / d.spec.step + 1e-9) + 1;
    return Infinity;
  }

  /** True for dimensions whose values are categorical (no order): enums of strings and bools. */
  isCategorical(i: number): boolean {
    const s = this.dims[i].spec;
    return s.type === 'bool' || (s.type === 'enum' && s.values.some((v) => typeof v !== 'number'));
  }

  isDiscrete(i: number): boolean {
    return Number.isFinite(this.cardinality(i));
  }

  /** Distinct values of dimension i (finite dimensions only), in encoding order. */
  values(i: number): ParamValue[] {
    const d = this.dims[i];
    if (d.levels) return [...d.levels];
    const n = this.cardinality(i);
    if (!Number.isFinite(n)) throw new SpaceError(`parameter "${d.name}" is continuous`);
    const s = d.spec as { min: number; step?: number; type: string };
    const step = s.step ?? 1;
    return Array.from({ length: n }, (_, k) => (s.type === 'int' ? Math.round(s.min + k * step) : s.min + k * step));
  }

  defaults(): Params {
    const out: Params = {};
    for (const d of this.dims) out[d.name] = Space.defaultOf(d);
    return out;
  }

  private static defaultOf(d: Dim): ParamValue {
    const s = d.spec;
    switch (s.type) {
      case 'bool':
        return s.default ?? false;
      case 'enum':
        return s.default ?? s.values[0];
      case 'int':
      case 'float': {
        if (s.default !== undefined) return s.default;
        const mid = s.log ? Math.sqrt(s.min * s.max) : (s.min + s.max) / 2;
        return s.type === 'int' ? Math.round(mid) : mid;
      }
    }
  }

  /** Params -> unit cube. Throws SpaceError for a missing or invalid value. */
  encode(params: Params): number[] {
    return this.dims.map((d) => {
      const v = params[d.name];
      if (v === undefined) throw new SpaceError(`missing value for parameter "${d.name}"`);
      if (d.levels) {
        const idx = d.levels.findIndex((l) => l === v || (typeof l === 'number' && typeof v === 'number' && Math.abs(l - v) < 1e-9));
        if (idx < 0) throw new SpaceError(`parameter "${d.name}": ${JSON.stringify(v)} is not one of ${JSON.stringify(d.levels)}`);
        return (idx + 0.5) / d.levels.length;
      }
      const s = d.spec as { min: number; max: number; log?: boolean };
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpaceError(`parameter "${d.name}": expected a number, got ${JSON.stringify(v)}`);
      const t = s.log ? (Math.log(v) - Math.log(s.min)) / (Math.log(s.max) - Math.log(s.min)) : (v - s.min) / (s.max - s.min);
      return Math.min(1, Math.max(0, t));
    });
  }

  /** Unit cube -> params; coordinates outside [0,1] are clipped. */
  decode(u: ArrayLike<number>): Params {
    const out: Params = {};
    this.dims.forEach((d, i) => {
      const t = Math.min(1, Math.max(0, u[i]));
      if (d.levels) {
        out[d.name] = d.levels[Math.min(d.levels.length - 1, Math.floor(t * d.levels.length))];
        return;
      }
      const s = d.spec as { type: 'int' | 'float'; min: number; max: number; log?: boolean; step?: number };
      let v = s.log ? Math.exp(Math.log(s.min) + t * (Math.log(s.max) - Math.log(s.min))) : s.min + t * (s.max - s.min);
      if (s.step) v = s.min + Math.round((v - s.min) / s.step) * s.step;
      if (s.type === 'int') v = Math.round(v);
      if (s.type === 'float' && s.step) v = Number(v.toPrecision(12));
      out[d.name] = Math.min(s.max, Math.max(s.min, v));
    });
    return out;
  }

  /** The canonical unit-cube point of u's cell (decode then encode). */
  snap(u: ArrayLike<number>): number[] {
    return this.encode(this.decode(u));
  }

  /** A string identifying a configuration, for de-duplication. */
  key(params: Params): string {
    return this.dims.map((d) => `${d.name}=${String(params[d.name])}`).join('\u0000');
  }

  /** One-line reason why params are not a point of this space, or undefined if they are. */
  check(params: Params): string | undefined {
    for (const d of this.dims) {
      const v = params[d.name];
      if (v === undefined) return `missing value for parameter "${d.name}"`;
      const s = d.spec;
      if (s.type === 'bool' && typeof v !== 'boolean') return `parameter "${d.name}" must be true or false`;
      if (s.type === 'enum' && !s.values.includes(v as string | number)) return `parameter "${d.name}" must be one of ${JSON.stringify(s.values)}`;
      if (s.type === 'int' || s.type === 'float') {
        if (typeof v !== 'number' || !Number.isFinite(v)) return `parameter "${d.name}" must be a number`;
        if (s.type === 'int' && !Number.isInteger(v)) return `parameter "${d.name}" must be an integer`;
        if (v < s.min || v > s.max) return `parameter "${d.name}" = ${v} is outside [${s.min}, ${s.max}]`;
      }
    }
    return undefined;
  }
}
