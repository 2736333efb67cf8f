// The live picture of a running study, kept from its events: the panel gets a full snapshot when it
// (re)connects and incremental messages otherwise; the status bar reads the same state.

import type { HostToPanel } from '../../protocol/webview.js';
import type { RunningTrial, StudySnapshot } from '../../protocol/study.js';
import type { StudyEvent } from '../../study/events.js';

export class SnapshotState {
  snapshot: StudySnapshot | undefined;
  /** Wall time of the study before this run (resumed studies), and when this run started. */
  private priorSeconds = 0;
  private runStartedAt = 0;

  elapsedSeconds(now: number): number {
    return this.priorSeconds + (this.runStartedAt ? (now - this.runStartedAt) / 1000 : 0);
  }

  private running(): HostToPanel {
    return { type: 'running', running: [...(this.snapshot?.running ?? [])] };
  }

  /** Updates the state and returns what the panel must be told. */
  apply(event: StudyEvent, now: number): HostToPanel[] {
    if (event.type === 'started') {
      this.priorSeconds = event.snapshot.elapsedSeconds;
      this.runStartedAt = now;
      this.snapshot = { ...event.snapshot, startedAt: event.snapshot.startedAt ?? now, trials: [...event.snapshot.trials], running: [...event.snapshot.running] };
      return [{ type: 'snapshot', snapshot: this.snapshot }];
    }
    const s = this.snapshot;
    if (!s) return [];
    switch (event.type) {
      case 'trial-started':
        s.running = [...s.running.filter((r) => r.trial !== event.running.trial), event.running];
        return [this.running()];
      case 'trial-phase':
        s.running = s.running.map((r): RunningTrial => (r.trial === event.trial ? { ...r, phase: event.phase } : r));
        return [this.running()];
      case 'trial-finished': {
        s.trials = [...s.trials, event.record];
        s.running = s.running.filter((r) => r.trial !== event.record.trial);
        s.summary = event.summary;
        s.etaSeconds = event.etaSeconds;
        s.elapsedSeconds = this.elapsedSeconds(now);
        return [
          { type: 'trial', trial: event.record, summary: event.summary },
          this.running(),
          { type: 'status', status: s.status, elapsedSeconds: s.elapsedSeconds, ...(event.etaSeconds !== undefined ? { etaSeconds: event.etaSeconds } : {}) },
        ];
      }
      case 'finished':
        s.status = event.status;
        s.summary = event.summary;
        s.running = [];
        s.etaSeconds = undefined;
        s.elapsedSeconds = this.elapsedSeconds(now);
        if (event.error) s.error = event.error;
        return [this.running(), { type: 'status', status: s.status, elapsedSeconds: s.elapsedSeconds, ...(event.error ? { error: event.error } : {}) }];
      default:
        return [];
    }
  }

  /** A stop was asked for: the panel shows "stopping" until the engines are down. */
  stopping(now: number): HostToPanel[] {
    const s = this.snapshot;
    if (!s || s.status !== 'running') return [];
    s.status = 'stopping';
    return [{ type: 'status', status: 'stopping', elapsedSeconds: this.elapsedSeconds(now) }];
  }
}
