// A trial's log file, shared by local and remote evaluations.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { EvaluationSetupError } from './types.js';

/** Opens the trial log for appending before anything is launched: an unwritable log is a set-up error. */
export async function openTrialLog(path: string): Promise<WriteStream> {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw new EvaluationSetupError(`cannot create the log folder ${dirname(path)}: ${(e as Error).message}`);
  }
  const stream = createWriteStream(path, { flags: 'a' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e) => reject(new EvaluationSetupError(`cannot write the log ${path}: ${e.message}`)));
  });
  // A later write error (disk full) must not crash the study; the engine keeps its own output pipes.
  stream.on('error', () => undefined);
  return stream;
}
