// A local engine must not outlive the study that started it, however the study process ends (SIGKILL
// and a crash included, where no exit handler runs). The SSH path gets this from its remote script,
// which stops the engine when the session's stdin closes (remote/engine-script.ts); a local engine
// gets the same from a tiny watchdog: a shell in its own session that reads a pipe from this process.
// The kernel closes the pipe when this process dies, whatever killed it; the read ends, and the
// watchdog stops the engine's process group (SIGTERM, then SIGKILL after the grace period).
//
// When the engine is stopped normally, the watchdog is SIGKILLed first, so it can never signal a
// process group whose number has since been reused.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

const SCRIPT = [
  'pg=$1; grace=$2',
  // Blocks until this process is gone (end of file on the pipe; it never writes to it).
  'while read -r _; do :; done',
  'kill -TERM -"$pg" 2>/dev/null || exit 0',
  'end=$(( $(date +%s) + grace ))',
  'while kill -0 -"$pg" 2>/dev/null; do',
  '  if [ "$(date +%s)" -ge "$end" ]; then kill -KILL -"$pg" 2>/dev/null; exit 0; fi',
  '  sleep 0.2',
  'done',
].join('\n');

/** The name the watchdog shows in `ps` (argv[0] of the shell script). */
export const WATCHDOG_NAME = 'scoot-watchdog';

export interface Watchdog {
  readonly pid: number | undefined;
  /** The engine was stopped by its owner: the watchdog goes, without touching the group. */
  dispose(): void;
}

/** Starts a watchdog for process group `pgid`; undefined when no shell could be started (Windows). */
export function startWatchdog(pgid: number, graceSec: number): Watchdog | undefined {
  if (process.platform === 'win32') return undefined;
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', SCRIPT, WATCHDOG_NAME, String(pgid), String(Math.max(1, Math.ceil(graceSec)))], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch {
    return undefined;
  }
  child.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep this process alive.
  child.unref();
  (child.stdin as unknown as Socket | null)?.unref();
  child.stdin?.on('error', () => undefined);
  let disposed = false;
  return {
    pid: child.pid,
    dispose() {
      if (disposed) return;
      disposed = true;
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
      child.stdin?.destroy();
    },
  };
}
