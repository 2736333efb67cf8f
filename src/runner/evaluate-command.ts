// The `command` engine (docs/ARCHITECTURE.md §3, config): no server, one run of the user's benchmark per configuration,
// with `{param}` placeholders filled in. Its last stdout line must be a JSON object of metrics; a
// non-zero exit or no metrics makes the configuration infeasible.

import { PresetError, renderEvaluate } from '../engines/index.js';
import type { Metrics } from '../protocol/study.js';
import { engineEnv } from './evaluate-local.js';
import { describeExit } from './exit-info.js';
import { LocalProcess, resolveScoot } from './local-process.js';
import { cancelledOutcome, describeOutcome, explainingLine } from './outcomes.js';
import { clipLine, engineLines } from './output-tail.js';
import { TAIL_LINES } from './server-trial.js';
import { EvaluationSetupError, type EvaluationSetup, type Evaluator, type Slot, type TrialHooks, type TrialOutcome, type TrialSpec } from './types.js';

/** The numeric fields of a JSON object line; undefined when the line is not a JSON object or has none. */
export function parseMetricsLine(line: string | undefined): Metrics | undefined {
  if (line === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const metrics: Metrics = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v)) metrics[k] = v;
  return Object.keys(metrics).length > 0 ? metrics : undefined;
}

export class CommandEvaluator implements Evaluator {
  private readonly live = new Set<LocalProcess>();
  private readonly closing = new AbortController();

  constructor(private readonly setup: EvaluationSetup) {
    if (!setup.evaluateTemplate || setup.evaluateTemplate.length === 0)
      throw new EvaluationSetupError('engine.evaluate is missing: a command engine needs the benchmark argv, e.g. ["python3", "bench.py", "--tp", "{tensor-parallel}"]');
  }

  async evaluate(spec: TrialSpec, slot: Slot, logPath: string, trialSignal: AbortSignal, hooks?: TrialHooks): Promise<TrialOutcome> {
    if (this.closing.signal.aborted) throw new EvaluationSetupError('the evaluator was closed');
    const signal = AbortSignal.any([trialSignal, this.closing.signal]);
    const argv = this.argvFor(spec);
    if (signal.aborted) return cancelledOutcome();
    hooks?.onPhase?.('launching');
    const started = Date.now();
    const proc = await LocalProcess.launch({
      argv,
      cwd: this.setup.cwd,
      env: engineEnv(this.setup.env, {}, slot),
      logPath,
      onOutput: hooks?.onOutput ? (chunk) => hooks.onOutput?.(chunk) : undefined,
      role: 'benchmark',
      orphanGraceSec: this.setup.stopGraceSec,
      ...(this.setup.logLimitBytes !== undefined ? { logLimitBytes: this.setup.logLimitBytes } : {}),
    });
    this.live.add(proc);
    hooks?.onProcess?.({ pgid: proc.pid, ...(proc.startedTicks !== undefined ? { startTicks: proc.startedTicks } : {}), running: true });
    proc.note(`trial ${spec.trial} on ${slot.label}`);
    let cancelled = false;
    let onAbort: (() => void) | undefined;
    try {
      hooks?.onPhase?.('load');
      const aborted = new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
      });
      cancelled = (await Promise.race([proc.exited, aborted])) === 'aborted';
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
      hooks?.onPhase?.('stopping');
      // Also after a normal exit: the benchmark's own children may still run, and its output must drain.
      await proc.stop(this.setup.stopGraceSec);
      this.live.delete(proc);
      hooks?.onProcess?.({ pgid: proc.pid, running: false });
    }
    const outcome = cancelled ? cancelledOutcome() : this.outcome(proc, (Date.now() - started) / 1000);
    proc.noteAfterStop(describeOutcome(outcome));
    return outcome;
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all([...this.live].map((p) => p.stop(this.setup.stopGraceSec)));
    this.live.clear();
  }

  private argvFor(spec: TrialSpec): string[] {
    try {
      return resolveScoot(renderEvaluate(this.setup.evaluateTemplate ?? [], spec.params), this.setup.scootCommand);
    } catch (e) {
      if (e instanceof PresetError) throw new EvaluationSetupError(e.message);
      throw e;
    }
  }

  private outcome(proc: LocalProcess, seconds: number): TrialOutcome {
    const exit = proc.exit ?? { code: null, signal: null };
    const tail = proc.tail.lines(TAIL_LINES);
    if (exit.code !== 0) {
      const classified = this.setup.preset.classifyFailure(engineLines(tail).join('\n'));
      const line = classified ? explainingLine(classified, tail) : clipLine(proc.lastStderrLine() ?? explainingLine(undefined, tail));
      return {
        status: 'infeasible',
        reason: `benchmark ${describeExit(exit)}: ${line}`,
        reasonCode: classified && classified.reason !== 'crash' ? classified.reason : 'command-failed',
        loadSeconds: seconds,
      };
    }
    const last = proc.lastStdoutLine();
    const metrics = parseMetricsLine(last);
    if (!metrics) {
      return {
        status: 'infeasible',
        reason: last === undefined
          ? 'benchmark printed nothing on stdout; its last stdout line must be a JSON object of metrics'
          : `benchmark's last stdout line is not a JSON object of numeric metrics: ${clipLine(last, 160)}`,
        reasonCode: 'no-metrics',
        loadSeconds: seconds,
        ...(last !== undefined ? { printed: clipLine(last, 300) } : {}),
      };
    }
    return { status: 'ok', metrics, loadSeconds: seconds, printed: clipLine(last ?? '', 300) };
  }
}
