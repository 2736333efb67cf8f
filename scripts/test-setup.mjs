// What the full test suite needs beyond `npm ci`, which test files need it, and how it is installed.
// `npm test` calls ensureSystemTools() for the files it runs: anything missing is listed with the
// reason before it is installed (apt-get as root; code-server from the npm registry), never silently.
// SCOOT_TEST_INSTALL=0 installs nothing: those tests then skip and say why. `npm run test:unit`
// runs none of these files and installs nothing.
//
//   node scripts/test-setup.mjs [--check] [NAME...]   install (or, with --check, list) what is missing
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const onPath = (tool) => spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/sbin/${tool}`], { stdio: 'ignore' }).status === 0;
const codeServerInstaller = join(repo, 'scripts', 'ci', 'install-code-server.sh');

/**
 * Each requirement: the test files that need it (path substrings), whether it is here, and how to get
 * it. `starts` says which daemon or server those tests start (and stop again when they end).
 */
export const REQUIREMENTS = [
  {
    name: 'chromium',
    why: 'the tuning panel in a real browser (test/e2e/panel) and the VS Code workbench (test/e2e/vscode)',
    starts: 'headless chromium',
    tests: ['test/e2e/'],
    present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    apt: ['chromium'],
  },
  {
    name: 'openssh',
    why: 'the SSH target against a throwaway sshd on 127.0.0.1 (test/unit/runner/ssh-cli, ssh-evaluator)',
    starts: 'sshd on a free port of 127.0.0.1',
    tests: ['test/unit/runner/ssh-cli.test', 'test/unit/runner/ssh-evaluator.test'],
    present: () => existsSync(process.env.SCOOT_TEST_SSHD ?? '/usr/sbin/sshd') && onPath('ssh') && onPath('ssh-keygen'),
    apt: ['openssh-server', 'openssh-client'],
  },
  {
    name: 'slurm',
    why: 'the Slurm target on a real single-node cluster (test/unit/runner/slurm-evaluator)',
    starts: 'munged (unless one runs), slurmctld and slurmd, with a private config under /tmp/scoot-slurm',
    tests: ['test/unit/runner/slurm-evaluator.test'],
    present: () => ['slurmctld', 'slurmd', 'sbatch', 'sinfo', 'munged'].every(onPath),
    apt: ['slurmctld', 'slurmd', 'slurm-client', 'munge'],
  },
  {
    name: 'code-server',
    why: 'VS Code 1.100 (code-server) with the packaged extension, driven by Playwright (test/e2e/vscode)',
    starts: 'code-server on a free port of 127.0.0.1, its extension host and engines',
    tests: ['test/e2e/vscode/'],
    present: () => spawnSync('bash', [codeServerInstaller, '--check'], { stdio: 'ignore' }).status === 0,
    // Also apt-installs the headers its native modules build against (the installer says which).
    script: codeServerInstaller,
  },
];

export function requirementsFor(files) {
  const unix = files.map((f) => f.split(/[\\/]/).join('/'));
  return REQUIREMENTS.filter((r) => unix.some((f) => r.tests.some((t) => f.includes(t))));
}

/** Whether `file` needs anything beyond npm packages (and so is left out of `npm run test:unit`). */
export function needsSystemTools(file) {
  return requirementsFor([file]).length > 0;
}

function canBeRoot() {
  return process.getuid?.() === 0 || spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function run(argv) {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const [cmd, ...args] = [...sudo, ...argv];
  // apt's own output goes to stderr so that a test runner's stdout stays its report.
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

/**
 * Installs what `needed` lacks, after saying what and why. Returns the names still missing (no root,
 * SCOOT_TEST_INSTALL=0, or a failed install): their tests skip with the reason.
 */
export function ensureSystemTools(needed, log = (line) => process.stderr.write(`${line}\n`)) {
  const missing = needed.filter((r) => !r.present());
  if (missing.length === 0) return [];
  log('The tests selected need software this machine lacks:');
  for (const r of missing) log(`  - ${r.name}${r.apt ? ` (Debian: ${r.apt.join(' ')})` : ''}: ${r.why}`);
  if (process.env.SCOOT_TEST_INSTALL === '0') {
    log('SCOOT_TEST_INSTALL=0: installing nothing; those tests skip.');
    return missing.map((r) => r.name);
  }
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get') || !canBeRoot()) {
    log('Not installing them (needs Debian/Ubuntu apt-get and root or passwordless sudo); those tests skip. `npm run test:unit` runs the fast part, which needs none of them.');
    return missing.map((r) => r.name);
  }
  log('Installing them now as root (a few minutes the first time; SCOOT_TEST_INSTALL=0 skips these tests instead, `npm run test:unit` runs only the fast part).');
  const apt = missing.flatMap((r) => r.apt ?? []);
  if (apt.length > 0) {
    log(`+ apt-get install -y --no-install-recommends ${apt.join(' ')}`);
    if (!run(['apt-get', 'update', '-qq']) || !run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...apt])) log('apt-get failed; the tests that need these packages skip.');
  }
  for (const r of missing.filter((m) => m.script)) {
    log(`+ bash ${r.script.slice(repo.length + 1)}`);
    const res = spawnSync('bash', [r.script], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 20 * 60_000 });
    if (res.status !== 0) log(`${r.name}: the installer failed (exit ${res.status ?? res.error?.message}); its tests skip.`);
  }
  return needed.filter((r) => !r.present()).map((r) => r.name);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !REQUIREMENTS.some((r) => r.name === n));
  if (unknown.length) {
    console.error(`unknown: ${unknown.join(', ')} (one of ${REQUIREMENTS.map((r) => r.name).join(', ')})`);
    process.exit(2);
  }
  const chosen = names.length ? REQUIREMENTS.filter((r) => names.includes(r.name)) : REQUIREMENTS;
  if (check) {
    const missing = chosen.filter((r) => !r.present());
    for (const r of chosen) console.log(`${r.present() ? 'present' : 'missing'}  ${r.name}: ${r.why}`);
    process.exit(missing.length ? 1 : 0);
  }
  const left = ensureSystemTools(chosen);
  if (left.length === 0) console.error(`present: ${chosen.map((r) => r.name).join(', ')}`);
  process.exit(left.length ? 1 : 0);
}
