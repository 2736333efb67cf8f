// npm run test:vscode — the @vscode/test-electron suites in a downloaded desktop VS Code:
//   1. builds the extension's bundles and the test bundles (out/integration/),
//   2. makes the fixture workspaces (.vscode-test/workspaces/{trusted,untrusted}),
//   3. downloads VS Code (.vscode-test/; SCOOT_VSCODE_VERSION, default 1.100.3) — where it cannot
//      (no network), says so in one line and exits 0,
//   4. runs the trusted suite through @vscode/test-cli (.vscode-test.mjs) and the untrusted suite in a
//      VS Code started with workspace trust on (test-electron's runTests always turns it off).
// Under Linux without $DISPLAY, VS Code runs inside xvfb-run when it is installed.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, type ProgressReport, type ProgressReporter } from '@vscode/test-electron';
import { buildIntegrationTests, integrationOutDir } from './build-tests.js';
import { makeWorkspaces, repoRoot, untrustedWorkspace } from './workspaces.js';

const version = process.env.SCOOT_VSCODE_VERSION ?? '1.100.3';
const cacheDir = join(repoRoot, '.vscode-test');

function step(what: string, res: SpawnSyncReturns<Buffer>): boolean {
  if (res.status === 0) return true;
  console.error(`test:vscode: ${what} failed (${res.error?.message ?? `exit ${res.status ?? res.signal}`})`);
  return false;
}

/** argv run under xvfb-run when VS Code would have no display. */
function withDisplay(argv: string[]): string[] {
  if (process.platform !== 'linux' || process.env.DISPLAY) return argv;
  const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
  if (!xvfb) {
    console.log('test:vscode: no $DISPLAY and no xvfb-run (apt-get install xvfb): VS Code may fail to open a window');
    return argv;
  }
  return [xvfb, '-a', ...argv];
}

/** Download progress in a few lines; silent when nothing is downloaded (offline: the one skip line says why). */
const quietReporter: ProgressReporter = {
  report(r: ProgressReport): void {
    if (r.stage === 'downloading' && r.bytesSoFar === 0) console.log(`test:vscode: downloading ${r.url}`);
    if (r.stage === 'newInstallComplete') console.log(`test:vscode: VS Code in ${r.downloadedPath}`);
    if (r.stage === 'retrying') console.log(`test:vscode: download attempt ${r.attempt}/${r.totalAttempts} failed (${r.error.message}), retrying`);
  },
  error(): void {
    // The caller reports the failure in one line.
  },
};

function runUntrusted(executable: string): boolean {
  const profile = join(cacheDir, 'untrusted-profile');
  rmSync(profile, { recursive: true, force: true });
  mkdirSync(join(profile, 'user-data', 'User'), { recursive: true });
  // Trust stays on and nobody is asked: the folder opens in restricted mode.
  writeFileSync(join(profile, 'user-data', 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': true,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
  }, null, 2));
  const argv = [
    executable, untrustedWorkspace,
    '--no-sandbox', '--disable-gpu-sandbox', '--disable-gpu', '--disable-updates', '--skip-welcome', '--skip-release-notes', '--disable-extensions',
    `--user-data-dir=${join(profile, 'user-data')}`, `--extensions-dir=${join(profile, 'extensions')}`,
    `--extensionDevelopmentPath=${repoRoot}`, `--extensionTestsPath=${join(integrationOutDir, 'untrusted', 'index.js')}`,
  ];
  const [cmd, ...args] = withDisplay(argv);
  return step('the untrusted-workspace suite', spawnSync(cmd, args, { stdio: 'inherit', timeout: 10 * 60_000 }));
}

async function main(): Promise<number> {
  if (!step('build (scripts/build.mjs)', spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' }))) return 1;
  await buildIntegrationTests();
  makeWorkspaces();

  let executable: string;
  try {
    executable = await downloadAndUnzipVSCode({ version, cachePath: cacheDir, timeout: 30_000, reporter: quietReporter });
  } catch (e) {
    console.log(`test:vscode: skipped, VS Code ${version} could not be downloaded (${(e as Error).message.split('\n')[0]}); the code-server test (test/e2e/vscode) runs the same scenarios`);
    return 0;
  }
  if (!existsSync(executable)) {
    console.log(`test:vscode: skipped, no VS Code executable at ${executable}`);
    return 0;
  }

  const cli = join(repoRoot, 'node_modules', '@vscode', 'test-cli', 'out', 'bin.mjs');
  const [cmd, ...args] = withDisplay([process.execPath, cli, '--config', join(repoRoot, '.vscode-test.mjs'), '--label', 'trusted']);
  const trusted = step('the trusted-workspace suite', spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, SCOOT_VSCODE_EXECUTABLE: executable }, timeout: 20 * 60_000 }));
  const untrusted = runUntrusted(executable);
  console.log(`test:vscode: trusted suite ${trusted ? 'passed' : 'FAILED'}, untrusted suite ${untrusted ? 'passed' : 'FAILED'}`);
  return trusted && untrusted ? 0 : 1;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(`test:vscode: ${(e as Error).message}`);
  process.exit(1);
});
