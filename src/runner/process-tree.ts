// What is still running of an engine: members of its process group, and its descendants.
//
// `kill(-pgid, 0)` alone is not enough. An orphaned grandchild that has exited stays a zombie until
// its new parent reaps it, and in containers whose PID 1 is not an init, that never happens: the
// zombie keeps the group "alive" forever although it holds no memory, GPU or port. On Linux we read
// /proc and ignore zombies; elsewhere we fall back to kill(pid, 0).

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks after boot when the process started. */
  startTicks: number;
}

const hasProc = ((): boolean => {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp ..." — comm may itself contain spaces and parentheses.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // Field 22 of stat (starttime) is the 20th after the state.
  return { pid, state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]), startTicks: Number(fields[19]) };
}

function allStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

function signalZeroSucceeds(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is a running (non-zombie) process. */
export function isAlive(pid: number): boolean {
  if (!signalZeroSucceeds(pid)) return false;
  if (!hasProc) return true;
  const s = readStat(pid);
  return s !== undefined && s.state !== 'Z' && s.state !== 'X';
}

/** Running (non-zombie) members of process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  if (!hasProc) return signalZeroSucceeds(-pgid) ? [pgid] : [];
  return allStats()
    .filter((s) => s.pgrp === pgid && s.state !== 'Z' && s.state !== 'X')
    .map((s) => s.pid);
}

/** Running descendants of `pid` (children, grandchildren, ... whatever group or session they moved to). */
export function descendants(pid: number): number[] {
  if (!hasProc) return [];
  const children = new Map<number, number[]>();
  for (const s of allStats()) {
    if (s.state === 'Z' || s.state === 'X') continue;
    const list = children.get(s.ppid) ?? [];
    list.push(s.pid);
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const p = queue.shift() as number;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Sends `signal` to a process or (negative id) a group; false when nothing was there. */
export function sendSignal(target: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false;
  }
}

/** When `pid` started, in clock ticks after boot (Linux), for telling a process from a later one. */
export function startTicks(pid: number): number | undefined {
  return hasProc ? readStat(pid)?.startTicks : undefined;
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, inode is field 10.
      if (f.length < 10 || f[3] !== '0A') continue;
      const hexPort = f[1].slice(f[1].lastIndexOf(':') + 1);
      if (parseInt(hexPort, 16) === port) inodes.add(f[9]);
    }
  }
  return inodes;
}

/** Running processes (of any user we can see) holding a listening TCP socket on `port` (Linux only). */
export function listeningPids(port: number): number[] {
  if (!hasProc) return [];
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${name}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) {
        out.push(Number(name));
        break;
      }
    }
  }
  return out;
}

/**
 * Whether process `pid` carries NAME=value in the environment it was started with (Linux only; false
 * where it cannot be read). Environments are inherited, so this marks every descendant of a process
 * we started, also one that left its process group and was re-parented.
 */
export function carriesEnv(pid: number, name: string, value: string): boolean {
  if (!hasProc) return false;
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${name}=${value}`);
  } catch {
    return false;
  }
}
