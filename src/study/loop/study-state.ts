// What a run of the loop knows and every part reads: the records so far, the time spent (carried on
// from a previous run when resuming), the convergence decision and the current recommendation, and
// from them summary.json. One object, so no part keeps a copy that could fall behind.

import { mean } from '../../core/stats.js';
import type { ConvergenceInfo, StudySummary, TrialRecord } from '../../protocol/study.js';
import { isTuningTrial } from '../../protocol/trial-standing.js';
import type { ResolvedStudy } from '../resolve.js';
import { summarize } from '../summary.js';
import type { RecommendationTracker } from './recommendation-tracker.js';

export class StudyState {
  readonly records: TrialRecord[];
  readonly startedAt = Date.now();
  suggestSeconds: number;
  converged: ConvergenceInfo | undefined;
  recommendation: RecommendationTracker | undefined;
  /** Wall seconds of each trial of this run, for the ETA. */
  private readonly durations: number[] = [];
  private next: number;

  constructor(
    private readonly resolved: ResolvedStudy,
    records: readonly TrialRecord[],
    /** Wall and suggestion seconds of earlier runs of a resumed study. */
    private readonly prior: { wallSeconds: number; suggestSeconds: number },
  ) {
    this.records = [...records];
    this.suggestSeconds = prior.suggestSeconds;
    this.next = records.reduce((m, r) => Math.max(m, r.trial + 1), 0);
  }

  get engineLabel(): string {
    return `${this.resolved.preset.type} ${this.resolved.preset.version}`;
  }

  get priorWallSeconds(): number {
    return this.prior.wallSeconds;
  }

  /**
   * A number for a trial about to start: one past the highest recorded or handed out. A trial that is
   * cancelled is never recorded, so its number stays unused in this run; a resumed run starts one past
   * the highest recorded and may hand that number out again (its log, logs/N.log, is appended to).
   */
  takeTrialNumber(): number {
    return this.next++;
  }

  tuningCount(): number {
    return this.records.filter(isTuningTrial).length;
  }

  add(record: TrialRecord, seconds: number): void {
    this.records.push(record);
    this.durations.push(seconds);
  }

  summary(): StudySummary {
    const r = this.resolved;
    const recommendation = this.recommendation?.current;
    return summarize({
      study: r.name,
      engine: this.engineLabel,
      objectives: r.objectives,
      ...(Object.keys(r.slo).length ? { slo: r.slo } : {}),
      budget: r.budget,
      records: this.records,
      wallSeconds: this.prior.wallSeconds + (Date.now() - this.startedAt) / 1000,
      suggestSeconds: this.suggestSeconds,
      ...(this.converged ? { converged: this.converged } : {}),
      ...(recommendation ? { recommendation } : {}),
    });
  }

  /** Seconds left for `remaining` trials on `slots` slots at this run's mean trial time; undefined before the first trial ends. */
  etaSeconds(remaining: number, slots: number): number | undefined {
    if (this.durations.length === 0) return undefined;
    return Math.ceil(remaining / slots) * mean(this.durations);
  }
}
