// A bad command-line argument or invocation: printed as one line, never with a stack trace.

import { UserError } from '../protocol/user-error.js';

export class CliError extends UserError {
  override name = 'CliError';
  constructor(message: string, exitCode = 2) {
    super(message, { exitCode });
  }
}

/**
 * What the CLI prints for an error that ended a command, and its exit code: a UserError (whatever its
 * class or name) is its own one-line message with its exit code; anything else is an internal error.
 */
export function failureReport(e: unknown, debug: boolean): { text: string; exitCode: number } {
  if (e instanceof UserError) return { text: `scoot: ${e.message}\n`, exitCode: e.exitCode };
  const err = e instanceof Error ? e : new Error(String(e));
  return { text: `scoot: internal error: ${err.message}${debug ? `\n${err.stack}` : ' (set SCOOT_DEBUG=1 for details)'}\n`, exitCode: 1 };
}
