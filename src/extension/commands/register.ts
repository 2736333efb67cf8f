// All commands registered in one function (one file per command; ids in ids.ts).

import type { Services } from '../services.js';
import { applyBest } from './apply-best.js';
import { createConfig } from './create-config.js';
import { COMMANDS, type CommandId } from './ids.js';
import { openStudyFolder } from './open-study-folder.js';
import { resumeTuning } from './resume-tuning.js';
import { showPanel } from './show-panel.js';
import { startTuning } from './start-tuning.js';
import { stopTuning } from './stop-tuning.js';

export type Handler = (...args: never[]) => Promise<unknown>;

export function commandHandlers(s: Services): Record<CommandId, Handler> {
  return {
    [COMMANDS.startTuning]: startTuning(s),
    [COMMANDS.stopTuning]: stopTuning(s),
    [COMMANDS.resumeTuning]: resumeTuning(s),
    [COMMANDS.showPanel]: showPanel(s),
    [COMMANDS.applyBest]: applyBest(s),
    [COMMANDS.createConfig]: createConfig(s),
    [COMMANDS.openStudyFolder]: openStudyFolder(s),
  };
}

/** `register` is vscode.commands.registerCommand; every registration is returned for context.subscriptions. */
export function registerCommands<D>(s: Services, register: (id: string, handler: (...args: unknown[]) => unknown) => D): D[] {
  return Object.entries(commandHandlers(s)).map(([id, handler]) => register(id, (...args: unknown[]) => (handler as (...a: unknown[]) => Promise<unknown>)(...args)));
}
