// Evaluating a configuration on an SSH host: a free port found there, one ssh session that runs the
// engine on the slot's GPUs and forwards a local port to it, the server trial driven from this
// machine through that forward, and the engine's process group stopped (SIGTERM, then SIGKILL) before
// the slot is handed back. Logs stream back over the session into logs/<trial>.log.

import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { describeExit } from '../exit-info.js';
import { cancelledOutcome } from '../outcomes.js';
import { baseUrl, connectHost, hostPorts, type PortAllocator, type PortLease } from '../ports.js';
import { engineScript, PORT_IN_USE, portProbeScript } from '../remote/engine-script.js';
import { renderPortTemplated, type ShellWord } from '../remote/port-template.js';
import { shellQuote } from '../remote/shell.js';
import { studyLabelFromLog } from '../remote/study-name.js';
import { registerSyncCleanup } from '../remote/sync-cleanup.js';
import { sshHostKey } from '../remote-slots.js';
import { runServerTrial, TAIL_LINES, trialSchedule } from '../server-trial.js';
import { EvaluationSetupError, type EvaluationSetup, type Evaluator, type Slot, type TrialHooks, type TrialOutcome, type TrialSpec } from '../types.js';
import { checkEndpoint, endpointLabel, sshFailureLine, type SshEndpoint } from './ssh-command.js';
import { runSsh, SSH_FAILED, sshSetupError } from './ssh-exec.js';
import { SshEngineSession } from './ssh-session.js';
import { raceWithAbort } from '../remote/race-abort.js';

export interface SshHostConfig {
  host: string;
  gpus: readonly number[];
  user?: string;
  port?: number;
  identityFile?: string;
  /** Directory the engine runs in (default: the remote login directory). */
  workDir?: string;
}

/** The config's `target` for SSH hosts (scoot.config.json's SshTarget). */
/** Where the load generator runs: here, through a port forward, or on the remote host. */
export type LoadLocation = 'local' | 'remote';

export interface SshTargetSpec {
  type: 'ssh';
  hosts: readonly SshHostConfig[];
  /** Where the load generator runs: here through a port forward (default) or on the remote host. */
  loadFrom?: LoadLocation;
  /** An ssh config file used instead of ~/.ssh/config (ssh -F); relative to the config file. */
  sshConfig?: string;
}

export interface SshEvaluatorOptions {
  /** Local ports for the forwards. */
  ports?: PortAllocator;
  /** Attempts when a port is taken between choosing and binding it (remote engine port or local forward). */
  portAttempts?: number;
}

/** Folder (relative to the remote working directory) for a trial's generated files. */
export const REMOTE_TRIAL_ROOT = '.scoot-remote';

interface Host {
  endpoint: SshEndpoint;
  workDir?: string;
}

function describeEnv(env: Record<string, string>): string {
  const parts = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

type FirstEngineEvent = { kind: 'launched' } | { kind: 'fatal'; reason: string } | { kind: 'ended' } | { kind: 'aborted' };

export class SshEvaluator implements Evaluator {
  private readonly hosts = new Map<string, Host>();
  private readonly ports: PortAllocator;
  private readonly live = new Set<SshEngineSession>();
  private closed = false;

  constructor(
    private readonly setup: EvaluationSetup,
    target: SshTargetSpec,
    private readonly options: SshEvaluatorOptions = {},
  ) {
    if (!setup.preset.readiness) throw new EvaluationSetupError(`engine type "${setup.preset.type}" does not run a server; target.type "ssh" runs server engines only`);
    if (target.loadFrom === 'remote') {
      throw new EvaluationSetupError('target.loadFrom "remote" is not supported: the load runs from this machine through an ssh port forward; remove loadFrom or set it to "local"');
    }
    target.hosts.forEach((h, i) => {
      const endpoint: SshEndpoint = {
        host: h.host,
        ...(h.user !== undefined ? { user: h.user } : {}),
        ...(h.port !== undefined ? { port: h.port } : {}),
        ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
        ...(target.sshConfig !== undefined ? { configFile: target.sshConfig } : {}),
      };
      checkEndpoint(endpoint, `target.hosts[${i}]`);
      this.hosts.set(sshHostKey(h), { endpoint, ...(h.workDir !== undefined ? { workDir: h.workDir } : {}) });
    });
    this.ports = options.ports ?? hostPorts;
  }

  async evaluate(spec: TrialSpec, slot: Slot, logPath: string, signal: AbortSignal, hooks?: TrialHooks): Promise<TrialOutcome> {
    if (this.closed) throw new EvaluationSetupError('the evaluator was closed');
    const host = this.hostOf(slot);
    const { setup } = this;
    const schedule = trialSchedule(setup.workload, spec);
    if (signal.aborted) return cancelledOutcome();
    hooks?.onPhase?.('launching');
    const trialDir = posix.join(REMOTE_TRIAL_ROOT, studyLabelFromLog(logPath), String(spec.trial));
    const launch = renderPortTemplated(setup.preset, spec.params, setup.baseCommand, { host: setup.host, gpus: slot.gpus, workDir: trialDir });
    const env: Array<[string, ShellWord]> = [...Object.entries(setup.env).map(([k, v]): [string, ShellWord] => [k, shellQuote(v)]), ...launch.env];
    if (slot.gpus.length > 0) env.push(['CUDA_VISIBLE_DEVICES', slot.gpus.join(',')]);
    const label = endpointLabel(host.endpoint);

    let session: SshEngineSession | undefined;
    let lease: PortLease | undefined;
    let unregister: (() => void) | undefined;
    const attempts = this.options.portAttempts ?? 3;
    try {
      for (let attempt = 1; ; attempt++) {
        const remotePort = await this.freeRemotePort(host);
        lease = await this.ports.lease('127.0.0.1', slot);
        const marker = `##scoot-${randomBytes(6).toString('hex')}`;
        const script = engineScript({
          marker,
          ...(host.workDir !== undefined ? { cwd: host.workDir } : {}),
          files: launch.files,
          env,
          argv: launch.argv,
          probeHost: setup.host,
          port: remotePort,
          graceSec: setup.stopGraceSec,
          stopOnStdinClose: true,
          reportEnv: ['CUDA_VISIBLE_DEVICES'],
        });
        session = await SshEngineSession.start({
          endpoint: host.endpoint,
          cwd: setup.cwd,
          script,
          marker,
          logPath,
          ...(setup.logLimitBytes !== undefined ? { logLimitBytes: setup.logLimitBytes } : {}),
          ...(hooks?.onOutput ? { onOutput: (c: string) => hooks.onOutput?.(c) } : {}),
          forward: { localPort: lease.port, remoteHost: connectHost(setup.host), remotePort },
        });
        const running = session;
        this.live.add(running);
        unregister = registerSyncCleanup(() => running.killSync());
        running.output.note(`trial ${spec.trial} on ${slot.label} via ssh ${label}: engine port ${remotePort} there, forwarded from 127.0.0.1:${lease.port}`);

        const first = await this.firstEvent(running, signal);
        if (first.kind === 'launched') {
          const launched = running.output.launchedInfo;
          running.output.note(`engine started on ${running.output.startedInfo?.host || label}${describeEnv(launched?.env ?? {})}`);
          break;
        }
        if (first.kind === 'aborted') return cancelledOutcome();
        const retry = attempt < attempts && (first.kind === 'fatal' ? first.reason.startsWith(PORT_IN_USE) : this.forwardBindFailed(running));
        if (!retry) {
          if (first.kind === 'fatal') throw new EvaluationSetupError(`${label}: ${first.reason}`);
          throw this.startError(running, host);
        }
        running.output.note(first.kind === 'fatal' ? `remote port ${remotePort} was taken meanwhile; trying another` : `local port ${lease.port} was taken meanwhile; trying another`);
        await this.finish(running, unregister);
        session = undefined;
        lease.release();
        lease = undefined;
      }

      const engine = session;
      const outcome = await runServerTrial({
        setup,
        engine: { exited: engine.exited, tailLines: () => engine.output.tail.lines(TAIL_LINES) },
        baseUrl: baseUrl('127.0.0.1', lease.port),
        schedule,
        signal,
        hooks,
        spec,
      });
      if (engine.lost && outcome.status !== 'ok' && outcome.reasonCode !== 'cancelled') {
        const line = sshFailureLine(engine.end?.stderr ?? '');
        return {
          status: 'error',
          reason: `lost the ssh connection to ${label}${line ? `: ${line}` : ''}`,
          reasonCode: 'connection-lost',
          ...(outcome.startupSeconds !== undefined ? { startupSeconds: outcome.startupSeconds } : {}),
        };
      }
      return outcome;
    } finally {
      if (session) {
        hooks?.onPhase?.('stopping');
        await this.finish(session, unregister);
      }
      lease?.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live].map((s) => s.stop(this.setup.stopGraceSec)));
  }

  private hostOf(slot: Slot): Host {
    const host = slot.kind === 'ssh' && slot.host !== undefined ? this.hosts.get(slot.host) : undefined;
    if (!host) throw new EvaluationSetupError(`${slot.label} is not a slot of this study's SSH hosts`);
    return host;
  }

  private async freeRemotePort(host: Host): Promise<number> {
    const r = await runSsh(host.endpoint, this.setup.cwd, `bash -c ${shellQuote(portProbeScript(this.setup.host))}`);
    if (r.exitCode === SSH_FAILED) throw sshSetupError(host.endpoint, r.stderr, 'looking for a free port');
    const port = Number(r.stdout.trim());
    if (r.exitCode !== 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
      const why = r.stderr.trim().split('\n').at(-1) || `exit status ${r.exitCode}`;
      throw new EvaluationSetupError(`${endpointLabel(host.endpoint)}: could not find a free port (${why}); the host needs bash`);
    }
    return port;
  }

  private async firstEvent(session: SshEngineSession, signal: AbortSignal): Promise<FirstEngineEvent> {
    return raceWithAbort<FirstEngineEvent>(
      [
        session.output.launched.then(() => ({ kind: 'launched' })),
        session.output.fatal.then((reason) => ({ kind: 'fatal', reason })),
        session.ended.then(() => ({ kind: 'ended' })),
      ],
      signal,
      { kind: 'aborted' },
    );
  }

  /** ssh gave up because the local end of the forward could not be bound. */
  private forwardBindFailed(session: SshEngineSession): boolean {
    return /Could not request local forwarding|cannot listen to port|Address already in use/i.test(session.end?.stderr ?? '');
  }

  private startError(session: SshEngineSession, host: Host): EvaluationSetupError {
    const end = session.end;
    if (end?.code === SSH_FAILED) return sshSetupError(host.endpoint, end.stderr, 'starting the engine');
    const line = sshFailureLine(end?.stderr ?? '') ?? session.output.tail.lastLine();
    return new EvaluationSetupError(`${endpointLabel(host.endpoint)}: the remote launch ended (exit status ${end?.code ?? end?.signal ?? '?'}) before the engine started${line ? `: ${line}` : ''}`);
  }

  private async finish(session: SshEngineSession, unregister: (() => void) | undefined): Promise<void> {
    await session.stop(this.setup.stopGraceSec);
    this.live.delete(session);
    unregister?.();
    const exit = session.output.exit;
    if (exit) session.output.note(`engine ${describeExit(exit)}`);
    else if (session.output.pgid !== undefined) session.output.note('the ssh session ended; the remote script stops the engine when its session closes');
    await session.output.close();
  }
}
