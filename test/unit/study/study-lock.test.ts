import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireStudyLock, lockPath, releaseLockOfThread, StudyLockError, type LockOwner } from '../../../src/study/study-lock.js';
import { startTicks } from '../../../src/runner/process-tree.js';

function folder(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A pid that ran and has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid ?? 0;
}

function writeLock(dir: string, owner: Partial<LockOwner>): void {
  writeFileSync(lockPath(dir), `${JSON.stringify({ host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', by: 'scoot tune', ...owner })}\n`);
}

test('one owner at a time: a second acquisition is refused with one line naming the owner; release frees it', (t) => {
  const dir = folder(t);
  const lock = acquireStudyLock(dir, 'scoot tune');
  const owner = JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockOwner;
  assert.equal(owner.pid, process.pid);
  assert.equal(owner.host, hostname());
  assert.equal(owner.by, 'scoot tune');
  assert.ok(Date.parse(owner.startedAt) > 0);
  assert.throws(
    () => acquireStudyLock(dir, 'VS Code'),
    (e: unknown) => e instanceof StudyLockError && !e.message.includes('\n') && new RegExp(`in use by scoot tune \\(pid ${process.pid}, since `).test(e.message),
  );
  lock.release();
  assert.ok(!existsSync(lockPath(dir)));
  acquireStudyLock(dir, 'VS Code').release();
  assert.deepEqual(readdirSync(dir), [], 'no temporary file left behind');
});

test('a lock whose process died on this host is stale and taken over', (t) => {
  const dir = folder(t);
  const pid = deadPid();
  writeLock(dir, { pid });
  const lock = acquireStudyLock(dir, 'scoot tune');
  assert.equal(lock.replaced?.pid, pid);
  assert.equal((JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockOwner).pid, process.pid);
  lock.release();
});

test('a live pid that started later than the lock\'s owner (pid reused) does not hold the lock', (t) => {
  const dir = folder(t);
  const ticks = startTicks(process.pid);
  if (ticks === undefined) return t.skip('no /proc here');
  writeLock(dir, { pid: process.pid, pidStart: ticks - 1 });
  const lock = acquireStudyLock(dir, 'scoot tune');
  assert.equal(lock.replaced?.pidStart, ticks - 1);
  lock.release();
});

test('a lock held on another host is never taken over: the refusal names the host and the file to delete', (t) => {
  const dir = folder(t);
  writeLock(dir, { pid: deadPid(), host: 'gpu-node-7' });
  assert.throws(() => acquireStudyLock(dir, 'scoot tune'), (e: unknown) => e instanceof StudyLockError && /on gpu-node-7/.test(e.message) && e.message.includes(`delete ${lockPath(dir)}`));
  assert.ok(existsSync(lockPath(dir)));
});

test('release never deletes a lock another owner holds now; the extension host clears a dead worker thread\'s lock', (t) => {
  const dir = folder(t);
  const lock = acquireStudyLock(dir, 'scoot tune');
  writeLock(dir, { pid: process.pid, thread: 7, startedAt: '2026-02-02T00:00:00.000Z' });
  lock.release();
  assert.ok(existsSync(lockPath(dir)), 'the other owner keeps its lock');
  assert.equal(releaseLockOfThread(dir, 8), false);
  assert.equal(releaseLockOfThread(dir, 7), true);
  assert.ok(!existsSync(lockPath(dir)));
});
