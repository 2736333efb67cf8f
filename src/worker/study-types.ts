// Re-exports of the study types the worker protocol carries, so the extension imports types only.
export type { StudyOutcome } from '../study/run-study.js';
export type { StudyOverrides } from '../study/start-study.js';
