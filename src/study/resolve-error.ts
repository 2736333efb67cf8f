// A config that validates against the schema but cannot be run as it is; `path` is the JSON path of
// the field at fault (the extension underlines it).

import { UserError, type ConfigPath } from '../protocol/user-error.js';

export class ResolveError extends UserError {
  override name = 'ResolveError';
  constructor(message: string, path: ConfigPath = []) {
    super(message, { path });
  }
}
