// Messages between the extension host and the tuning panel (GitLens-style single protocol module).
// The panel sends `ready` once its script runs; the host answers with a full snapshot and then
// streams incremental updates.

import type { StudySnapshot, TrialRecord, RunningTrial, StudyStatus, StudySummary } from './study.js';

export type HostToPanel =
  | { type: 'snapshot'; snapshot: StudySnapshot }
  | { type: 'trial'; trial: TrialRecord; summary: StudySummary }
  | { type: 'running'; running: RunningTrial[] }
  | { type: 'status'; status: StudyStatus; elapsedSeconds: number; etaSeconds?: number; error?: string }
  | { type: 'empty'; message: string };

export type ExportFormat = 'csv' | 'json';

export type PanelToHost =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'apply'; trial: number }
  | { type: 'copyFlags'; trial: number }
  | { type: 'export'; format: ExportFormat; content: string; suggestedName: string };

/** State the panel keeps through getState/setState so a reload restores the view. */
export interface PanelViewState {
  snapshot?: StudySnapshot;
  tab?: string;
  sort?: { column: string; descending: boolean };
  parameterView?: 'small-multiples' | 'parallel-coordinates';
  /** The objective the parameter view plots (metric name); the first objective when absent. */
  parameterObjective?: string;
}
