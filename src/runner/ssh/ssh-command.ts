// The system ssh client's command lines. Everything the user has set up for ssh applies unchanged
// (~/.ssh/config, the agent, known_hosts): we only add what a non-interactive runner needs and what
// the target config states. Host keys are always checked; an unknown host is a set-up error the user
// fixes by connecting once by hand.

import { isAbsolute, resolve } from 'node:path';
import { EvaluationSetupError } from '../types.js';

export interface SshEndpoint {
  /** Host name or ~/.ssh/config alias. */
  host: string;
  user?: string;
  port?: number;
  identityFile?: string;
  /** An ssh config file used instead of ~/.ssh/config (ssh -F). */
  configFile?: string;
}

/** How the runner talks about a host in logs and slot labels: user@host:port, as given. */
export function endpointLabel(e: SshEndpoint): string {
  return `${e.user !== undefined ? `${e.user}@` : ''}${e.host}${e.port !== undefined ? `:${e.port}` : ''}`;
}

/** The ssh program; SCOOT_SSH overrides it (a wrapper script, or a specific build). */
export function sshProgram(): string {
  return process.env.SCOOT_SSH ?? 'ssh';
}

/** A path from the config: ~ is left for ssh to expand, relative paths are relative to the config file. */
function configPath(path: string, cwd: string): string {
  return path.startsWith('~') || isAbsolute(path) ? path : resolve(cwd, path);
}

export function checkEndpoint(e: SshEndpoint, where: string): void {
  if (e.host.trim() === '' || e.host.startsWith('-') || /\s/.test(e.host)) throw new EvaluationSetupError(`${where}.host "${e.host}" is not a host name or ssh alias`);
  if (e.user !== undefined && (e.user === '' || e.user.startsWith('-') || /[\s@]/.test(e.user))) throw new EvaluationSetupError(`${where}.user "${e.user}" is not a user name`);
  if (e.port !== undefined && (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535)) throw new EvaluationSetupError(`${where}.port must be 1-65535, got ${e.port}`);
}

/**
 * Options before the destination. BatchMode: never prompt (a password or passphrase prompt would hang
 * a study; keys come from the agent or identity files). ServerAlive: notice a dead network from our
 * side within about 45 s.
 */
export function sshOptions(e: SshEndpoint, cwd: string): string[] {
  const args: string[] = [];
  if (e.configFile !== undefined) args.push('-F', configPath(e.configFile, cwd));
  args.push('-o', 'BatchMode=yes', '-o', 'ConnectTimeout=20', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3');
  if (e.port !== undefined) args.push('-p', String(e.port));
  if (e.user !== undefined) args.push('-l', e.user);
  if (e.identityFile !== undefined) args.push('-i', configPath(e.identityFile, cwd));
  return args;
}

/** argv (without the program) that runs `remoteCommand` through the remote user's shell. */
export function sshRunArgs(e: SshEndpoint, cwd: string, remoteCommand: string, extra: readonly string[] = []): string[] {
  return [...sshOptions(e, cwd), '-T', ...extra, '--', e.host, remoteCommand];
}

/** `-L` spec forwarding 127.0.0.1:localPort here to host:port as seen from the remote machine. */
export function localForwardSpec(localPort: number, remoteHost: string, remotePort: number): string {
  const h = remoteHost.includes(':') && !remoteHost.startsWith('[') ? `[${remoteHost}]` : remoteHost;
  return `127.0.0.1:${localPort}:${h}:${remotePort}`;
}

/** The last line ssh itself printed that explains a failure (for one-line set-up errors). */
export function sshFailureLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^channel \d+: open failed/.test(l) && !/^Warning: Permanently added/.test(l));
  return lines.at(-1);
}

/** What to tell the user for ssh's most common refusals. */
export function sshFailureHint(line: string, e: SshEndpoint): string {
  if (/Host key verification failed|No .* host key is known/i.test(line)) return `; connect once with \`ssh ${endpointLabel(e)}\` to check and record its host key`;
  if (/Permission denied/i.test(line)) return '; check the user, identityFile and that your key is loaded (ssh-add)';
  if (/Could not resolve hostname/i.test(line)) return '; check the host name or the alias in your ssh config';
  if (/Connection refused|timed out|No route to host/i.test(line)) return '; is sshd running there and the port right?';
  return '';
}
