// Every command id, in one place (package.json's contributes.commands lists the same ids).
export const COMMANDS = {
  startTuning: 'scoot.startTuning',
  stopTuning: 'scoot.stopTuning',
  resumeTuning: 'scoot.resumeTuning',
  showPanel: 'scoot.showPanel',
  applyBest: 'scoot.applyBest',
  createConfig: 'scoot.createConfig',
  openStudyFolder: 'scoot.openStudyFolder',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The context key that says a study runs in this window (menus' `when` clauses). */
export const RUNNING_CONTEXT_KEY = 'scoot.studyRunning';
