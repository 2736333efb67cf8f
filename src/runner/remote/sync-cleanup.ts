// Remote work (ssh sessions, Slurm jobs) that must not outlive this process. An evaluator registers
// a synchronous stop for each thing it starts; runSyncCleanups() runs them all and is safe in
// 'exit' handlers and on a second Ctrl-C, where no promise will ever settle again.

type SyncCleanup = () => void;

const cleanups = new Set<SyncCleanup>();
let exitHookInstalled = false;

/** Whatever way this process ends (hosts other than the CLI included), remote work is stopped. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => runSyncCleanups());
}

/** Registers `fn`; the returned function unregisters it (call it once the thing is stopped). */
export function registerSyncCleanup(fn: SyncCleanup): () => void {
  installExitHook();
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
  };
}

/** Runs and forgets every registered cleanup; one that throws does not keep the others from running. Returns how many ran. */
export function runSyncCleanups(): number {
  const all = [...cleanups];
  cleanups.clear();
  for (const fn of all) {
    try {
      fn();
    } catch {
      // best effort: the process is going away
    }
  }
  return all.length;
}

/** How many cleanups are registered (tests: nothing left behind). */
export function pendingSyncCleanups(): number {
  return cleanups.size;
}
