// Evaluating a configuration with an engine on this machine: a port, the rendered launch, the engine
// as its own process group on the slot's GPUs, the server trial, and — whatever happened — the
// engine stopped and its port checked free again before the slot is handed back.

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PresetError, type RenderedLaunch } from '../engines/index.js';
import { LocalProcess, resolveScoot } from './local-process.js';
import { cancelledOutcome, describeOutcome } from './outcomes.js';
import { baseUrl, hostPorts, waitPortFree, type PortAllocator } from './ports.js';
import { carriesEnv, listeningPids, sendSignal } from './process-tree.js';
import { runServerTrial, TAIL_LINES, trialSchedule } from './server-trial.js';
import { cudaVisibleDevices } from './slots.js';
import { EvaluationSetupError, type EvaluationSetup, type Evaluator, type Slot, type TrialHooks, type TrialOutcome, type TrialSpec } from './types.js';

export interface LocalEvaluatorOptions {
  ports?: PortAllocator;
  /** Files an engine needs (e.g. TensorRT-LLM's YAML) go to <workRoot>/<trial>/; default: `work/` next to the log folder. */
  workRoot?: string;
  /** How long a stopped engine's port may stay bound before we look for what still holds it. */
  portReleaseTimeoutMs?: number;
}

/**
 * Marks an engine's environment, inherited by every process it starts: after the engine stops, only a
 * process carrying its mark is one of its escaped workers. Another program may have taken the port.
 */
export const ENGINE_MARK = 'SCOOT_ENGINE_MARK';

/** Environment of an engine on `slot`: the study's, the preset's, then the slot's GPUs. */
export function engineEnv(setupEnv: Record<string, string>, rendered: Record<string, string>, slot: Slot): Record<string, string> {
  const env = { ...setupEnv, ...rendered };
  const devices = cudaVisibleDevices(slot);
  if (devices !== undefined) env.CUDA_VISIBLE_DEVICES = devices;
  return env;
}

export class LocalEvaluator implements Evaluator {
  private readonly ports: PortAllocator;
  private readonly live = new Set<LocalProcess>();
  private readonly closing = new AbortController();

  constructor(
    private readonly setup: EvaluationSetup,
    private readonly options: LocalEvaluatorOptions = {},
  ) {
    if (!setup.preset.readiness) throw new EvaluationSetupError(`engine type "${setup.preset.type}" does not run a server; it needs the command evaluator`);
    this.ports = options.ports ?? hostPorts;
  }

  async evaluate(spec: TrialSpec, slot: Slot, logPath: string, trialSignal: AbortSignal, hooks?: TrialHooks): Promise<TrialOutcome> {
    if (this.closing.signal.aborted) throw new EvaluationSetupError('the evaluator was closed');
    // close() cancels trials in flight, so they end as 'cancelled' rather than as engine crashes.
    const signal = AbortSignal.any([trialSignal, this.closing.signal]);
    const { setup } = this;
    const schedule = trialSchedule(setup.workload, spec);
    if (signal.aborted) return cancelledOutcome();
    hooks?.onPhase?.('launching');
    const lease = await this.ports.lease(setup.host, slot, setup.basePort);
    const mark = randomUUID();
    let engine: LocalProcess | undefined;
    let outcome: TrialOutcome | undefined;
    try {
      const workDir = resolve(this.options.workRoot ?? join(dirname(resolve(logPath)), '..', 'work'), String(spec.trial));
      const rendered = this.render(spec, slot, lease.port, workDir);
      engine = await LocalProcess.launch({
        argv: resolveScoot(rendered.argv, setup.scootCommand),
        cwd: setup.cwd,
        env: { ...engineEnv(setup.env, rendered.env, slot), [ENGINE_MARK]: mark },
        logPath,
        onOutput: hooks?.onOutput ? (chunk) => hooks.onOutput?.(chunk) : undefined,
        orphanGraceSec: setup.stopGraceSec,
        ...(setup.logLimitBytes !== undefined ? { logLimitBytes: setup.logLimitBytes } : {}),
      });
      this.live.add(engine);
      hooks?.onProcess?.({ pgid: engine.pid, ...(engine.startedTicks !== undefined ? { startTicks: engine.startedTicks } : {}), running: true });
      const devices = cudaVisibleDevices(slot);
      engine.note(`trial ${spec.trial} on ${slot.label}, port ${lease.port}${devices !== undefined ? `, CUDA_VISIBLE_DEVICES=${devices}` : ''}`);
      const running = engine;
      outcome = await runServerTrial({
        setup,
        engine: { exited: running.exited, tailLines: () => running.tail.lines(TAIL_LINES) },
        baseUrl: baseUrl(setup.host, lease.port),
        schedule,
        signal,
        hooks,
        spec,
      });
      return outcome;
    } finally {
      if (engine) {
        hooks?.onPhase?.('stopping');
        const stopping = performance.now();
        await this.stopEngine(engine, lease.port, mark);
        hooks?.onProcess?.({ pgid: engine.pid, running: false });
        // The outcome returned above is this object: its phases gain the teardown before the caller sees it.
        if (outcome?.phases) outcome.phases.teardown = (performance.now() - stopping) / 1000;
        if (outcome) engine.noteAfterStop(describeOutcome(outcome));
      }
      lease.release();
    }
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all([...this.live].map((p) => p.stop(this.setup.stopGraceSec)));
    this.live.clear();
  }

  private render(spec: TrialSpec, slot: Slot, port: number, workDir: string): RenderedLaunch {
    let rendered: RenderedLaunch;
    try {
      rendered = this.setup.preset.render(spec.params, this.setup.baseCommand, { host: this.setup.host, port, gpus: slot.gpus, workDir });
    } catch (e) {
      if (e instanceof PresetError) throw new EvaluationSetupError(e.message);
      throw e;
    }
    for (const file of rendered.files) {
      const path = resolve(workDir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
    }
    return rendered;
  }

  /** Stops the engine, then makes sure its port is released (an escaped worker may still hold it). */
  private async stopEngine(engine: LocalProcess, port: number, mark: string): Promise<void> {
    await engine.stop(this.setup.stopGraceSec);
    this.live.delete(engine);
    const waitMs = this.options.portReleaseTimeoutMs ?? 3000;
    if (await waitPortFree(this.setup.host, port, waitMs)) return;
    // Only a holder that inherited this engine's mark is one of its workers; anything else is not ours to kill.
    const holders = listeningPids(port).filter((pid) => pid !== process.pid && carriesEnv(pid, ENGINE_MARK, mark));
    for (const pid of holders) sendSignal(pid, 'SIGKILL');
    const free = holders.length > 0 && (await waitPortFree(this.setup.host, port, waitMs));
    const line = free
      ? `port ${port} was still held after the engine stopped; killed pid ${holders.join(', ')}`
      : `port ${port} is still bound ${Math.round(waitMs / 1000)} s after the engine stopped${holders.length ? ` (killed pid ${holders.join(', ')})` : ''}`;
    engine.noteAfterStop(line);
  }
}
