// Runs the tests under test/ with node's own test runner. test/integration is the
// @vscode/test-electron suite (npm run test:vscode). Node 20's --test takes no globs, so the files are
// listed here. Extra args select files by substring.
//
//   npm test             the full suite: unit tests, the SSH and Slurm targets against a real sshd and
//                        Slurm cluster, the panel in chromium and the extension in code-server. What it
//                        needs and lacks is installed first, after a list of what and why
//                        (scripts/test-setup.mjs; SCOOT_TEST_INSTALL=0 skips those tests instead).
//   npm run test:unit    (--fast) only the files that need nothing beyond `npm ci`: installs nothing and
//                        starts no daemon, browser or code-server.
//
// Two phases: everything at concurrency 2, then the VS Code end-to-end files one at a time (each runs
// a whole code-server and engines; two at once starve each other on a 2-core machine). Afterwards no
// process the run started may still be running (scripts/leftover-processes.mjs). The last line sums
// both phases: "N passed, N failed, N skipped".
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { phaseCounts } from './test-summary.mjs';
import { ensureSystemTools, needsSystemTools, requirementsFor } from './test-setup.mjs';
import { canCheck, daemonsBefore, MARKER_VARIABLE, settledLeftovers } from './leftover-processes.mjs';

const skipDirs = new Set(['integration', 'fixtures', 'node_modules', 'screenshots']);
function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (!skipDirs.has(name)) out.push(...find(p)); }
    else if (/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}
const fast = process.argv.includes('--fast');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = find('test')
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .filter((f) => !fast || !needsSystemTools(f))
  .sort();
if (files.length === 0) { console.error('no test files matched'); process.exit(1); }
const vscodeE2e = (f) => f.split(/[\\/]/).join('/').includes('test/e2e/vscode/');

const started = Date.now();
if (!fast) ensureSystemTools(requirementsFor(files));

const marker = `${process.pid}-${randomBytes(4).toString('hex')}`;
const env = { ...process.env, [MARKER_VARIABLE]: marker, ...(fast ? { SCOOT_TEST_FAST: '1' } : {}) };
const before = canCheck() ? daemonsBefore() : new Set();

// CLI and end-to-end tests run the real bundles; building them takes a few seconds.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

function runPhase(phaseFiles, concurrency) {
  return new Promise((resolve) => {
    const reporter = process.stdout.isTTY ? ['--test-reporter=spec', '--test-reporter-destination=stdout'] : [];
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporter, ...phaseFiles], { stdio: ['inherit', 'pipe', 'inherit'], env });
    let text = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk.toString();
    });
    child.on('close', (code) => {
      resolve(phaseCounts(text, code));
    });
  });
}

const phases = [
  [files.filter((f) => !vscodeE2e(f)), 2],
  [files.filter(vscodeE2e), 1],
].filter(([list]) => list.length > 0);
const results = [];
for (const [list, concurrency] of phases) results.push(await runPhase(list, concurrency));
const total = (k) => results.reduce((s, r) => s + r[k], 0);
let failed = results.some((r) => r.code !== 0) || total('fail') > 0;

if (canCheck()) {
  const left = await settledLeftovers(marker, before);
  if (left.length > 0) {
    failed = true;
    console.log(`still running after the tests (${left.length}; now killed):`);
    for (const p of left) {
      console.log(`  ${p.pid} ${p.cmdline || p.comm}`);
      try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
    }
  } else {
    console.log(`no process started by the tests is still running (checked by the ${MARKER_VARIABLE} marker every process of the run inherits)`);
  }
}
console.log(`${files.length} files in ${((Date.now() - started) / 60_000).toFixed(1)} min${fast ? ' (fast: nothing installed, no daemon started)' : ''}`);
console.log(`${total('pass')} passed, ${total('fail')} failed, ${total('skipped')} skipped`);
process.exit(failed ? 1 : 0);
