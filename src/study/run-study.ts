// The tuning loop (docs/ARCHITECTURE.md §1 method, §6 trial lifecycle): default first, then the suggester's Sobol design and BO, one
// trial per free slot, each observation appended the moment it ends; then robustness re-tests of the
// chosen configuration(s) with other arrival orders. Resumable at any point from observations.jsonl.

import type { Params, Suggestion } from '../core/types.js';
import { Space } from '../core/space.js';
import type { ConvergenceInfo, RunningTrial, StudyStatus, StudySummary, TrialRecord, TrialSource } from '../protocol/study.js';
import type { FrontView } from '../bench/early-stop.js';
import { EvaluationSetupError, type Evaluator, type Slot, type TrialOutcome } from '../runner/types.js';
import type { StudyEventListener } from './events.js';
import { optimizerHistory, withBaselineReference } from './history.js';
import type { ResolvedStudy } from './resolve.js';
import { StudyStore } from './store.js';
import { summarize } from './summary.js';
import type { StudyRecommendation } from './recommendation.js';
import type { SuggestService } from './suggest-service.js';
import { renderReport } from './report.js';
import { sameProblem } from './frozen-config.js';
import { UserError } from '../protocol/user-error.js';
import { parameterList } from '../protocol/params.js';
import { checkOutcomeMetrics } from './metric-check.js';
import { defaultViolationNotice, violatedConstraints } from './constraint-feasibility.js';
import { buildProblem } from './problem-definition.js';
import { retestJobs, retestTargets } from './retests.js';

export class StudyError extends UserError {
  override name = 'StudyError';
}

export interface RunStudyOptions {
  resolved: ResolvedStudy;
  studyDir: string;
  resume: boolean;
  evaluator: Evaluator;
  slots: readonly Slot[];
  suggest: SuggestService;
  signal: AbortSignal;
  onEvent?: StudyEventListener;
}

export interface StudyOutcome {
  status: StudyStatus;
  summary: StudySummary;
  studyDir: string;
  reportPath: string;
  error?: string;
  /** Whose the error is: the set-up's (the user fixes the config or the benchmark) or SCOOT's own. */
  errorKind?: 'setup' | 'internal';
}

function retestMessage(jobs: readonly Job[]): string {
  const trials = [...new Set(jobs.map((j) => j.retestOf))];
  const orders = new Set(jobs.map((j) => j.arrivalSeed)).size;
  return `re-testing ${trials.length === 1 ? `trial ${trials[0]}` : `trials ${trials.join(', ')} (the chosen configuration${trials.length > 2 ? 's' : ''} and the default)`} under ${orders} other arrival order${orders === 1 ? '' : 's'}: ${jobs.length} runs`;
}

/** Failure classes that no choice of tuned flags can cause. */
const SETUP_REASONS = new Set(['unknown-flag', 'model-not-found']);

interface Job {
  params: Params;
  source: TrialSource;
  /** The default's violated known constraints (it is still measured, as the baseline). */
  violates?: string[];
  pofThreshold?: number;
  retestOf?: number;
  arrivalSeed?: number;
}

export async function runStudy(options: RunStudyOptions): Promise<StudyOutcome> {
  const { resolved, evaluator, onEvent } = options;
  const emit: StudyEventListener = (e) => onEvent?.(e);
  const store = await StudyStore.open(options.studyDir);
  const loaded = await store.readObservations();
  if (loaded.records.length > 0 && !options.resume) {
    throw new StudyError(`${options.studyDir} already holds ${loaded.records.length} trials: pass --resume to continue it, or --study DIR to start another`);
  }
  if (options.resume) {
    const frozen = await store.readConfig();
    const difference = frozen ? sameProblem(frozen, resolved.config) : undefined;
    if (difference) throw new StudyError(`cannot resume ${options.studyDir}: ${difference} changed since the study began; restore it or start a new study with --study`);
    if (loaded.tornLastLine) {
      await store.repairObservations(loaded.records);
      emit({ type: 'log', level: 'warn', message: 'the last line of observations.jsonl was incomplete (interrupted write); that trial runs again' });
    }
  }
  await store.writeConfig(resolved.config);
  const parameters = parameterList(resolved.problem.space);
  await store.writeParameters(parameters);

  const records: TrialRecord[] = [...loaded.records];
  const definition = resolved.problem;
  const space = new Space(definition.space);
  const previous = await store.readSummary();
  const startedAt = Date.now();
  const priorWall = options.resume ? (previous?.wallSeconds ?? 0) : 0;
  let suggestSeconds = options.resume ? (previous?.suggestSeconds ?? 0) : 0;
  let nextTrial = records.reduce((m, r) => Math.max(m, r.trial + 1), 0);
  const running = new Map<number, RunningTrial>();
  const durations: number[] = [];

  const abort = new AbortController();
  const onAbort = () => abort.abort();
  options.signal.addEventListener('abort', onAbort);
  if (options.signal.aborted) abort.abort();
  let fatal: string | undefined;
  let fatalKind: 'setup' | 'internal' = 'setup';
  let converged: ConvergenceInfo | undefined;
  const engineLabel = `${resolved.preset.type} ${resolved.preset.version}`;

  // The chosen configuration, refreshed off the event loop whenever a trial ends (recommendation.ts).
  let recommendation: StudyRecommendation | undefined;
  let recommendationAsked = 0;
  let recommendationShown = 0;
  async function refreshRecommendation(): Promise<void> {
    const asked = ++recommendationAsked;
    try {
      const latest = await options.suggest.recommend({ definition, objectives: resolved.objectives, records: [...records], seed: resolved.seed });
      // Trials end concurrently: an answer about fewer records must not replace a newer one.
      if (asked > recommendationShown) {
        recommendationShown = asked;
        recommendation = latest;
      }
    } catch (e) {
      emit({ type: 'log', level: 'warn', message: `could not update the chosen configuration (${e instanceof Error ? e.message : String(e)}); summary.json keeps the previous one` });
    }
  }

  const summary = (): StudySummary =>
    summarize({
      study: resolved.name,
      engine: engineLabel,
      objectives: resolved.objectives,
      ...(Object.keys(resolved.slo).length ? { slo: resolved.slo } : {}),
      budget: resolved.budget,
      records,
      wallSeconds: priorWall + (Date.now() - startedAt) / 1000,
      suggestSeconds,
      ...(converged ? { converged } : {}),
      ...(recommendation ? { recommendation } : {}),
    });

  const tuningCount = () => records.filter((r) => r.source !== 'robustness').length;
  const etaSeconds = (remaining: number): number | undefined => {
    if (durations.length === 0) return undefined;
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    return Math.ceil(remaining / options.slots.length) * mean;
  };

  if (records.length > 0) await refreshRecommendation();
  emit({
    type: 'started',
    snapshot: {
      study: resolved.name,
      studyDir: options.studyDir,
      engine: engineLabel,
      status: 'running',
      objectives: resolved.objectives,
      slo: resolved.slo,
      parameters,
      budget: resolved.budget,
      parallel: options.slots.length,
      trials: [...records],
      running: [],
      summary: summary(),
      startedAt,
      elapsedSeconds: priorWall,
    },
  });

  /** The Pareto set a new trial must be able to beat, or it may stop early (its objective values only). */
  const currentFront = (): FrontView | undefined => {
    const points = summary().pareto.map((p) => ({ trial: p.trial, metrics: Object.fromEntries(resolved.objectives.map((o) => [o.metric, p.metrics[o.metric]])) }));
    return points.length > 0 ? { objectives: resolved.objectives, points } : undefined;
  };

  // ---- job supply ----------------------------------------------------------------------------
  const queue: Job[] = [];
  /** Jobs handed to a slot and not finished yet: from the moment they leave the queue, so the budget and the pending set never miss one. */
  const claimed = new Set<Job>();
  let waitingSlots = 0;
  let supplyLock: Promise<void> = Promise.resolve();
  let phase: 'tuning' | 'robustness' = 'tuning';

  const fixedParams = definition.fixed;
  const knownConstraints = buildProblem(definition).constraints;
  const withFixed = (p: Params): Params => ({ ...p, ...fixedParams });

  async function refillTuning(): Promise<void> {
    const inFlight = [...claimed, ...queue].filter((j) => j.source !== 'robustness');
    const room = resolved.budget - tuningCount() - inFlight.length;
    if (room <= 0) return;
    if (!records.some((r) => r.source === 'default') && !inFlight.some((j) => j.source === 'default')) {
      // The engine's true default: the space's default point, or the base command with no tuned flag.
      const params = resolved.preset.baseline === 'base-command' ? { ...fixedParams } : withFixed(space.defaults());
      const violates = violatedConstraints(params, fixedParams, knownConstraints);
      if (violates.length > 0) emit({ type: 'log', level: 'warn', message: defaultViolationNotice(violates) });
      queue.push({ params, source: 'default', ...(violates.length > 0 ? { violates } : {}) });
      return;
    }
    const q = Math.max(1, Math.min(room, waitingSlots));
    const pending = inFlight.map((j) => j.params);
    const t0 = performance.now();
    if (resolved.convergence && (converged ??= await convergence())) {
      suggestSeconds += (performance.now() - t0) / 1000;
      return;
    }
    const suggestions: Suggestion[] = await options.suggest.suggest({
      definition: withBaselineReference(definition, resolved.objectives, records),
      algorithm: resolved.algorithm,
      seed: resolved.seed,
      request: { history: optimizerHistory(definition, resolved.objectives, records), pending: pending.map((p) => stripFixed(p)), q },
    });
    suggestSeconds += (performance.now() - t0) / 1000;
    for (const s of suggestions) queue.push({ params: withFixed(s.params), source: s.source, ...(s.pofThreshold !== undefined ? { pofThreshold: s.pofThreshold } : {}) });
    for (const message of new Set(suggestions.flatMap((s) => s.warnings ?? []))) emit({ type: 'log', level: 'warn', message: `optimiser: ${message}` });
    if (suggestions.length === 0) emit({ type: 'log', level: 'warn', message: 'the optimiser has no new configuration to suggest (space exhausted); stopping early' });
  }

  /** budget.convergence: once it holds, no new tuning trial starts (those running finish). */
  async function convergence(): Promise<ConvergenceInfo | undefined> {
    if (!resolved.convergence) return undefined;
    const history = optimizerHistory(definition, resolved.objectives, records);
    const decision = await options.suggest.converged({ definition: withBaselineReference(definition, resolved.objectives, records), seed: resolved.seed, history, settings: resolved.convergence });
    if (!decision) return undefined;
    emit({ type: 'log', level: 'info', message: `converged after ${tuningCount()} trials: ${decision.reason}; stopping before the budget of ${resolved.budget}` });
    return { rule: decision.rule, reason: decision.reason, atTrial: tuningCount() };
  }

  function stripFixed(p: Params): Params {
    const out: Params = {};
    for (const name of space.names) out[name] = p[name];
    return out;
  }

  function robustnessJobs(): Job[] {
    if (resolved.robustnessRepeats <= 0) return [];
    return retestJobs(retestTargets(summary(), resolved.robustnessTop), records, resolved.robustnessRepeats, resolved.setup.workload.seed);
  }

  /** Serialised: one suggestion computation at a time, and it sees every pending configuration. */
  async function nextJob(): Promise<Job | undefined> {
    waitingSlots++;
    const ticket = supplyLock.then(async () => {
      if (abort.signal.aborted) return undefined;
      if (queue.length === 0 && phase === 'tuning') await refillTuning();
      const job = queue.shift();
      if (job) claimed.add(job);
      return job;
    });
    supplyLock = ticket.then(() => undefined, () => undefined);
    try {
      return await ticket;
    } finally {
      waitingSlots--;
    }
  }

  async function runJob(job: Job, slot: Slot): Promise<void> {
    const trial = nextTrial++;
    const started = new Date();
    const info: RunningTrial = { trial, params: job.params, source: job.source, slot: slot.id, phase: 'launching', startedAt: started.toISOString() };
    running.set(trial, info);
    emit({ type: 'trial-started', running: info });
    let outcome: TrialOutcome;
    try {
      const front = job.source === 'robustness' ? undefined : currentFront();
      outcome = await evaluator.evaluate(
        { trial, params: job.params, source: job.source, ...(job.arrivalSeed !== undefined ? { arrivalSeed: job.arrivalSeed } : {}), ...(front ? { front } : {}) },
        slot,
        store.logPath(trial),
        abort.signal,
        {
          onPhase: (phase) => {
            info.phase = phase;
            emit({ type: 'trial-phase', trial, phase });
          },
          onOutput: (chunk) => emit({ type: 'engine-output', trial, chunk }),
        },
      );
    } catch (e) {
      running.delete(trial);
      if (e instanceof EvaluationSetupError) {
        fatal ??= e.message;
        abort.abort();
        return;
      }
      throw e;
    }
    running.delete(trial);
    if (outcome.reasonCode === 'cancelled') return;
    const checked = checkOutcomeMetrics(outcome, job.source === 'default', resolved.objectives, resolved.slo);
    if (checked.setupError) {
      fatal ??= checked.setupError;
      abort.abort();
      return;
    }
    outcome = checked.outcome;
    const ended = new Date();
    durations.push((ended.getTime() - started.getTime()) / 1000);
    const record: TrialRecord = {
      trial,
      params: job.params,
      status: outcome.status,
      ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
      ...(outcome.engineMetrics ? { engineMetrics: outcome.engineMetrics } : {}),
      ...(outcome.queuedSeconds !== undefined ? { queuedSeconds: outcome.queuedSeconds } : {}),
      ...(outcome.runningSeconds !== undefined ? { runningSeconds: outcome.runningSeconds } : {}),
      ...(outcome.phases ? { phases: outcome.phases } : {}),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      ...(outcome.reasonCode ? { reasonCode: outcome.reasonCode } : {}),
      source: job.source,
      slot: slot.id,
      startedAt: started.toISOString(),
      endedAt: ended.toISOString(),
      ...(job.pofThreshold !== undefined ? { pofThreshold: job.pofThreshold } : {}),
      ...(job.retestOf !== undefined ? { retestOf: job.retestOf } : {}),
      ...(job.arrivalSeed !== undefined ? { arrivalSeed: job.arrivalSeed } : {}),
      ...(job.violates ? { violatesConstraints: job.violates } : {}),
      ...(outcome.earlyStop ? { earlyStop: outcome.earlyStop } : {}),
    };
    await store.append(record);
    records.push(record);
    if (record.source !== 'robustness') await refreshRecommendation();
    // The engine rejecting its own defaults means the base command is wrong, not the configuration:
    // every other trial would fail the same way.
    if (job.source === 'default' && outcome.status !== 'ok' && SETUP_REASONS.has(outcome.reasonCode ?? '')) {
      fatal ??= `the engine rejected its default configuration (${outcome.reason ?? outcome.reasonCode}); check engine.command`;
      abort.abort();
    }
    const s = summary();
    await store.writeSummary(s);
    // Re-tests: the top configurations and the default.
    const remaining = phase === 'tuning' ? resolved.budget - tuningCount() + resolved.robustnessRepeats * (resolved.robustnessTop + 1) : queue.length + running.size;
    emit({ type: 'trial-finished', record, summary: s, ...(etaSeconds(remaining) !== undefined ? { etaSeconds: etaSeconds(remaining) } : {}) });
  }

  /** Any failure of the loop itself stops every slot, so no engine is left running unattended. */
  async function slotLoop(slot: Slot): Promise<void> {
    try {
      for (;;) {
        const job = await nextJob();
        if (!job) return;
        try {
          if (!abort.signal.aborted) await runJob(job, slot);
        } finally {
          claimed.delete(job);
        }
        if (abort.signal.aborted) return;
      }
    } catch (e) {
      if (fatal === undefined && !(e instanceof UserError)) fatalKind = 'internal';
      fatal ??= e instanceof Error ? e.message : String(e);
      abort.abort();
    }
  }

  try {
    await Promise.all(options.slots.map(slotLoop));
    if (!abort.signal.aborted) {
      phase = 'robustness';
      queue.push(...robustnessJobs());
      if (queue.length > 0) emit({ type: 'log', level: 'info', message: retestMessage(queue) });
      await Promise.all(options.slots.map(slotLoop));
    }
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }

  const final = summary();
  await store.writeSummary(final);
  const status: StudyStatus = fatal ? 'failed' : options.signal.aborted ? 'stopped' : 'finished';
  await store.writeReport(renderReport(final, records, resolved));
  emit({ type: 'finished', status, summary: final, ...(fatal ? { error: fatal } : {}) });
  return { status, summary: final, studyDir: options.studyDir, reportPath: store.reportPath, ...(fatal ? { error: fatal, errorKind: fatalKind } : {}) };
}
