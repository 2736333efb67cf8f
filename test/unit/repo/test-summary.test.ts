// The final "N passed, N failed" line of `npm test` is what CI reads. A suite whose before-hook threw
// (vsce refusing to package, in one CI run) reports its tests as cancelled and "# fail 0": the line
// then said "789 passed, 0 failed" for a failing run. Counted from node's own output here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface PhaseCounts { code: number; pass: number; fail: number; skipped: number }
type PhaseCountsFn = (text: string, code: number | null) => PhaseCounts;

const REPO = resolve(__dirname, '../../..');

async function phaseCounts(): Promise<PhaseCountsFn> {
  const mod = (await import(pathToFileURL(join(REPO, 'scripts/test-summary.mjs')).href)) as { phaseCounts: PhaseCountsFn };
  return mod.phaseCounts;
}

/** Runs `node --test` on one file of the given source, as scripts/run-tests.mjs runs a phase (TAP, piped). */
function nodeTest(source: string): { text: string; code: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-summary-'));
  try {
    const file = join(dir, 'case.test.mjs');
    writeFileSync(file, source);
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT; // otherwise the child reports to this runner instead of printing TAP
    const res = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', env, timeout: 60_000 });
    return { text: res.stdout, code: res.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a suite whose before-hook throws counts its cancelled tests as failed', async () => {
  const count = await phaseCounts();
  const run = nodeTest(`import { describe, before, it } from 'node:test';
describe('suite', () => {
  before(() => { throw new Error('vsce package failed'); });
  it('a', () => {});
  it('b', () => {});
});
import { test } from 'node:test';
test('alone', () => {});
`);
  assert.notEqual(run.code, 0);
  assert.match(run.text, /^# fail 0$/m, 'node itself counts no failed test here: the case this guards against');
  const c = count(run.text, run.code);
  assert.equal(c.pass, 1);
  assert.ok(c.fail >= 2, `fail ${c.fail}`);
});

test('a plain failing test counts once, a passing run counts none', async () => {
  const count = await phaseCounts();
  const failing = nodeTest(`import { test } from 'node:test';\ntest('x', () => { throw new Error('no'); });\ntest('y', () => {});\n`);
  assert.deepEqual(count(failing.text, failing.code), { code: 1, pass: 1, fail: 1, skipped: 0 });
  const passing = nodeTest(`import { test } from 'node:test';\ntest('y', () => {});\ntest('z', { skip: true }, () => {});\n`);
  assert.deepEqual(count(passing.text, passing.code), { code: 0, pass: 1, fail: 0, skipped: 1 });
});

test('a runner that exits non-zero without a summary is one failure; the spec reporter is read too', async () => {
  const count = await phaseCounts();
  assert.deepEqual(count('', 1), { code: 1, pass: 0, fail: 1, skipped: 0 });
  assert.deepEqual(count('', null), { code: 1, pass: 0, fail: 1, skipped: 0 });
  assert.deepEqual(count('ℹ pass 4\nℹ fail 0\nℹ cancelled 2\nℹ skipped 1\n', 1), { code: 1, pass: 4, fail: 2, skipped: 1 });
});
