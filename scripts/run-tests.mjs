// Runs every test under test/ with node's own test runner: the unit tests, the panel in Chromium and
// the extension in code-server (those skip with the reason when the browser or code-server cannot be
// had). test/integration is the @vscode/test-electron suite (npm run test:vscode). Node 20's --test
// takes no globs, so the files are listed here. Extra args select files by substring.
//
// Two phases: everything at concurrency 2, then the VS Code end-to-end files one at a time (each runs
// a whole code-server and engines; two at once starve each other on a 2-core machine). The last line
// sums both: "N passed, N failed".
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

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
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = find('test').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) { console.error('no test files matched'); process.exit(1); }
const vscodeE2e = (f) => f.split(/[\\/]/).join('/').includes('test/e2e/vscode/');

// CLI and end-to-end tests run the real bundles; building them takes a few seconds.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

function runPhase(phaseFiles, concurrency) {
  return new Promise((resolve) => {
    const reporter = process.stdout.isTTY ? ['--test-reporter=spec', '--test-reporter-destination=stdout'] : [];
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporter, ...phaseFiles], { stdio: ['inherit', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk.toString();
    });
    child.on('close', (code) => {
      // TAP ("# pass 3") when piped, spec ("ℹ pass 3") on a terminal.
      const count = (word) => Number(new RegExp(`^(?:#|ℹ) ${word} (\\d+)\\s*$`, 'm').exec(text)?.[1] ?? 0);
      resolve({ code: code ?? 1, pass: count('pass'), fail: count('fail'), skipped: count('skipped') });
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
const failed = results.some((r) => r.code !== 0) || total('fail') > 0;
console.log(`${total('pass')} passed, ${total('fail')} failed, ${total('skipped')} skipped`);
process.exit(failed ? 1 : 0);
