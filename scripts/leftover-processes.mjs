// Proof that a test run leaves nothing running: every process the run starts carries a marker in its
// environment (SCOOT_TEST_RUN=<id>, inherited by engines, servers, browsers and daemons alike), and
// after the run no live process may carry it. The Slurm daemons and munged are also checked by name
// when their environment cannot be read (started through sudo by a user who is not root: sudo drops
// the environment, and /proc hides a root process's from others); readable ones go by the marker alone,
// so that another checkout's test run on the same machine is never taken for this one's.
import { readdirSync, readFileSync } from 'node:fs';

export const MARKER_VARIABLE = 'SCOOT_TEST_RUN';
const DAEMONS = ['munged', 'slurmctld', 'slurmd', 'slurmstepd'];

function read(path) {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

function live() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .flatMap((name) => {
      const stat = read(`/proc/${name}/stat`);
      // Zombies are gone in every sense that matters; their parent reaps them.
      if (stat === undefined || /^\d+ \(.*\) Z/.test(stat)) return [];
      return [{ pid: Number(name), comm: (read(`/proc/${name}/comm`) ?? '').trim(), environ: read(`/proc/${name}/environ`), cmdline: (read(`/proc/${name}/cmdline`) ?? '').split('\0').join(' ').trim() }];
    });
}

/** What runs before the tests start: daemons already up are not the run's to stop. */
export function daemonsBefore() {
  return new Set(live().filter((p) => DAEMONS.includes(p.comm)).map((p) => p.pid));
}

/** Processes the run started that still live: by marker, or daemons that were not up before. */
export function leftovers(marker, before) {
  const tag = `${MARKER_VARIABLE}=${marker}`;
  return live().filter((p) => (p.environ === undefined ? DAEMONS.includes(p.comm) && !before.has(p.pid) : p.environ.split('\0').includes(tag)));
}

/** Waits up to `graceMs` for leftovers to exit; the ones still there then. */
export async function settledLeftovers(marker, before, graceMs = 10_000) {
  const until = Date.now() + graceMs;
  for (;;) {
    const left = leftovers(marker, before);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const canCheck = () => process.platform === 'linux' && read('/proc/self/environ') !== undefined;
