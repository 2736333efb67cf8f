// Tunable parameters and their values: what a configuration is, in every layer from the optimiser
// (which encodes these specs into its unit cube) to the panel (which draws one axis per parameter).

export type ParamValue = number | boolean | string;
/** One configuration: parameter name -> value. */
export type Params = Record<string, ParamValue>;

export interface IntParam {
  type: 'int';
  min: number;
  max: number;
  log?: boolean;
  step?: number;
  default?: number;
  description?: string;
}
export interface FloatParam {
  type: 'float';
  min: number;
  max: number;
  log?: boolean;
  step?: number;
  default?: number;
  description?: string;
}
export interface EnumParam {
  type: 'enum';
  values: readonly (string | number)[];
  default?: string | number;
  description?: string;
}
export interface BoolParam {
  type: 'bool';
  default?: boolean;
  description?: string;
}
export type ParamSpec = IntParam | FloatParam | EnumParam | BoolParam;
/** The search space: parameter name -> its range. */
export type SpaceSpec = Record<string, ParamSpec>;

/**
 * A tuned parameter with its name, in the space's order: the study folder's parameters.json and the
 * panel's axes, filters and columns.
 */
export type ParameterInfo = ParamSpec & { name: string };

/** The space as a list, in its own order (parameters held fixed are not in the space). */
export function parameterList(space: SpaceSpec): ParameterInfo[] {
  return Object.entries(space).map(([name, spec]) => ({ name, ...spec }));
}
