// Runs every test under test/ with node's own test runner: the unit tests and the end-to-end tests
// (the panel in Chromium, the extension in code-server), which skip with the reason when the browser
// or code-server cannot be had. test/integration is the @vscode/test-electron suite (npm run
// test:vscode). Node 20's --test takes no globs, so the files are listed here. Extra args select
// files by substring.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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
// CLI and end-to-end tests run the real bundles; building them takes a few seconds.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
