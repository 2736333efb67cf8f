// The tuning loop (docs/ARCHITECTURE.md §1 method, §6 trial lifecycle): default first, then the suggester's Sobol design and BO, one
// trial per free slot, each observation appended the moment it ends; then robustness re-tests of the
// chosen configuration(s) with other arrival orders. Resumable at any point from observations.jsonl.
//
// The parts, each in study/loop/ and tested alone: opening the folder (resume repair, parameters.json),
// the shared state (records, time, summary), job supply (serialised), tuning jobs (default, suggestions,
// convergence), the record of a trial, the front a trial may be stopped early against, the
// recommendation tracker and the reason the loop stopped; robustness re-tests are retests.ts's. This
// file runs one trial and the slots.

import type { RunningTrial, StudyStatus, StudySummary } from '../protocol/study.js';
import { SETUP_FAILURES } from '../protocol/reasons.js';
import { UserError } from '../protocol/user-error.js';
import { EvaluationSetupError, type Evaluator, type Slot, type TrialOutcome } from '../runner/types.js';
import type { StudyEventListener } from './events.js';
import { checkOutcomeMetrics } from './metric-check.js';
import type { ResolvedStudy } from './resolve.js';
import { renderReport } from './report.js';
import { retestMessage, robustnessJobs } from './retests.js';
import { StudyStore } from './store.js';
import type { SuggestService } from './suggest-service.js';
import { earlyStopFront } from './loop/early-stop-front.js';
import type { Job } from './loop/job.js';
import { JobSupply } from './loop/job-supply.js';
import { openStudyFolder } from './loop/open-folder.js';
import { RecommendationTracker } from './loop/recommendation-tracker.js';
import { StudyState } from './loop/study-state.js';
import { Stop, type ErrorKind } from './loop/stop.js';
import { buildRecord } from './loop/trial-record.js';
import { tuningRefill } from './loop/tuning-jobs.js';

export { StudyError } from './loop/open-folder.js';

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
  errorKind?: ErrorKind;
}

export async function runStudy(options: RunStudyOptions): Promise<StudyOutcome> {
  const { resolved, evaluator } = options;
  const emit: StudyEventListener = (e) => options.onEvent?.(e);
  const store = await StudyStore.open(options.studyDir);
  const opened = await openStudyFolder(store, resolved, options.resume, emit);
  const state = new StudyState(resolved, opened.records, { wallSeconds: opened.previous?.wallSeconds ?? 0, suggestSeconds: opened.previous?.suggestSeconds ?? 0 });
  const recommendation = new RecommendationTracker(
    () => options.suggest.recommend({ definition: resolved.problem, objectives: resolved.objectives, records: [...state.records], seed: resolved.seed }),
    (message) => emit({ type: 'log', level: 'warn', message }),
  );
  state.recommendation = recommendation;

  const stop = new Stop();
  const onAbort = () => stop.abort.abort();
  options.signal.addEventListener('abort', onAbort);
  if (options.signal.aborted) stop.abort.abort();

  if (state.records.length > 0) await recommendation.refresh();
  emit({
    type: 'started',
    snapshot: {
      study: resolved.name,
      studyDir: options.studyDir,
      engine: state.engineLabel,
      status: 'running',
      objectives: resolved.objectives,
      slo: resolved.slo,
      parameters: opened.parameters,
      budget: resolved.budget,
      parallel: options.slots.length,
      trials: [...state.records],
      running: [],
      summary: state.summary(),
      startedAt: state.startedAt,
      elapsedSeconds: state.priorWallSeconds,
    },
  });

  const supply = new JobSupply(tuningRefill(resolved, state, options.suggest, emit), stop.abort.signal);
  const running = new Map<number, RunningTrial>();

  /** One trial: evaluate, check its metrics, record it, refresh the summary. */
  async function runJob(job: Job, slot: Slot): Promise<void> {
    const trial = state.takeTrialNumber();
    const started = new Date();
    const info: RunningTrial = { trial, params: job.params, source: job.source, slot: slot.id, phase: 'launching', startedAt: started.toISOString() };
    running.set(trial, info);
    emit({ type: 'trial-started', running: info });
    let outcome: TrialOutcome;
    try {
      const front = job.source === 'robustness' ? undefined : earlyStopFront(state.summary(), resolved.objectives, state.records);
      outcome = await evaluator.evaluate(
        { trial, params: job.params, source: job.source, ...(job.arrivalSeed !== undefined ? { arrivalSeed: job.arrivalSeed } : {}), ...(front ? { front } : {}) },
        slot,
        store.logPath(trial),
        stop.abort.signal,
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
      if (e instanceof EvaluationSetupError) return stop.because(e.message);
      throw e;
    }
    running.delete(trial);
    if (outcome.reasonCode === 'cancelled') return;
    const checked = checkOutcomeMetrics(outcome, job.source === 'default', resolved.objectives, resolved.slo);
    if (checked.setupError) return stop.because(checked.setupError);
    outcome = checked.outcome;
    const ended = new Date();
    const record = buildRecord(job, outcome, { trial, slot: slot.id, startedAt: started, endedAt: ended });
    await store.append(record);
    state.add(record, (ended.getTime() - started.getTime()) / 1000);
    if (record.source !== 'robustness') await recommendation.refresh();
    // The engine rejecting its own defaults means the base command is wrong, not the configuration:
    // every other trial would fail the same way.
    if (job.source === 'default' && outcome.status !== 'ok' && outcome.reasonCode && SETUP_FAILURES.has(outcome.reasonCode)) {
      stop.because(`the engine rejected its default configuration (${outcome.reason ?? outcome.reasonCode}); check engine.command`);
    }
    const s = state.summary();
    await store.writeSummary(s);
    // Re-tests: the top configurations and the default.
    const remaining = supply.inRobustness ? supply.queued + running.size : resolved.budget - state.tuningCount() + resolved.robustnessRepeats * (resolved.robustnessTop + 1);
    const eta = state.etaSeconds(remaining, options.slots.length);
    emit({ type: 'trial-finished', record, summary: s, ...(eta !== undefined ? { etaSeconds: eta } : {}) });
  }

  /** Any failure of the loop itself stops every slot, so no engine is left running unattended. */
  async function slotLoop(slot: Slot): Promise<void> {
    try {
      for (;;) {
        const job = await supply.next();
        if (!job) return;
        try {
          if (!stop.abort.signal.aborted) await runJob(job, slot);
        } finally {
          supply.finished(job);
        }
        if (stop.abort.signal.aborted) return;
      }
    } catch (e) {
      stop.because(e instanceof Error ? e.message : String(e), e instanceof UserError ? 'setup' : 'internal');
    }
  }

  try {
    await Promise.all(options.slots.map(slotLoop));
    if (!stop.abort.signal.aborted) {
      const retests = robustnessJobs(resolved, state.summary(), state.records);
      supply.startRobustness(retests);
      if (retests.length > 0) emit({ type: 'log', level: 'info', message: retestMessage(retests) });
      await Promise.all(options.slots.map(slotLoop));
    }
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }

  const final = state.summary();
  await store.writeSummary(final);
  const failure = stop.reason;
  const status: StudyStatus = failure ? 'failed' : options.signal.aborted ? 'stopped' : 'finished';
  await store.writeReport(renderReport(final, state.records, resolved));
  emit({ type: 'finished', status, summary: final, ...(failure ? { error: failure.error } : {}) });
  return { status, summary: final, studyDir: options.studyDir, reportPath: store.reportPath, ...(failure ? { error: failure.error, errorKind: failure.kind } : {}) };
}
