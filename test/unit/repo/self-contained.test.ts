// The repository stands on its own (issue 13, item 7): nothing in it reads a folder beside the
// checkout (a user's clone has none); the scripts the tests need are its own; `npm run test:unit` leaves out exactly the files
// that install software or start daemons, browsers or code-server; the README names every package the
// full suite installs; and the after-run check finds a process a test left behind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = resolve(__dirname, '../../..');

interface Requirement {
  name: string;
  apt?: string[];
  script?: string;
}
interface TestSetup {
  REQUIREMENTS: Requirement[];
  needsSystemTools(file: string): boolean;
}
interface Leftovers {
  MARKER_VARIABLE: string;
  canCheck(): boolean;
  leftovers(marker: string, before: Set<number>): { pid: number; cmdline: string }[];
  settledLeftovers(marker: string, before: Set<number>, graceMs?: number): Promise<{ pid: number }[]>;
}
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(REPO, file)).href)) as T;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('no tracked file reads or names a folder beside the checkout', () => {
  // Spelled in parts so that this file does not name it either.
  const beside = new RegExp(['\\.\\.', 'shared'].join('[\\\\/]'));
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(listed.status, 0, 'a git checkout');
  const offenders = listed.stdout
    .split('\0')
    .filter((f) => f && !f.startsWith('traces/'))
    .filter((f) => {
      try {
        return beside.test(readFileSync(join(REPO, f), 'utf8'));
      } catch {
        return false;
      }
    });
  assert.deepEqual(offenders, []);
});

test('the scripts the tests and CI run are the repository\'s own, and parse', () => {
  for (const script of ['scripts/ci/start-slurm.sh', 'scripts/ci/stop-slurm.sh', 'scripts/ci/install-code-server.sh', '.ci/run']) {
    accessSync(join(REPO, script), constants.X_OK);
    const r = spawnSync('bash', ['-n', join(REPO, script)], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${script}: ${r.stderr}`);
  }
  // --check installs nothing and says "not installed" by its exit code alone.
  const dest = mkdtempSync(join(tmpdir(), 'scoot-cs-'));
  try {
    const r = spawnSync('bash', [join(REPO, 'scripts/ci/install-code-server.sh'), '--check', join(dest, 'none')], { encoding: 'utf8' });
    assert.deepEqual([r.status, r.stdout, r.stderr], [1, '', '']);
    assert.deepEqual(readdirSync(dest), []);
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
});

test('npm run test:unit leaves out exactly the files that install software or start daemons', async () => {
  const { needsSystemTools } = await load<TestSetup>('scripts/test-setup.mjs');
  const tests = files(join(REPO, 'test')).filter((f) => f.endsWith('.test.ts') && !f.includes(`${join('test', 'integration')}`));
  for (const file of tests) {
    const rel = relative(REPO, file).split(/[\\/]/).join('/');
    const text = readFileSync(file, 'utf8');
    const startsDaemon = rel.startsWith('test/e2e/') || /from '\.\/(sshd|slurm-cluster)\.js'/.test(text);
    assert.equal(needsSystemTools(rel), startsDaemon, `${rel}: ${startsDaemon ? 'starts a daemon, browser or code-server but would run in test:unit' : 'needs nothing but would be left out of test:unit'}`);
  }
  // And the helpers refuse outright in a fast run, should a new file use them unlisted.
  process.env.SCOOT_TEST_FAST = '1';
  try {
    const { sshdUnavailable } = await import('../runner/sshd.js');
    const { slurmUnavailable } = await import('../runner/slurm-cluster.js');
    assert.match(sshdUnavailable() ?? '', /npm run test:unit starts no sshd/);
    assert.match(slurmUnavailable() ?? '', /npm run test:unit starts no Slurm cluster/);
  } finally {
    delete process.env.SCOOT_TEST_FAST;
  }
});

test('the README says what the full suite installs, and how to run only the fast part', async () => {
  const { REQUIREMENTS } = await load<TestSetup>('scripts/test-setup.mjs');
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const testing = readme.slice(readme.indexOf('## Testing'));
  assert.match(testing, /`npm run test:unit`/);
  for (const r of REQUIREMENTS) for (const pkg of r.apt ?? []) assert.match(testing, new RegExp(`\\b${pkg}\\b`), `README names ${pkg} (${r.name})`);
  const installer = readFileSync(join(REPO, 'scripts/ci/install-code-server.sh'), 'utf8');
  const headers = /for p in ([^;]+); do/.exec(installer)?.[1].split(/\s+/) ?? [];
  assert.ok(headers.length > 0);
  for (const pkg of headers) assert.match(testing, new RegExp(`\\b${pkg}\\b`), `README names ${pkg} (code-server)`);
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(manifest.scripts['test:unit'], 'node scripts/run-tests.mjs --fast');
});

test('the after-run check finds a process that carries the run\'s marker, and only such a process', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const { MARKER_VARIABLE, canCheck, leftovers, settledLeftovers } = await load<Leftovers>('scripts/leftover-processes.mjs');
  assert.ok(canCheck());
  const marker = `check-${randomBytes(4).toString('hex')}`;
  const marked = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: { ...process.env, [MARKER_VARIABLE]: marker } });
  const unmarked = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: { ...process.env, [MARKER_VARIABLE]: 'another-run' } });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const found = leftovers(marker, new Set());
    assert.deepEqual(found.map((p) => p.pid), [marked.pid]);
    assert.match(found[0].cmdline, /^sleep 60$/);
    marked.kill('SIGKILL');
    assert.deepEqual(await settledLeftovers(marker, new Set(), 5000), []);
  } finally {
    marked.kill('SIGKILL');
    unmarked.kill('SIGKILL');
  }
});
