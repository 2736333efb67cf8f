// An engine (or a `command` benchmark) running on this machine: launched through execa as the leader
// of its own process group, its output appended to the trial's log, and stopped as a group — SIGTERM,
// then SIGKILL after a grace period — so the workers an engine forks die with it.
//
// Every live group is in a process-wide registry so that a CLI exiting on Ctrl-C, or the extension
// deactivating, can SIGKILL them synchronously (killAllSync) when no async stop can run any more.

import { appendFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { describeExit, type ExitInfo } from './exit-info.js';
import { loadExeca } from './execa.js';
import { OutputTail, RUNNER_PREFIX } from './output-tail.js';
import { descendants, groupMembers, isAlive, sendSignal, startTicks } from './process-tree.js';
import { runSyncCleanups } from './remote/sync-cleanup.js';
import { openTrialLog, type TrialLog } from './trial-log.js';
import { startWatchdog, type Watchdog } from './watchdog.js';
import { EvaluationSetupError } from './types.js';

export type { ExitInfo } from './exit-info.js';

export interface LaunchSpec {
  /** argv[0] is the program; never run through a shell. */
  argv: readonly string[];
  cwd: string;
  /** Added to this process's environment. */
  env: Record<string, string>;
  /** Output is appended here (the directory is created). */
  logPath: string;
  onOutput?(chunk: string): void;
  /** What the program is, for error messages ("engine", "benchmark"). */
  role?: string;
  /** Cap of the log (engine.maxLogMB); default 64 MB. */
  logLimitBytes?: number;
  /**
   * Seconds a watchdog gives the group between SIGTERM and SIGKILL once this process has died
   * (watchdog.ts): the program never outlives the study. Default 10.
   */
  orphanGraceSec?: number;
}

export interface StopResult {
  exit: ExitInfo;
  /** SIGKILL was needed (the group outlived the grace period). */
  forced: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const POLL_MS = 25;
/** How long SIGKILLed processes get to disappear before stop() gives up waiting. */
const KILL_WAIT_MS = 5000;
/** How long to wait for output pipes to drain after the group is gone. */
const DRAIN_MS = 1000;

/** Leaders of live process groups, with descendants seen outside the group (setsid'd workers). */
const liveGroups = new Map<number, Set<number>>();
/** The watchdog of each live group. */
const watchdogs = new Map<number, Watchdog>();

let exitHookInstalled = false;

/** Whatever way this process ends, no engine outlives it (signals still need the host's handlers). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => killAllSync());
}

/** One wording for a missing program, whether found before launch (pre-flight) or at launch. */
export function commandNotFound(role: string, file: string): string {
  return file.includes('/') ? `${role} command not found: "${file}" (check the path)` : `${role} command not found: "${file}" (is it installed and on PATH?)`;
}

/**
 * SIGKILLs every engine group this process started and has not stopped yet, and runs the synchronous
 * stops of remote work (ssh sessions, Slurm jobs: remote/sync-cleanup.ts). Safe in 'exit' handlers.
 */
export function killAllSync(): number {
  let n = runSyncCleanups();
  for (const [pgid, strays] of liveGroups) {
    for (const pid of [...strays, ...descendants(pgid)]) sendSignal(pid, 'SIGKILL');
    if (sendSignal(-pgid, 'SIGKILL')) n++;
  }
  liveGroups.clear();
  for (const w of watchdogs.values()) w.dispose();
  watchdogs.clear();
  return n;
}

/** Process groups started here that are not known to be gone. */
export function liveProcessGroups(): number[] {
  return [...liveGroups.keys()];
}

/** A leading `scoot` runs this very program (e.g. [node, dist/cli.js]) so `scoot sim serve` needs no global install. */
export function resolveScoot(argv: readonly string[], scootCommand: readonly string[]): string[] {
  if (argv[0] === 'scoot' && scootCommand.length > 0) return [...scootCommand, ...argv.slice(1)];
  return [...argv];
}

/** argv as a shell would need it typed, for the log (display only; nothing is run through a shell). */
export function displayCommand(argv: readonly string[]): string {
  return argv.map(displayArg).join(' ');
}

function displayArg(a: string): string {
  if (/^[\w@%+=:,./-]+$/.test(a)) return a;
  // Control characters in ANSI-C quotes, so the command stays on one log line.
  if (/[\n\r\t]/.test(a)) return `$'${a.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
  return `'${a.replace(/'/g, `'\\''`)}'`;
}

export class LocalProcess {
  readonly tail = new OutputTail();
  readonly exited: Promise<ExitInfo>;
  /** Start time in clock ticks after boot (Linux): anything started earlier cannot be the engine's. */
  readonly startedTicks: number | undefined;
  private exitInfo: ExitInfo | undefined;
  /** Each stream's own tail: the last line the program wrote there. */
  private readonly streamTails = { out: new OutputTail(4), err: new OutputTail(4) };
  private stopping: Promise<StopResult> | undefined;
  private readonly streamsClosed: Promise<void>;

  private constructor(
    readonly pid: number,
    readonly argv: readonly string[],
    private readonly log: TrialLog,
    private readonly spec: LaunchSpec,
    child: { on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown; stdout: Readable | null; stderr: Readable | null },
  ) {
    liveGroups.set(pid, new Set());
    const watchdog = startWatchdog(pid, spec.orphanGraceSec ?? 10);
    if (watchdog) watchdogs.set(pid, watchdog);
    this.startedTicks = startTicks(pid);
    this.exited = new Promise<ExitInfo>((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
    const closes: Promise<void>[] = [];
    for (const [stream, isErr] of [[child.stdout, false], [child.stderr, true]] as const) {
      if (!stream) continue;
      const decoder = new StringDecoder('utf8');
      const lines = isErr ? this.streamTails.err : this.streamTails.out;
      stream.on('data', (b: Buffer) => this.output(decoder.write(b), lines));
      closes.push(
        new Promise<void>((resolve) => {
          stream.once('close', () => {
            this.output(decoder.end(), lines);
            resolve();
          });
        }),
      );
    }
    this.streamsClosed = Promise.all(closes).then(() => undefined);
  }

  /**
   * Starts `spec.argv` as the leader of a new process group. A program that does not exist or cannot
   * be executed is an EvaluationSetupError (nothing any configuration could fix).
   */
  static async launch(spec: LaunchSpec): Promise<LocalProcess> {
    const role = spec.role ?? 'engine';
    const [file, ...args] = spec.argv;
    if (file === undefined || file === '') throw new EvaluationSetupError(`the ${role} command is empty`);
    const log = await openTrialLog(spec.logPath, spec.logLimitBytes);
    const { execa } = await loadExeca();
    installExitHook();
    const subprocess = execa(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      extendEnv: true,
      detached: true,
      cleanup: false,
      stdin: 'ignore',
      buffer: false,
      reject: false,
      windowsHide: true,
    });
    if (subprocess.pid === undefined) {
      const result = await subprocess;
      await log.end();
      const code = (result as { code?: string }).code;
      if (code === 'ENOENT') throw new EvaluationSetupError(commandNotFound(role, file));
      if (code === 'EACCES') throw new EvaluationSetupError(`${role} command is not executable: "${file}" (check its permissions)`);
      throw new EvaluationSetupError(`cannot start the ${role} "${file}": ${result.shortMessage ?? code ?? 'unknown error'}`);
    }
    // The result promise settles when the streams end; every outcome is read from events instead.
    void subprocess.catch(() => undefined);
    const proc = new LocalProcess(subprocess.pid, spec.argv, log, spec, subprocess);
    proc.note(`pid ${subprocess.pid}: ${displayCommand(spec.argv)}`);
    return proc;
  }

  /** Exit status once the leader has exited. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** Last non-blank line the program wrote to stdout / stderr. */
  lastStdoutLine(): string | undefined {
    return this.streamTails.out.lastLine();
  }
  lastStderrLine(): string | undefined {
    return this.streamTails.err.lastLine();
  }

  /** A runner note in the log and the output stream ("[scoot] ..."), so logs explain what happened. */
  note(line: string): void {
    const text = `${RUNNER_PREFIX}${line}\n`;
    this.log.note(text);
    this.spec.onOutput?.(text);
  }

  /** A note once stop() has closed the log stream. */
  noteAfterStop(line: string): void {
    const text = `${RUNNER_PREFIX}${line}\n`;
    try {
      appendFileSync(this.spec.logPath, text);
    } catch {
      // the log folder vanished: the note still reaches the output stream
    }
    this.spec.onOutput?.(text);
  }

  /** Whether anything of the group (leader or workers) is still running. */
  running(): boolean {
    return this.exitInfo === undefined || groupMembers(this.pid).length > 0;
  }

  /**
   * SIGTERM to the group; SIGKILL to the group and any stray descendants after `graceSec`; resolves
   * when nothing of it runs any more. Idempotent: later calls share the first one's result.
   */
  stop(graceSec: number): Promise<StopResult> {
    this.stopping ??= this.doStop(graceSec);
    return this.stopping;
  }

  private async doStop(graceSec: number): Promise<StopResult> {
    const strays = liveGroups.get(this.pid) ?? new Set<number>();
    // Workers that left the group (setsid) are only reachable through the process tree, which is lost
    // once the leader exits: remember them now.
    if (this.exitInfo === undefined) for (const d of descendants(this.pid)) strays.add(d);
    let forced = false;
    if (this.running()) {
      sendSignal(-this.pid, 'SIGTERM');
      if (!(await this.waitGone(graceSec * 1000))) {
        forced = true;
        this.note(`still running ${graceSec} s after SIGTERM: sending SIGKILL to the process group`);
        sendSignal(-this.pid, 'SIGKILL');
      }
    }
    for (const pid of strays) if (isAlive(pid) && sendSignal(pid, 'SIGKILL')) forced = true;
    // SIGKILL is delivered asynchronously: stop() resolves only once the strays are gone too.
    if (!(await this.waitGone(KILL_WAIT_MS, strays))) this.note(`process group ${this.pid} did not disappear after SIGKILL`);
    liveGroups.delete(this.pid);
    watchdogs.get(this.pid)?.dispose();
    watchdogs.delete(this.pid);
    const exit = this.exitInfo ?? (await this.exited);
    await Promise.race([this.streamsClosed, sleep(DRAIN_MS)]);
    this.note(`${this.spec.role ?? 'engine'} ${describeExit(exit)}${forced ? ' (killed)' : ''}`);
    await this.log.end();
    return { exit, forced };
  }

  private async waitGone(timeoutMs: number, strays: ReadonlySet<number> = new Set()): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running() && [...strays].every((pid) => !isAlive(pid))) return true;
      if (Date.now() >= deadline) return false;
      await sleep(POLL_MS);
    }
  }

  private output(text: string, lines: OutputTail): void {
    if (text === '') return;
    this.log.write(text);
    this.tail.push(text);
    lines.push(text);
    this.spec.onOutput?.(text);
  }
}
