// How this process runs itself: as `scoot` for simulated engines, and as the suggestion worker.
// Under tsx (tests, development) the loader flags are passed on too.

import type { StudyHost } from '../study/start-study.js';

export function cliHost(): StudyHost {
  const self = process.argv[1];
  return {
    scootCommand: [process.execPath, ...process.execArgv, self],
    label: 'scoot tune',
    suggestWorker: { entryFile: self, execArgv: [...process.execArgv] },
  };
}
