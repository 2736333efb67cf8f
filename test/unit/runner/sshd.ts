// A throwaway OpenSSH server on 127.0.0.1 for the SSH runner tests: Debian's sshd started as the
// current user on a free port, with a host key and a client key generated for the occasion in a temp
// folder, and a client config (ssh -F) that trusts exactly that host key through a known_hosts file
// the test writes. Host-key checking stays on, as in real use.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Debian's sshd; SCOOT_TEST_SSHD points elsewhere (another build, or a missing path to see the skip). */
export const SSHD = process.env.SCOOT_TEST_SSHD ?? '/usr/sbin/sshd';

export interface TestSshd {
  /** Host alias defined in `configFile`. */
  alias: string;
  port: number;
  /** Client config for `ssh -F` (target.sshConfig). */
  configFile: string;
  /** A config for the same server with an empty known_hosts (host key unknown). */
  unknownHostConfigFile: string;
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

/** Why the SSH tests cannot run here, or undefined when they can. */
export function sshdUnavailable(): string | undefined {
  if (process.env.SCOOT_TEST_FAST === '1') return 'npm run test:unit starts no sshd (npm test does)';
  if (!existsSync(SSHD)) return `${SSHD} not found: npm test installs openssh-server (or: node scripts/test-setup.mjs openssh)`;
  for (const tool of ['ssh', 'ssh-keygen']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} not found: npm test installs openssh-client (or: node scripts/test-setup.mjs openssh)`;
    }
  }
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) {
    // sshd started by root insists on its privilege-separation directory (packages create it at boot).
    try {
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    } catch {
      return '/run/sshd is missing and cannot be created';
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-sshd-'));
  const keygen = (file: string): void => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'scoot-test', '-f', join(dir, file)]);
  };
  keygen('host_key');
  keygen('client_key');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const user = userInfo().username;
  const alias = 'scoot-test-sshd';
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const sshdConfig = join(dir, 'sshd_config');
    writeFileSync(
      sshdConfig,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'StrictModes no',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        'PidFile none',
        'MaxStartups 64',
        'LogLevel INFO',
        '',
      ].join('\n'),
    );
    const logFile = join(dir, 'sshd.log');
    const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', sshdConfig], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.on('data', (b: Buffer) => {
      log += b.toString();
      writeFileSync(logFile, log);
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let up = false;
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      if (await accepts(port)) {
        up = true;
        break;
      }
      await sleep(50);
    }
    if (!up) {
      child.kill('SIGKILL');
      await exited;
      lastError = log.trim().split('\n').at(-1) ?? 'sshd did not start';
      continue;
    }
    const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
    writeFileSync(join(dir, 'empty_known_hosts'), '');
    const clientConfig = (knownHosts: string): string =>
      [
        `Host ${alias}`,
        '  HostName 127.0.0.1',
        `  Port ${port}`,
        `  User ${user}`,
        `  IdentityFile ${join(dir, 'client_key')}`,
        '  IdentitiesOnly yes',
        '  IdentityAgent none',
        `  UserKnownHostsFile ${join(dir, knownHosts)}`,
        '  StrictHostKeyChecking yes',
        '',
      ].join('\n');
    writeFileSync(join(dir, 'ssh_config'), clientConfig('known_hosts'));
    writeFileSync(join(dir, 'ssh_config_unknown_host'), clientConfig('empty_known_hosts'));
    return {
      alias,
      port,
      configFile: join(dir, 'ssh_config'),
      unknownHostConfigFile: join(dir, 'ssh_config_unknown_host'),
      dir,
      log: () => log,
      stop: async () => {
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(3000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`sshd did not start: ${lastError}`);
}
