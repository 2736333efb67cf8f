// Where a config problem is in scoot.config.json: a ConfigError's issues (only it sends any) carry
// their own ranges; a ResolveError (found when the study resolves the config: an unknown parameter in
// a constraint, a missing trace) carries the JSON path of the field, located in the text here. Decided
// by what the error carries, never by its name.

import { rangeOf } from '../../study/load-config.js';
import type { WorkerError } from '../../worker/messages.js';

export interface ConfigDiagnostic {
  offset: number;
  length: number;
  message: string;
}

/** The diagnostics for an error, or undefined when it is not a problem of the config file. */
export function diagnosticsFor(error: WorkerError, configText: string): ConfigDiagnostic[] | undefined {
  if (error.issues?.length) {
    return error.issues.map((i) => {
      const where = i.path.length ? `${formatPath(i.path)}: ` : '';
      return { offset: i.offset, length: Math.max(1, i.length), message: `${where}${i.message}` };
    });
  }
  if (error.path !== undefined) {
    const range = error.path?.length ? rangeOf(configText, error.path) : { offset: 0, length: 1 };
    return [{ offset: range.offset, length: Math.max(1, range.length), message: error.message }];
  }
  return undefined;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}
