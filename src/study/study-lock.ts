// One owner per study folder: two runs on one folder would evaluate every trial twice, under the same
// trial numbers. The owner (the CLI or the extension's study worker, both through start-study.ts) holds
// <study>/study.lock, a small JSON record of who it is: pid, host, start time.
//
// Taking it is atomic: the record is written to a private file first and hard-linked to study.lock,
// which fails if the lock exists (and works on NFS, where O_EXCL historically did not). A lock whose
// owner is gone is stale and taken over:
//   - same host: the pid is not running, or runs a later process than the one that took the lock
//     (its start time differs);
//   - another host (a shared file system): whether that pid lives cannot be seen from here, so the lock
//     is never taken over; the refusal names the host and the file to delete if that run is gone.
// Released on every way out: the finally of the run, the process's exit (second Ctrl-C, process.exit),
// killAllSync (the extension's deactivation), and by the extension host when a study worker dies.

import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { UserError } from '../protocol/user-error.js';
import { isAlive, startTicks } from '../runner/process-tree.js';
import { registerSyncCleanup } from '../runner/remote/sync-cleanup.js';

export const LOCK_FILE = 'study.lock';

/** The content of study.lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** Who holds it, for the refusal: "scoot tune", "VS Code". */
  by: string;
  /** The pid's start in clock ticks after boot (Linux), so a later process reusing the pid is not mistaken for the owner. */
  pidStart?: number;
  /** The worker thread holding it (the extension runs studies in worker threads of one process). */
  thread?: number;
}

export class StudyLockError extends UserError {
  override name = 'StudyLockError';
}

export interface StudyLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** The stale lock this one replaced (its owner died without releasing it). */
  readonly replaced: LockOwner | undefined;
  /** Deletes the lock if it is still this one's. Idempotent, synchronous. */
  release(): void;
}

/** How many times a contended acquisition is retried before giving up. */
const ATTEMPTS = 5;

export function lockPath(studyDir: string): string {
  return join(studyDir, LOCK_FILE);
}

function readLock(path: string): { raw: string; owner: LockOwner | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StudyLockError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') return { raw, owner: value as LockOwner };
  } catch {
    // not a lock record
  }
  return { raw, owner: undefined };
}

type Verdict = 'alive' | 'stale' | 'elsewhere';

function judge(owner: LockOwner | undefined): Verdict {
  // A file that is not a lock record cannot have been written by a live owner (records appear whole).
  if (!owner) return 'stale';
  if (owner.host !== hostname()) return 'elsewhere';
  if (!isAlive(owner.pid)) return 'stale';
  const ticks = startTicks(owner.pid);
  if (owner.pidStart !== undefined && ticks !== undefined && ticks !== owner.pidStart) return 'stale';
  return 'alive';
}

function describeOwner(owner: LockOwner): string {
  const since = owner.startedAt ? `, since ${owner.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}` : '';
  return `${owner.by || 'another run'} (pid ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`}${since})`;
}

function refusal(studyDir: string, path: string, owner: LockOwner, verdict: Verdict): StudyLockError {
  if (verdict === 'elsewhere') {
    return new StudyLockError(`study folder ${studyDir} is in use by ${describeOwner(owner)}; if that run is gone, delete ${path} and start again`);
  }
  return new StudyLockError(`study folder ${studyDir} is in use by ${describeOwner(owner)}; wait for it or stop it, or pass --study DIR for another study`);
}

function sameHolder(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt && a.thread === b.thread;
}

/** Takes the lock of `studyDir` (which must exist) for `by`, or throws StudyLockError naming the owner. */
export function acquireStudyLock(studyDir: string, by: string): StudyLock {
  const path = lockPath(studyDir);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    by,
    ...(startTicks(process.pid) !== undefined ? { pidStart: startTicks(process.pid) } : {}),
    ...(threadId !== 0 ? { thread: threadId } : {}),
  };
  const unique = `${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
  const mine = `${path}.${unique}.new`;
  let replaced: LockOwner | undefined;
  try {
    writeFileSync(mine, `${JSON.stringify(owner)}\n`);
  } catch (e) {
    throw new StudyLockError(`cannot write in the study folder ${studyDir}: ${(e as Error).message}`);
  }
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        linkSync(mine, path);
        return held(path, owner, replaced);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StudyLockError(`cannot create ${path}: ${(e as Error).message}`);
      }
      const current = readLock(path);
      if (!current) continue; // released meanwhile
      const verdict = judge(current.owner);
      if (verdict !== 'stale' && current.owner) throw refusal(studyDir, path, current.owner, verdict);
      // Take the stale lock over: move it aside, then make sure what was moved is the lock judged
      // stale, not one a concurrent run has just taken (that one is put back, and refuses us next time).
      const aside = `${path}.${unique}.stale`;
      try {
        renameSync(path, aside);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw new StudyLockError(`cannot replace the stale lock ${path}: ${(e as Error).message}`);
      }
      const moved = readLock(aside);
      if (moved && moved.raw !== current.raw) {
        try {
          linkSync(aside, path);
        } catch {
          // a third run took it meanwhile; it owns the folder now
        }
      } else if (current.owner) {
        replaced = current.owner;
      }
      removeQuietly(aside);
    }
    const now = readLock(path);
    if (now?.owner) throw refusal(studyDir, path, now.owner, judge(now.owner));
    throw new StudyLockError(`could not take the lock ${path}: other runs kept changing it`);
  } finally {
    removeQuietly(mine);
  }
}

function held(path: string, owner: LockOwner, replaced: LockOwner | undefined): StudyLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    unregister();
    releaseIfHeldBy(path, owner);
  };
  const unregister = registerSyncCleanup(release);
  return { path, owner, replaced, release };
}

/** Deletes the lock at `path` if `owner` holds it (never someone else's). */
function releaseIfHeldBy(path: string, owner: LockOwner): void {
  const current = readLockQuietly(path);
  if (current?.owner && sameHolder(current.owner, owner)) removeQuietly(path);
}

/**
 * For the extension host: a study worker thread of this process ended (crashed, or was terminated
 * before its own release ran); its lock on `studyDir`, if any, goes with it.
 */
export function releaseLockOfThread(studyDir: string, thread: number): boolean {
  const path = lockPath(studyDir);
  const current = readLockQuietly(path);
  if (!current?.owner || current.owner.pid !== process.pid || current.owner.host !== hostname() || current.owner.thread !== thread) return false;
  removeQuietly(path);
  return true;
}

function readLockQuietly(path: string): ReturnType<typeof readLock> {
  try {
    return readLock(path);
  } catch {
    return undefined;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
