// The real single-node Slurm cluster for the Slurm runner tests: a private one (its own slurm.conf,
// state and ports under /tmp/scoot-slurm; /etc/slurm untouched) started with the repository's
// scripts/ci/start-slurm.sh (munged if none runs, slurmctld, slurmd; partition "debug", 4 GPU GRES)
// and stopped again at the end with stop-slurm.sh by whoever started it. Every Slurm command of the
// tests and of the code under test reaches it through SLURM_CONF, set here for this process.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './helpers.js';

const START = join(REPO, 'scripts', 'ci', 'start-slurm.sh');
const STOP = join(REPO, 'scripts', 'ci', 'stop-slurm.sh');
const ROOT = process.env.SLURM_TEST_ROOT ?? '/tmp/scoot-slurm';
process.env.SLURM_CONF = join(ROOT, 'etc', 'slurm.conf');

function clusterUp(): boolean {
  if (!existsSync(process.env.SLURM_CONF ?? '')) return false;
  const r = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && /idle|mixed|alloc/.test(r.stdout);
}

function canSudo(): boolean {
  return process.getuid?.() === 0 || spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

const onPath = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/sbin/${tool}`], { stdio: 'ignore' }).status === 0;

/** Why the Slurm tests cannot run here, or undefined when a cluster is (or can be brought) up. */
export function slurmUnavailable(): string | undefined {
  if (process.env.SCOOT_TEST_FAST === '1') return 'npm run test:unit starts no Slurm cluster (npm test does)';
  if (clusterUp()) return undefined;
  const missing = ['slurmctld', 'slurmd', 'sbatch', 'munged'].filter((t) => !onPath(t));
  if (missing.length > 0) return `${missing.join(', ')} not installed: npm test installs Slurm (or: node scripts/test-setup.mjs slurm)`;
  if (!canSudo()) return `starting a Slurm cluster (${START}) needs root or passwordless sudo`;
  return undefined;
}

export interface TestCluster {
  /** Whether this process started it (and stops it in stop()). */
  started: boolean;
  stop(): void;
}

export function ensureCluster(): TestCluster {
  if (clusterUp()) return { started: false, stop: () => undefined };
  execFileSync('bash', [START], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
  if (!clusterUp()) throw new Error(`${START} ran but sinfo shows no idle node`);
  return {
    started: true,
    stop: () => {
      // A job still running when the daemons stop would be recovered by the next cluster: cancel ours first.
      const left = jobsNamed('scoot-').map((j) => j.id);
      if (left.length > 0) {
        spawnSync('scancel', left, { stdio: 'ignore', timeout: 10_000 });
        for (let i = 0; i < 50 && jobsNamed('scoot-').length > 0; i++) spawnSync('sleep', ['0.2']);
      }
      spawnSync('bash', [STOP], { stdio: 'ignore', timeout: 60_000 });
    },
  };
}

/** Jobs Slurm lists whose name starts with `prefix`: "id state name" lines. */
export function jobsNamed(prefix: string): Array<{ id: string; state: string; name: string }> {
  const r = spawnSync('squeue', ['-h', '-o', '%i %T %j'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length === 3 && p[2].startsWith(prefix))
    .map(([id, state, name]) => ({ id, state, name }));
}
