// What a running study reports, in order. The CLI renders these as a progress bar or JSON lines; the
// worker forwards them to the extension, which drives the status bar, the terminal and the panel.

import type { RunningTrial, StudySnapshot, StudyStatus, StudySummary, TrialPhase, TrialRecord } from '../protocol/study.js';

export type LogLevel = 'info' | 'warn' | 'error';

export type StudyEvent =
  | { type: 'started'; snapshot: StudySnapshot }
  | { type: 'trial-started'; running: RunningTrial }
  | { type: 'trial-phase'; trial: number; phase: TrialPhase }
  | { type: 'engine-output'; trial: number; chunk: string }
  | { type: 'trial-finished'; record: TrialRecord; summary: StudySummary; etaSeconds?: number }
  | { type: 'log'; level: LogLevel; message: string }
  | { type: 'finished'; status: StudyStatus; summary: StudySummary; error?: string };

export type StudyEventListener = (event: StudyEvent) => void;
