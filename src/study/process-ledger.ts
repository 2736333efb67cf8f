// <study>/processes.json: the local process groups of the trials running right now (engines, `command`
// benchmarks), rewritten whenever one starts or stops. A run killed outright leaves it behind; the
// watchdog of each group (runner/watchdog.ts) normally stops them within seconds, and the next run on
// the folder — it holds the lock, so the run that wrote the file is gone — stops whatever still runs
// before it starts those trials again. Remote trials stop themselves (ssh: stdin closes; Slurm: the
// heartbeat stops), so only this machine's groups are recorded.

import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { groupMembers, isAlive, sendSignal, startTicks } from '../runner/process-tree.js';
import type { Evaluator, ProcessGroupInfo, TrialHooks } from '../runner/types.js';

export const LEDGER_FILE = 'processes.json';

export interface LedgerEntry {
  trial: number;
  pgid: number;
  host: string;
  /** The leader's start in clock ticks after boot (Linux). */
  startTicks?: number;
}

const POLL_MS = 50;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class ProcessLedger {
  private readonly entries = new Map<number, LedgerEntry>();

  constructor(readonly dir: string) {}

  get path(): string {
    return join(this.dir, LEDGER_FILE);
  }

  /** Entries a previous run left (empty when it ended cleanly). */
  read(): LedgerEntry[] {
    try {
      const value: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      return Array.isArray(value) ? value.filter((e): e is LedgerEntry => typeof e === 'object' && e !== null && Number.isInteger((e as LedgerEntry).pgid) && (e as LedgerEntry).pgid > 1) : [];
    } catch {
      return [];
    }
  }

  record(trial: number, group: ProcessGroupInfo): void {
    if (group.running) this.entries.set(group.pgid, { trial, pgid: group.pgid, host: hostname(), ...(group.startTicks !== undefined ? { startTicks: group.startTicks } : {}) });
    else this.entries.delete(group.pgid);
    this.write();
  }

  /** Synchronous, so the file is never behind a process that is already running. */
  private write(): void {
    try {
      if (this.entries.size === 0) {
        unlinkSync(this.path);
        return;
      }
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify([...this.entries.values()], null, 1)}\n`);
      renameSync(tmp, this.path);
    } catch {
      // best effort: the watchdogs still stop these groups if this process dies
    }
  }

  /**
   * Stops what the previous run on this folder left running: each recorded group on this host that
   * still has members started no earlier than its leader (so never a later, unrelated group that
   * reuses the number) gets SIGTERM, then SIGKILL after `graceSec`. Returns one line per group found.
   */
  async stopLeftovers(graceSec: number): Promise<string[]> {
    const lines: string[] = [];
    const host = hostname();
    const targets: { entry: LedgerEntry; members: number[] }[] = [];
    for (const entry of this.read()) {
      if (entry.host !== host) {
        lines.push(`trial ${entry.trial}'s process group ${entry.pgid} ran on ${entry.host}, not here: check that host for leftovers`);
        continue;
      }
      const members = leftoverMembers(entry);
      if (members.length > 0) targets.push({ entry, members });
    }
    for (const t of targets) sendSignal(-t.entry.pgid, 'SIGTERM');
    const deadline = Date.now() + graceSec * 1000;
    while (targets.some((t) => leftoverMembers(t.entry).length > 0) && Date.now() < deadline) await sleep(POLL_MS);
    for (const t of targets) {
      const still = leftoverMembers(t.entry);
      for (const pid of still) sendSignal(pid, 'SIGKILL');
      lines.push(`stopped trial ${t.entry.trial}'s process group ${t.entry.pgid} (pid ${t.members.join(', ')}) left running by an earlier run of this study${still.length ? ' (SIGKILL)' : ''}`);
    }
    try {
      unlinkSync(this.path);
    } catch {
      // nothing was left
    }
    return lines;
  }
}

function leftoverMembers(entry: LedgerEntry): number[] {
  const members = groupMembers(entry.pgid).filter((pid) => isAlive(pid));
  if (entry.startTicks === undefined) return members;
  const since = entry.startTicks;
  return members.filter((pid) => (startTicks(pid) ?? since) >= since);
}

/** `inner` with every local process group of a trial recorded in `ledger` while it runs. */
export function withProcessLedger(inner: Evaluator, ledger: ProcessLedger): Evaluator {
  return {
    evaluate(spec, slot, logPath, signal, hooks?: TrialHooks) {
      return inner.evaluate(spec, slot, logPath, signal, {
        ...hooks,
        onProcess: (group) => {
          ledger.record(spec.trial, group);
          hooks?.onProcess?.(group);
        },
      });
    },
    close: () => inner.close(),
  };
}
