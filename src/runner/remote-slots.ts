// GPU slots beyond this machine. SSH: each host's GPU list is cut into groups of gpusPerTrial, and
// slots are dealt round-robin across hosts (trials spread over machines before sharing one); a GPU
// is never in two slots. Slurm: a slot is one job in flight; the GPUs are the job's own --gres
// allocation, so two jobs never share one, and slot.gpus holds the job-relative ordinals 0..N-1 (its
// length is the --gres count).

import { endpointLabel } from './ssh/ssh-command.js';
import { EvaluationSetupError, type Slot } from './types.js';

export interface SshHostSpec {
  host: string;
  gpus: readonly number[];
  user?: string;
  port?: number;
}

function checkCount(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1) throw new EvaluationSetupError(`${field} must be a positive integer, got ${value}`);
}

/** The key a slot's `host` holds; evaluators find a slot's host entry by it. */
export function sshHostKey(h: { host: string; user?: string; port?: number }): string {
  return endpointLabel(h);
}

export function createSshSlots(hosts: readonly SshHostSpec[], gpusPerTrial: number, parallel: number): Slot[] {
  checkCount(parallel, 'budget.parallel');
  checkCount(gpusPerTrial, 'engine.gpusPerTrial');
  if (hosts.length === 0) throw new EvaluationSetupError('target.hosts is empty; list at least one SSH host');
  const seen = new Set<string>();
  const groups: Array<Array<{ host: string; gpus: number[] }>> = hosts.map((h, i) => {
    const key = sshHostKey(h);
    if (seen.has(key)) throw new EvaluationSetupError(`target.hosts lists ${key} twice; merge its gpus into one entry`);
    seen.add(key);
    if (h.gpus.length === 0) throw new EvaluationSetupError(`target.hosts[${i}].gpus is empty; list the GPU indices trials may use on ${key}`);
    const own = new Set<number>();
    for (const g of h.gpus) {
      if (!Number.isInteger(g) || g < 0) throw new EvaluationSetupError(`target.hosts[${i}].gpus must list GPU indices (integers >= 0), got ${JSON.stringify(g)}`);
      if (own.has(g)) throw new EvaluationSetupError(`target.hosts[${i}].gpus lists GPU ${g} twice; each GPU may appear once`);
      own.add(g);
    }
    const out: Array<{ host: string; gpus: number[] }> = [];
    for (let k = 0; k + gpusPerTrial <= h.gpus.length; k += gpusPerTrial) out.push({ host: key, gpus: h.gpus.slice(k, k + gpusPerTrial) });
    return out;
  });
  const available = groups.reduce((n, g) => n + g.length, 0);
  if (available < parallel) {
    const perHost = hosts.map((h) => `${sshHostKey(h)}: ${Math.floor(h.gpus.length / gpusPerTrial)}`).join(', ');
    throw new EvaluationSetupError(
      `budget.parallel ${parallel} needs ${parallel} slots of ${gpusPerTrial} GPU(s) but the SSH hosts offer ${available} (${perHost}); lower budget.parallel or list more GPUs`,
    );
  }
  const slots: Slot[] = [];
  for (let round = 0; slots.length < parallel; round++) {
    for (const g of groups) {
      if (slots.length === parallel) break;
      const pick = g[round];
      if (!pick) continue;
      const id = slots.length;
      slots.push({ id, kind: 'ssh', gpus: pick.gpus, host: pick.host, label: `slot ${id} (${pick.host} GPU ${pick.gpus.join(',')})` });
    }
  }
  return slots;
}

export interface SlurmSlotOptions {
  partition?: string;
  /** Jobs in flight at once (target.maxJobs, else budget.parallel). */
  jobs: number;
  gpusPerTrial: number;
}

export function createSlurmSlots(o: SlurmSlotOptions): Slot[] {
  checkCount(o.jobs, 'target.maxJobs (or budget.parallel)');
  checkCount(o.gpusPerTrial, 'engine.gpusPerTrial');
  const where = o.partition ?? 'default partition';
  return Array.from({ length: o.jobs }, (_, id) => ({
    id,
    kind: 'slurm' as const,
    gpus: Array.from({ length: o.gpusPerTrial }, (_, g) => g),
    host: o.partition,
    label: `job slot ${id} (${where}, ${o.gpusPerTrial} GPU${o.gpusPerTrial === 1 ? '' : 's'})`,
  }));
}
