// Finds the engine processes a fixture caused, by the unique marker in their argv (`ps -eww` shows
// the full command line), and watches that none ever appears.
import { spawnSync } from 'node:child_process';
import { delay } from './code-server.js';

export interface ProcessInfo {
  pid: number;
  pgid: number;
  args: string;
}

export function processesWith(marker: string): ProcessInfo[] {
  const res = spawnSync('ps', ['-eww', '-o', 'pid=,pgid=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`ps failed: ${res.stderr}`);
  return res.stdout.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m || !m[3].includes(marker) || Number(m[1]) === res.pid) return [];
    return [{ pid: Number(m[1]), pgid: Number(m[2]), args: m[3] }];
  });
}

/** Polls until `predicate` holds for the marker's processes; the last list when it does. */
export async function waitForProcesses(marker: string, predicate: (ps: ProcessInfo[]) => boolean, timeoutMs: number, what: string): Promise<ProcessInfo[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ps = processesWith(marker);
    if (predicate(ps)) return ps;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; processes with ${marker}:\n${ps.map((p) => `${p.pid} ${p.args}`).join('\n') || '(none)'}`);
    await delay(200);
  }
}

/** Watches the process table every 100 ms while `during` runs; every process with the marker seen. */
export async function watchProcesses<T>(marker: string, during: () => Promise<T>): Promise<{ result: T; seen: ProcessInfo[] }> {
  const seen = new Map<number, ProcessInfo>();
  let watching = true;
  const loop = (async () => {
    while (watching) {
      for (const p of processesWith(marker)) seen.set(p.pid, p);
      await delay(100);
    }
  })();
  try {
    const result = await during();
    return { result, seen: [...seen.values()] };
  } finally {
    watching = false;
    await loop;
  }
}

/** Last-resort clean-up of engines the test caused (by pid, never by name): SIGKILL to each one's group. */
export function killProcessesWith(marker: string): ProcessInfo[] {
  const left = processesWith(marker);
  const ownGroup = Number(spawnSync('ps', ['-o', 'pgid=', '-p', String(process.pid)], { encoding: 'utf8' }).stdout.trim());
  for (const p of left) {
    for (const target of p.pgid === ownGroup ? [p.pid] : [-p.pgid, p.pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
  return left;
}
