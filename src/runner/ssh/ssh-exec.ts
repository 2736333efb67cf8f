// Short commands on an SSH host (find a port, signal a process group): run, wait, read the result.

import { spawnSync } from 'node:child_process';
import { loadExeca, type CommandResult } from '../execa.js';
import { EvaluationSetupError } from '../types.js';
import { endpointLabel, sshFailureHint, sshFailureLine, sshProgram, sshRunArgs, type SshEndpoint } from './ssh-command.js';

/** The remote command's result; exit status 255 = ssh itself failed (connect, auth, host key). */
export type SshResult = CommandResult;

/** Exit status ssh uses for its own failures. */
export const SSH_FAILED = 255;

export async function runSsh(e: SshEndpoint, cwd: string, command: string, timeoutMs = 30_000): Promise<SshResult> {
  const { execa } = await loadExeca();
  const result = await execa(sshProgram(), sshRunArgs(e, cwd, command), { reject: false, timeout: timeoutMs, stdin: 'ignore', cwd, windowsHide: true });
  if (result.failed && result.exitCode === undefined) {
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT') throw new EvaluationSetupError(`ssh client not found: "${sshProgram()}" (install openssh-client)`);
    if (result.timedOut) return { exitCode: SSH_FAILED, stdout: result.stdout ?? '', stderr: `ssh to ${endpointLabel(e)} did not finish within ${Math.round(timeoutMs / 1000)} s` };
    return { exitCode: SSH_FAILED, stdout: result.stdout ?? '', stderr: result.shortMessage ?? 'ssh failed' };
  }
  return { exitCode: result.exitCode ?? SSH_FAILED, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** For exit handlers: the same, synchronously, with a short timeout (best effort). */
export function runSshSync(e: SshEndpoint, cwd: string, command: string, timeoutMs = 5_000): number | null {
  const r = spawnSync(sshProgram(), sshRunArgs(e, cwd, command), { stdio: 'ignore', timeout: timeoutMs, cwd });
  return r.status;
}

/** The set-up error for an ssh that could not reach or log in to the host. */
export function sshSetupError(e: SshEndpoint, stderr: string, doing: string): EvaluationSetupError {
  const line = sshFailureLine(stderr) ?? 'ssh failed without a message';
  return new EvaluationSetupError(`ssh ${endpointLabel(e)} (${doing}): ${line}${sshFailureHint(line, e)}`);
}
