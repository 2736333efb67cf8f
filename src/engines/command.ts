// The `command` engine (docs/ARCHITECTURE.md §3, config): no server; each configuration runs the user's `evaluate` argv once,
// with `{param-name}` placeholders replaced by the configuration's values, and reads metrics from its
// last stdout line. Its whole search space comes from the user's config.

import type { ParamValue, Params } from '../core/types.js';
import { formatValue } from './argv.js';
import { classifyLog, GENERIC_CRASH, OUT_OF_MEMORY } from './failures.js';
import { PresetError, type EnginePreset, type FailurePattern, type LaunchContext, type RenderedLaunch } from './preset.js';

// `{name}` is a placeholder (names as in the config: letters, digits, - _ .); `{{` and `}}` are literal
// braces, and braces around anything that cannot be a name (JSON such as {"a": 1}) are left as they are.
const TOKEN = /\{\{|\}\}|\{([^{}]*)\}/g;
const NAME = /^[A-Za-z0-9_.-]+$/;

function placeholderValue(value: ParamValue): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : formatValue(value);
}

/**
 * The evaluate argv for one configuration. Each template element stays one argv element (no shell, no
 * splitting); a placeholder naming no parameter is an error that names it.
 */
export function renderEvaluate(template: readonly string[], params: Params): string[] {
  if (template.length === 0) throw new PresetError('engine.evaluate is empty: give the benchmark command as an array, e.g. ["python3", "bench.py", "--tp", "{tensor-parallel}"]');
  return template.map((element) =>
    element.replace(TOKEN, (match: string, name: string | undefined) => {
      if (match === '{{') return '{';
      if (match === '}}') return '}';
      const key = name ?? '';
      if (!NAME.test(key)) return match;
      const value = params[key];
      if (value === undefined) {
        const known = Object.keys(params);
        throw new PresetError(`engine.evaluate uses {${key}}, which is not a parameter${known.length ? ` (parameters: ${known.join(', ')})` : ''}`);
      }
      return placeholderValue(value);
    }),
  );
}

/** Names of the placeholders a template uses, in order of first appearance. */
export function placeholdersOf(template: readonly string[]): string[] {
  const names: string[] = [];
  for (const element of template)
    for (const m of element.matchAll(TOKEN)) {
      const name = m[1];
      if (name !== undefined && NAME.test(name) && !names.includes(name)) names.push(name);
    }
  return names;
}

const COMMAND_FAILURES: readonly FailurePattern[] = [...OUT_OF_MEMORY, ...GENERIC_CRASH];

export const command: EnginePreset = {
  type: 'command',
  version: '1',
  checkedAgainst: 'docs/ARCHITECTURE.md §3 (the command engine contract)',
  defaultCommand: [],
  baseline: 'space-defaults',
  modelLengthFlags: [],
  space: () => ({}),
  constraints: () => [],
  workloadConstraints: () => [],
  render(params: Params, base: readonly string[], _ctx: LaunchContext): RenderedLaunch {
    return { argv: renderEvaluate(base, params), files: [], env: {} };
  },
  // A benchmark command has no launch file to write flags into.
  launchFlags: () => ({ flags: [], files: [] }),
  readiness: null,
  failurePatterns: COMMAND_FAILURES,
  classifyFailure(logTail: string) {
    return classifyLog(logTail, COMMAND_FAILURES);
  },
};
