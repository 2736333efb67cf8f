// Builds the four bundles, packages the extension as a .vsix with vsce (exactly what a release ships:
// .vscodeignore decides), and installs it into a fresh extensions folder with code-server's own
// --install-extension.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.js';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  main: string;
  contributes?: { jsonValidation?: { url: string }[]; commands?: { command: string; title: string; category?: string }[] };
}

export function manifest(): Manifest {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

function run(what: string, cmd: string, args: string[], cwd: string, timeoutMs: number): SpawnSyncReturns<string> {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) {
    const out = `${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${what} failed (${res.error?.message ?? `exit ${res.status}`}):\n${out}`);
  }
  return res;
}

/**
 * The release build (`npm run package`: minified, no source maps) packaged by `vsce package`; the
 * .vsix path. dist/ is rebuilt as the development build afterwards, as `npm run build` leaves it.
 */
export function buildAndPackage(outDir: string): string {
  const m = manifest();
  const vsix = join(outDir, `${m.name}-${m.version}.vsix`);
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(vsce)) throw new Error('@vscode/vsce is not installed (npm ci)');
  try {
    run('release build (scripts/build.mjs --production)', process.execPath, ['scripts/build.mjs', '--production'], repoRoot, 5 * 60_000);
    // No repository field in the manifest: vsce would otherwise ask on stdin.
    run('vsce package', process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], repoRoot, 5 * 60_000);
  } finally {
    run('build (scripts/build.mjs)', process.execPath, ['scripts/build.mjs'], repoRoot, 5 * 60_000);
  }
  return vsix;
}

/** Installs the .vsix with code-server's CLI; the installed extension's folder. */
export function installVsix(launcher: string, vsix: string, extensionsDir: string, userDataDir: string): string {
  run('code-server --install-extension', process.execPath, [launcher, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], repoRoot, 3 * 60_000);
  const m = manifest();
  const id = `${m.publisher}.${m.name}-${m.version}`.toLowerCase();
  const folder = readdirSync(extensionsDir).find((f) => f.toLowerCase() === id);
  if (!folder) throw new Error(`${id} is not in ${extensionsDir} after install: ${readdirSync(extensionsDir).join(', ')}`);
  return join(extensionsDir, folder);
}

/**
 * What the installed extension needs at run time, relative to its folder: the entry point, the worker
 * and CLI bundles (the worker thread and `scoot sim serve` run from them), the panel's bundle and CSS,
 * the bundled traces, and every schema the manifest points jsonValidation at.
 */
export function runtimeFiles(): string[] {
  const m = manifest();
  const schemas = (m.contributes?.jsonValidation ?? []).map((v) => v.url).filter((u) => !/^[a-z]+:/.test(u));
  return [m.main, 'dist/worker.js', 'dist/cli.js', 'dist/webview/main.js', 'media/panel.css', 'traces/chat.jsonl', 'package.json', 'README.md', ...schemas]
    .map((p) => p.replace(/^\.\//, ''));
}

/** Every file under dir, relative, '/'-separated. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}
