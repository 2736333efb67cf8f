// LocalProcess on real processes: process groups, workers that leave the group, SIGKILL after the
// grace period, killAllSync, output capture and launch errors.

import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { displayCommand, killAllSync, liveProcessGroups, LocalProcess, resolveScoot } from '../../../src/runner/local-process.js';
import { lastMeaningfulLine, MAX_LINE_CHARS, OutputTail } from '../../../src/runner/output-tail.js';
import { EvaluationSetupError } from '../../../src/runner/types.js';
import { isGone, tempDir } from './helpers.js';

const node = (script: string): string[] => [process.execPath, '-e', script];

/** A parent that prints its pid, starts a worker in its group and one in a new session, then idles. */
const FAMILY = `
const { spawn } = require('node:child_process');
const keep = 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000);';
const inGroup = spawn(process.execPath, ['-e', keep], { stdio: 'ignore' });
const escaped = spawn(process.execPath, ['-e', keep], { stdio: 'ignore', detached: true });
console.log(JSON.stringify({ parent: process.pid, inGroup: inGroup.pid, escaped: escaped.pid }));
setInterval(() => {}, 1000);
`;

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function family(proc: LocalProcess): Promise<{ parent: number; inGroup: number; escaped: number }> {
  return waitFor(() => {
    const line = proc.tail.lines().find((l) => l.startsWith('{'));
    return line ? (JSON.parse(line) as { parent: number; inGroup: number; escaped: number }) : undefined;
  });
}

describe('LocalProcess', () => {
  it('stops the whole family: group members by SIGTERM, a worker that left the group by SIGKILL', async (t) => {
    const dir = tempDir(t);
    const proc = await LocalProcess.launch({ argv: node(FAMILY), cwd: dir, env: {}, logPath: join(dir, 'logs', 'a.log') });
    const pids = await family(proc);
    assert.equal(pids.parent, proc.pid);
    assert.ok(liveProcessGroups().includes(proc.pid));
    const result = await proc.stop(0.3);
    assert.ok(result.forced, 'the in-group worker ignores SIGTERM, so SIGKILL was needed');
    for (const pid of [pids.parent, pids.inGroup, pids.escaped]) assert.ok(isGone(pid), `pid ${pid} is gone`);
    assert.ok(!liveProcessGroups().includes(proc.pid));
    assert.deepEqual(await proc.stop(0.3), result, 'stop is idempotent');
  });

  it('ends at SIGTERM when the program honours it', async (t) => {
    const dir = tempDir(t);
    const proc = await LocalProcess.launch({ argv: node('console.log("up"); setInterval(() => {}, 1000)'), cwd: dir, env: {}, logPath: join(dir, 'b.log') });
    await waitFor(() => (proc.tail.lastLine() === 'up' ? true : undefined));
    const started = Date.now();
    const result = await proc.stop(5);
    assert.equal(result.forced, false);
    assert.equal(result.exit.signal, 'SIGTERM');
    assert.ok(Date.now() - started < 2000);
    assert.match(readFileSync(join(dir, 'b.log'), 'utf8'), /^\[scoot\] pid \d+: .*\nup\n\[scoot\] engine was killed by SIGTERM\n$/);
  });

  it('killAllSync SIGKILLs every live group at once', async (t) => {
    const dir = tempDir(t);
    const procs = await Promise.all([0, 1].map((i) => LocalProcess.launch({ argv: node(FAMILY), cwd: dir, env: {}, logPath: join(dir, `${i}.log`) })));
    const families = await Promise.all(procs.map(family));
    assert.ok(killAllSync() >= 2);
    assert.deepEqual(liveProcessGroups(), []);
    await Promise.all(procs.map((p) => p.exited));
    await waitFor(() => (families.every((f) => isGone(f.inGroup) && isGone(f.escaped)) ? true : undefined), 2000);
    await Promise.all(procs.map((p) => p.stop(0.1)));
  });

  it('captures stdout and stderr in order, last lines per stream, multi-byte characters split across writes', async (t) => {
    const dir = tempDir(t);
    const chunks: string[] = [];
    const script = `
      const b = Buffer.from('température\\n');
      process.stdout.write(b.subarray(0, 5));
      setTimeout(() => { process.stdout.write(b.subarray(5)); process.stderr.write('warn line\\n'); }, 50);
      setTimeout(() => process.stdout.write('{"x": 1}\\n'), 150);`;
    const proc = await LocalProcess.launch({ argv: node(script), cwd: dir, env: { SCOOT_TEST: 'yes' }, logPath: join(dir, 'c.log'), onOutput: (c) => chunks.push(c) });
    await proc.exited;
    await proc.stop(1);
    assert.equal(proc.lastStdoutLine(), '{"x": 1}');
    assert.equal(proc.lastStderrLine(), 'warn line');
    assert.ok(proc.tail.lines().includes('température'));
    assert.match(chunks.join(''), /température\nwarn line\n\{"x": 1\}\n/);
  });

  it('passes env and cwd', async (t) => {
    const dir = tempDir(t);
    const proc = await LocalProcess.launch({ argv: node('console.log(process.env.SCOOT_TEST + " " + process.cwd())'), cwd: dir, env: { SCOOT_TEST: 'yes' }, logPath: join(dir, 'd.log') });
    assert.deepEqual(await proc.exited, { code: 0, signal: null });
    await proc.stop(1);
    assert.equal(proc.tail.lines().find((l) => l.startsWith('yes')), `yes ${dir}`);
  });

  it('turns a missing or non-executable program into a one-line set-up error', async (t) => {
    const dir = tempDir(t);
    await assert.rejects(LocalProcess.launch({ argv: ['vllm-not-installed-xyz', 'serve'], cwd: dir, env: {}, logPath: join(dir, 'e.log') }), {
      name: 'EvaluationSetupError',
      message: 'engine command not found: "vllm-not-installed-xyz" (is it installed and on PATH?)',
    });
    const script = join(dir, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    await assert.rejects(LocalProcess.launch({ argv: [script], cwd: dir, env: {}, logPath: join(dir, 'f.log') }), (e: unknown) =>
      e instanceof EvaluationSetupError && e.message === `engine command is not executable: "${script}" (check its permissions)`);
    await assert.rejects(LocalProcess.launch({ argv: [], cwd: dir, env: {}, logPath: join(dir, 'g.log') }), /the engine command is empty/);
    await assert.rejects(LocalProcess.launch({ argv: node(''), cwd: dir, env: {}, logPath: join(script, 'h.log') }), (e: unknown) =>
      e instanceof EvaluationSetupError && e.message.startsWith(`cannot create the log folder ${script}:`));
  });

  it('replaces a leading scoot and quotes commands for display', () => {
    assert.deepEqual(resolveScoot(['scoot', 'sim', 'serve'], ['/usr/bin/node', '/x/cli.js']), ['/usr/bin/node', '/x/cli.js', 'sim', 'serve']);
    assert.deepEqual(resolveScoot(['vllm', 'serve', 'scoot'], ['node', 'cli.js']), ['vllm', 'serve', 'scoot']);
    assert.deepEqual(resolveScoot(['scoot', 'sim'], []), ['scoot', 'sim']);
    assert.equal(displayCommand(['vllm', 'serve', 'a b', "it's", '--x=1']), `vllm serve 'a b' 'it'\\''s' --x=1`);
    assert.equal(displayCommand(['node', '-e', "a('x')\n\tb"]), `node -e $'a(\\'x\\')\\n\\tb'`);
  });
});

describe('OutputTail', () => {
  it('keeps the last lines, joins partial lines and strips colour codes', () => {
    const tail = new OutputTail(3);
    tail.push('one\ntw');
    tail.push('o\n\u001b[31mthree\u001b[0m\nfour\r\nfi');
    assert.deepEqual(tail.lines(), ['three', 'four', 'fi']);
    assert.equal(tail.lastLine(), 'fi');
    assert.equal(lastMeaningfulLine(['real error', '', '[scoot] engine exited', '  ']), 'real error');
    assert.equal(lastMeaningfulLine(['x'.repeat(300)])?.length, 240);
  });

  it('a line break split across chunks ("\\r" then "\\n") is one break', () => {
    const tail = new OutputTail();
    tail.push('a\r');
    tail.push('\nb\r');
    tail.push('c\n');
    assert.deepEqual(tail.lines(), ['a', 'b', 'c']);
  });

  it('keeps at most MAX_LINE_CHARS of an endless line, whatever the chunking, and stays bounded', () => {
    const tail = new OutputTail(4);
    const chunk = 'y'.repeat(64 * 1024);
    for (let i = 0; i < 160; i++) tail.push(chunk); // a 10 MB line, still open
    const open = tail.lines();
    assert.equal(open.length, 1);
    assert.equal(open[0].length, MAX_LINE_CHARS + 1);
    assert.ok(open[0].endsWith('…'));
    tail.push('\n{"ttft_mean": 3}\n');
    assert.equal(tail.lastLine(), '{"ttft_mean": 3}');
    assert.deepEqual(tail.lines().map((l) => l.length), [MAX_LINE_CHARS + 1, 16]);
  });

  it('remembers the last non-blank line of the whole stream, beyond the lines kept', () => {
    const tail = new OutputTail(2);
    tail.push('{"ttft_mean": 1}\n\n\n\n');
    assert.equal(tail.lastLine(), '{"ttft_mean": 1}');
    for (let i = 0; i < 10_000; i++) tail.push(`line ${i}\n`);
    assert.deepEqual(tail.lines(), ['line 9998', 'line 9999']);
  });
});
