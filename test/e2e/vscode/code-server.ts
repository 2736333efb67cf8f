// code-server (VS Code 1.100's server + web workbench) for the end-to-end test: installed by the
// repository's scripts/ci/install-code-server.sh, started on 127.0.0.1 with a free port, no auth, and its own user-data,
// extensions and config folders, in its own process group so that stopping it ends everything it
// started (extension host, worker thread, terminals).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');

export type Availability = { ok: true; path: string } | { ok: false; reason: string };

/**
 * The code-server launcher: $SCOOT_CODE_SERVER if set, else the one the repository's installer put in
 * its cache (scripts/ci/install-code-server.sh; `npm test` runs it, saying so, before the tests).
 * Installs nothing itself; never throws: code-server missing is a reason to skip.
 */
export function findCodeServer(log: (line: string) => void): Availability {
  const given = process.env.SCOOT_CODE_SERVER;
  if (given) return existsSync(given) ? { ok: true, path: given } : { ok: false, reason: `SCOOT_CODE_SERVER=${given} does not exist` };
  const installer = join(repoRoot, 'scripts', 'ci', 'install-code-server.sh');
  const res = spawnSync('bash', [installer, '--check'], { encoding: 'utf8', timeout: 60_000 });
  const launcher = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !existsSync(launcher)) return { ok: false, reason: 'code-server is not installed: npm test installs it (or run scripts/ci/install-code-server.sh; or set SCOOT_CODE_SERVER)' };
  log(`code-server: ${launcher}`);
  return { ok: true, path: launcher };
}

export function findChromium(): Availability {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(path) ? { ok: true, path } : { ok: false, reason: `no chromium at ${path} (apt-get install chromium, or set CHROMIUM_PATH)` };
}

export type E2eTools = { ok: true; launcher: string; chromium: string } | { ok: false; reason: string };

/**
 * code-server and chromium (both installed by `npm test` when missing: scripts/test-setup.mjs), or
 * why they cannot be had. With SCOOT_E2E_REQUIRED=1 (CI) their absence is an error, not a skip.
 */
export function e2eTools(log: (line: string) => void): E2eTools {
  const codeServer = findCodeServer(log);
  const chromium = findChromium();
  const reason = !codeServer.ok ? codeServer.reason : !chromium.ok ? chromium.reason : undefined;
  if (reason !== undefined) {
    if (process.env.SCOOT_E2E_REQUIRED === '1') throw new Error(`SCOOT_E2E_REQUIRED=1 but the VS Code end-to-end tests cannot run: ${reason}`);
    log(`skipped: ${reason}`);
    return { ok: false, reason };
  }
  return { ok: true, launcher: codeServer.ok ? codeServer.path : '', chromium: chromium.ok ? chromium.path : '' };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = a && typeof a === 'object' ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  launcher: string;
  /** Everything code-server writes goes under here: user data, extensions, config, logs. */
  home: string;
  extensionsDir: string;
  /** User settings (settings.json), merged over the test defaults. */
  settings?: Record<string, unknown>;
  /** More code-server arguments (e.g. --disable-workspace-trust). */
  args?: string[];
  /** More environment variables for code-server and its extension hosts. */
  env?: Record<string, string>;
}

export interface CodeServer {
  url: string;
  /** host:port, the remote authority of vscode-remote:// URIs. */
  authority: string;
  pid: number;
  logFile: string;
  /** Workbench URL that opens `folder`. */
  folderUrl(folder: string): string;
  /** SIGTERM to the whole process group, SIGKILL after a grace period; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic; workspace trust stays on (the default). */
const baseSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'always',
  'security.workspace.trust.untrustedFiles': 'open',
  'git.enabled': false,
  'editor.codeLens': true,
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  const userData = join(o.home, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(o.extensionsDir, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...baseSettings, ...o.settings }, null, 2));
  const config = join(o.home, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const port = await freePort();
  const logFile = join(o.home, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--config', config,
    '--user-data-dir', userData, '--extensions-dir', o.extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened',
    ...(o.args ?? []),
  ];
  const child: ChildProcess = spawn(process.execPath, [o.launcher, ...args], {
    detached: true,
    stdio: ['ignore', out, out],
    // XDG dirs inside home: code-server writes nothing into the user's real ~/.config or ~/.local.
    env: { ...process.env, XDG_CONFIG_HOME: join(o.home, 'xdg-config'), XDG_DATA_HOME: join(o.home, 'xdg-data'), VSCODE_CLI_DISABLE_KEYCHAIN_ENCRYPT: '1', ...o.env },
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`code-server did not start (${o.launcher})`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    killGroup(pid, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
    // Children that outlive the leader (extension host, terminals) still belong to the group.
    killGroup(pid, 'SIGKILL');
    if (!done) await Promise.race([exited, delay(2000)]);
  };
  try {
    await waitForHttp(`${url}/healthz`, 60_000, () => child.exitCode !== null);
  } catch (e) {
    await stop();
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    throw new Error(`${(e as Error).message}\ncode-server log:\n${tail}`);
  }
  return {
    url,
    authority: `127.0.0.1:${port}`,
    pid,
    logFile,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
    stop,
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForHttp(url: string, timeoutMs: number, dead: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (dead()) throw new Error('code-server exited during start-up');
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until) throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000} s`);
    await delay(250);
  }
}
