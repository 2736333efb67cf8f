// An engine running on an SSH host: one ssh session carries the engine script (engine-script.ts), its
// output, and the port forward to the engine. The session's stdin stays open for the engine's whole
// life; the remote script stops the engine's process group when it closes, so the engine dies with
// the session whichever way the session ends (we stop it, the local ssh is killed, this process dies,
// the network goes away).

import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExitInfo } from '../exit-info.js';
import { loadExeca } from '../execa.js';
import { RemoteOutput } from '../remote/remote-output.js';
import { shellQuote } from '../remote/shell.js';
import { EvaluationSetupError } from '../types.js';
import { localForwardSpec, sshProgram, sshRunArgs, type SshEndpoint } from './ssh-command.js';
import { runSsh, runSshSync } from './ssh-exec.js';

export interface SshForward {
  localPort: number;
  /** Address of the engine as seen from the remote host. */
  remoteHost: string;
  remotePort: number;
}

export interface SshSessionOptions {
  endpoint: SshEndpoint;
  /** Directory config-relative paths (identity file, ssh config) resolve against. */
  cwd: string;
  /** The engine script; run remotely as `bash -c <script>`. */
  script: string;
  marker: string;
  logPath: string;
  /** Cap of the log (engine.maxLogMB). */
  logLimitBytes?: number;
  onOutput?(chunk: string): void;
  forward?: SshForward;
}

export interface SessionEnd {
  /** ssh's exit status (the remote script's, or 255 when ssh itself failed). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What ssh and the script wrote to stderr, last few KB. */
  stderr: string;
}

const STDERR_KEEP = 8192;
/** ssh's complaint for each readiness probe sent through the forward before the engine listens. */
const FORWARD_NOISE = /^channel \d+: open failed: /;

/** A remote command that signals a process group (through bash: not every login shell's kill takes `-- -PGID`). */
export function groupKillCommand(signal: 'TERM' | 'KILL', pgid: number): string {
  return `bash -c ${shellQuote(`kill -${signal} -- -${pgid}`)}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const within = <T>(p: Promise<T>, ms: number): Promise<boolean> =>
  Promise.race([p.then(() => true), sleep(ms).then(() => false)]);

interface Child {
  pid?: number;
  stdin: Writable | null;
  stdout: Readable | null;
  stderr: Readable | null;
  kill(signal?: NodeJS.Signals): boolean;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

export class SshEngineSession {
  readonly output: RemoteOutput;
  /** Resolves when the ssh client has exited and its output is read. */
  readonly ended: Promise<SessionEnd>;
  /** The engine's exit: the script's report, or the session's end when there was none. */
  readonly exited: Promise<ExitInfo>;
  private endInfo: SessionEnd | undefined;
  private stderrText = '';
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly options: SshSessionOptions,
    private readonly child: Child,
    output: RemoteOutput,
  ) {
    this.output = output;
    const closes: Promise<void>[] = [];
    for (const [stream, kind] of [[child.stdout, 'out'], [child.stderr, 'err']] as const) {
      if (!stream) continue;
      const decoder = new StringDecoder('utf8');
      stream.on('data', (b: Buffer) => this.take(decoder.write(b), kind));
      closes.push(new Promise<void>((r) => stream.once('close', () => (this.take(decoder.end(), kind), r()))));
    }
    // EPIPE on a session that already ended is expected; the 'exit' event tells the story.
    child.stdin?.on('error', () => undefined);
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    this.ended = exit.then(async (e) => {
      await Promise.race([Promise.all(closes), sleep(1000)]);
      this.output.flush();
      this.endInfo = { ...e, stderr: this.stderrText };
      return this.endInfo;
    });
    this.exited = Promise.race([this.output.exited, this.ended.then((e) => this.output.exit ?? { code: e.code, signal: e.signal })]);
  }

  static async start(options: SshSessionOptions): Promise<SshEngineSession> {
    const output = await RemoteOutput.open({
      marker: options.marker,
      logPath: options.logPath,
      ...(options.logLimitBytes !== undefined ? { logLimitBytes: options.logLimitBytes } : {}),
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
      ignoreLine: FORWARD_NOISE,
    });
    const { execa } = await loadExeca();
    const extra = options.forward
      ? ['-o', 'ExitOnForwardFailure=yes', '-L', localForwardSpec(options.forward.localPort, options.forward.remoteHost, options.forward.remotePort)]
      : [];
    const args = sshRunArgs(options.endpoint, options.cwd, `bash -c ${shellQuote(options.script)}`, extra);
    const child = execa(sshProgram(), args, {
      cwd: options.cwd,
      stdin: 'pipe',
      buffer: false,
      reject: false,
      // Its own process group: a Ctrl-C in the terminal reaches the study loop, which stops trials in
      // order, rather than every ssh client at once.
      detached: true,
      cleanup: false,
      windowsHide: true,
    });
    if (child.pid === undefined) {
      void child.catch(() => undefined);
      await output.close();
      throw new EvaluationSetupError(`ssh client not found: "${sshProgram()}" (install openssh-client)`);
    }
    void child.catch(() => undefined);
    return new SshEngineSession(options, child, output);
  }

  /** The session ended without the script reporting the engine's exit (connection lost or ssh killed). */
  get lost(): boolean {
    return this.endInfo !== undefined && this.output.exit === undefined && this.output.fatalReason === undefined;
  }

  get end(): SessionEnd | undefined {
    return this.endInfo;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Stops the engine: SIGTERM to its process group (through a second ssh connection), SIGKILL after
   * `graceSec`; then the session's stdin is closed so the script ends. Idempotent.
   */
  stop(graceSec: number): Promise<void> {
    this.stopping ??= this.doStop(graceSec);
    return this.stopping;
  }

  /** For exit handlers: SIGKILL to the remote group if we know it, and the local ssh client killed (its script then stops whatever is left). */
  killSync(): void {
    const pgid = this.output.pgid;
    if (this.endInfo === undefined && pgid !== undefined && this.output.exit === undefined) {
      runSshSync(this.options.endpoint, this.options.cwd, groupKillCommand('KILL', pgid));
    }
    if (this.endInfo === undefined) this.child.kill('SIGKILL');
  }

  private async doStop(graceSec: number): Promise<void> {
    const pgid = this.output.pgid;
    if (this.endInfo === undefined && this.output.exit === undefined && pgid !== undefined) {
      await this.signalGroup('TERM', pgid);
      if (!(await within(this.exited, graceSec * 1000 + 1000))) {
        this.output.note(`engine still running ${graceSec} s after SIGTERM: sending SIGKILL to its process group`);
        await this.signalGroup('KILL', pgid);
        await within(this.exited, 5000);
      }
    }
    this.child.stdin?.end();
    if (!(await within(this.ended, graceSec * 1000 + 5000))) {
      this.output.note('the ssh session did not end; killing the local ssh client');
      this.child.kill('SIGKILL');
      await within(this.ended, 2000);
    }
  }

  private async signalGroup(signal: 'TERM' | 'KILL', pgid: number): Promise<void> {
    const r = await runSsh(this.options.endpoint, this.options.cwd, groupKillCommand(signal, pgid), 20_000);
    // 1 = no such group any more (it exited meanwhile); anything else is worth a line in the log.
    if (r.exitCode !== 0 && r.exitCode !== 1) this.output.note(`could not send SIG${signal} to process group ${pgid}: ${r.stderr.trim().split('\n').at(-1) ?? `exit ${r.exitCode}`}`);
  }

  private take(text: string, kind: 'out' | 'err'): void {
    if (text === '') return;
    if (kind === 'err') this.stderrText = (this.stderrText + text).slice(-STDERR_KEEP);
    this.output.push(text, kind);
  }
}
