// Reads and validates scoot.config.json. Comments and trailing commas are allowed (jsonc-parser, as
// VS Code's own settings files). Every problem carries the JSON path and the source range, so the CLI
// prints one line naming the field and the extension underlines the right span.

import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ScootConfig } from './config.js';
import { configSchema } from './config-schema.js';
import { UserError } from '../protocol/user-error.js';

export interface ConfigIssue {
  /** JSON path of the offending value, e.g. ["budget", "evaluations"]. */
  path: (string | number)[];
  message: string;
  /** Character range in the file, when known. */
  offset: number;
  length: number;
}

export class ConfigError extends UserError {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${file}: ${formatIssue(issues[0])}${issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''}`, { path: issues[0]?.path ?? [] });
  }
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

function formatIssue(issue: ConfigIssue): string {
  const where = formatPath(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(configSchema);

function decodePointer(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** ajv reports every failing branch of a oneOf; keep what a person can act on. */
function describe(e: ErrorObject): { path: (string | number)[]; message: string } | undefined {
  const path = decodePointer(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { path, message: `missing required field "${(e.params as { missingProperty: string }).missingProperty}"` };
    case 'additionalProperties':
      return { path: [...path, (e.params as { additionalProperty: string }).additionalProperty], message: 'unknown field (check its spelling)' };
    case 'enum':
      return { path, message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return undefined;
    case 'type': {
      const type = (e.params as { type: string | string[] }).type;
      return { path, message: `must be ${Array.isArray(type) ? type.join(' or ') : type.replace(',', ' or ')}` };
    }
    case 'oneOf':
    case 'anyOf':
      return { path, message: 'does not match any allowed form' };
    case 'minItems': {
      const limit = (e.params as { limit: number }).limit;
      if (path.at(-1) === 'values') return { path, message: 'an enum needs at least one value' };
      return { path, message: `needs at least ${limit} item${limit === 1 ? '' : 's'}` };
    }
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

/**
 * The errors of the alternatives the user meant. A parameter spec is one of several forms told apart by
 * `type` (int, float, enum, bool); ajv reports every form's complaints, so a float with step 0 would
 * be told the integer form's "must be >= 1". Forms whose `type` constant did not match are dropped, and
 * so is a type mismatch at a value when errors deeper inside it say what is really wrong.
 */
function intendedBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const typeMismatches = errors.filter((e) => e.keyword === 'const' && e.instancePath.endsWith('/type') && /\/(oneOf|anyOf)\/\d+\/properties\/type\/const$/.test(e.schemaPath));
  const mismatched = typeMismatches.map((e) => e.schemaPath.replace(/\/properties\/type\/const$/, '/'));
  const kept = errors.filter((e) => !mismatched.some((branch) => e.schemaPath.startsWith(branch)));
  // No form has the `type` given: say which types there are.
  const unknownTypes = new Map<string, unknown[]>();
  for (const e of typeMismatches) {
    const forms = e.schemaPath.replace(/\/\d+\/properties\/type\/const$/, '/');
    const matchedOne = kept.some((o) => o.schemaPath.startsWith(forms) && o.instancePath.startsWith(e.instancePath.replace(/\/type$/, '')));
    if (!matchedOne) unknownTypes.set(e.instancePath, [...(unknownTypes.get(e.instancePath) ?? []), (e.params as { allowedValue: unknown }).allowedValue]);
  }
  const synthetic = [...unknownTypes].map(([instancePath, allowedValues]): ErrorObject => ({ keyword: 'enum', instancePath, schemaPath: '', params: { allowedValues } }));
  const specific = [...synthetic, ...kept];
  return specific.filter((e) => !((e.keyword === 'type' || e.keyword === 'const') && specific.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`) && o.keyword !== 'oneOf' && o.keyword !== 'anyOf')));
}

/** The most specific errors first: a bad field inside an object beats "does not match any form" on the object. */
function rank(issues: { path: (string | number)[]; message: string }[]): { path: (string | number)[]; message: string }[] {
  const generic = (m: string) => m === 'does not match any allowed form';
  return [...issues].sort((a, b) => Number(generic(a.message)) - Number(generic(b.message)) || b.path.length - a.path.length);
}

export function parseConfigText(text: string, file: string): ScootConfig {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new ConfigError(file, [{ path: [], message: `invalid JSON (${printParseErrorCode(e.error)}) at line ${line}`, offset: e.offset, length: Math.max(1, e.length) }]);
  }
  if (validate(value)) return value;
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  // oneOf branches that were not meant (e.g. the "int" branch for a float parameter) produce noise;
  // errors under a path where a more specific error exists are dropped.
  const described = rank(intendedBranches(validate.errors ?? []).map(describe).filter((d): d is NonNullable<typeof d> => d !== undefined));
  for (const d of described) {
    const key = formatPath(d.path);
    if (seen.has(key) || [...seen].some((s) => s.startsWith(key) && key.length > 0 && d.message === 'does not match any allowed form')) continue;
    seen.add(key);
    const node = tree ? findNodeAtLocation(tree, d.path) ?? findNodeAtLocation(tree, d.path.slice(0, -1)) : undefined;
    // For a misspelt key, underline the key itself, not its value.
    const target = node?.parent?.type === 'property' && node.parent.children?.[0] ? (d.message.startsWith('unknown field') ? node.parent.children[0] : node) : node;
    issues.push({ path: d.path, message: d.message, offset: target?.offset ?? 0, length: target?.length ?? 1 });
  }
  throw new ConfigError(file, issues);
}

export async function loadConfigFile(file: string): Promise<{ config: ScootConfig; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [{ path: [], message: code === 'ENOENT' ? 'file not found (create one with `scoot init`)' : `cannot read the file (${code ?? String(e)})`, offset: 0, length: 0 }]);
  }
  return { config: parseConfigText(text, file), text };
}

/** Locates a JSON path in the config text (for diagnostics raised after validation, e.g. a bad constraint). */
export function rangeOf(text: string, path: readonly (string | number)[]): { offset: number; length: number } {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const node = tree ? findNodeAtLocation(tree, [...path]) : undefined;
  return { offset: node?.offset ?? 0, length: node?.length ?? 1 };
}
