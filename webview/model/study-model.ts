// The panel's copy of the study: the last snapshot plus every update applied to it. Plain data, no
// DOM: the app applies host messages here, then tells the views what changed.
import type { RunningTrial, StudySnapshot, StudyStatus, StudySummary, TrialRecord } from '../../src/protocol/study.js';

export type TrialChange = { kind: 'added'; index: number } | { kind: 'replaced'; index: number };

export class StudyModel {
  private current: StudySnapshot;
  private indexByTrial = new Map<number, number>();
  /** Epoch ms when the elapsed time was last reported, so the header can count on between reports. */
  private elapsedAt = 0;
  /** Bumped by every change of the trials, so derived values know when they are stale. */
  version = 0;

  constructor(snapshot: StudySnapshot, now: number) {
    this.current = snapshot;
    this.reset(snapshot, now);
  }

  get snapshot(): StudySnapshot {
    return this.current;
  }

  get trials(): readonly TrialRecord[] {
    return this.current.trials;
  }

  reset(snapshot: StudySnapshot, now: number): void {
    this.current = { ...snapshot, trials: [...snapshot.trials], running: [...snapshot.running] };
    this.indexByTrial = new Map(this.current.trials.map((t, i) => [t.trial, i]));
    this.version++;
    this.elapsedAt = now;
  }

  /** A finished trial. A trial number seen before (the host re-sends after a resume) replaces the old record. */
  addTrial(trial: TrialRecord, summary: StudySummary | undefined): TrialChange {
    this.version++;
    if (summary) this.current.summary = summary;
    this.current.running = this.current.running.filter((r) => r.trial !== trial.trial);
    const existing = this.indexByTrial.get(trial.trial);
    if (existing !== undefined) {
      this.current.trials[existing] = trial;
      return { kind: 'replaced', index: existing };
    }
    this.current.trials.push(trial);
    const index = this.current.trials.length - 1;
    this.indexByTrial.set(trial.trial, index);
    return { kind: 'added', index };
  }

  setRunning(running: RunningTrial[]): void {
    this.current.running = [...running];
  }

  setStatus(status: StudyStatus, elapsedSeconds: number, etaSeconds: number | undefined, error: string | undefined, now: number): void {
    this.current.status = status;
    this.current.elapsedSeconds = elapsedSeconds;
    this.current.etaSeconds = etaSeconds;
    this.current.error = error;
    this.elapsedAt = now;
  }

  trialByNumber(trial: number): TrialRecord | undefined {
    const i = this.indexByTrial.get(trial);
    return i === undefined ? undefined : this.current.trials[i];
  }

  /** Elapsed seconds now: the last report plus the time since, while the study is live. */
  elapsedNow(now: number): number {
    const live = this.current.status === 'running' || this.current.status === 'starting' || this.current.status === 'stopping';
    return this.current.elapsedSeconds + (live ? Math.max(0, now - this.elapsedAt) / 1000 : 0);
  }

  /** ETA counted down since the last report, never below zero. */
  etaNow(now: number): number | undefined {
    const eta = this.current.etaSeconds;
    if (eta === undefined) return undefined;
    const live = this.current.status === 'running' || this.current.status === 'starting';
    return Math.max(0, eta - (live ? Math.max(0, now - this.elapsedAt) / 1000 : 0));
  }

  /** Evaluations that count against the budget (robustness re-tests are extra). */
  get evaluatedCount(): number {
    return this.current.trials.filter((t) => t.source !== 'robustness').length;
  }
}
