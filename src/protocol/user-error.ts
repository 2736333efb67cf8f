// A problem the user can fix (a config field, a command-line argument, the study folder, a lock held
// by another run): its message is one line that says what to fix, shown without a stack trace. Hosts
// decide by `instanceof UserError`, never by an error's name, so a subclass cannot fall through to
// "internal error" by forgetting to set one. Lives in protocol/ because every layer below the CLI raises
// these and the worker forwards their exit code and field path to the extension.

export type ConfigPath = readonly (string | number)[];

export interface UserErrorOptions {
  /** What the CLI exits with (2: bad input). */
  exitCode?: number;
  /** JSON path of the config field at fault, e.g. ["budget", "evaluations"]. */
  path?: ConfigPath;
}

export class UserError extends Error {
  override name = 'UserError';
  readonly exitCode: number;
  readonly path: ConfigPath | undefined;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message);
    this.exitCode = options.exitCode ?? 2;
    this.path = options.path;
  }
}
