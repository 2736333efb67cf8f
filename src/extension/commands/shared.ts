// Steps several commands share: the workspace-trust gate, picking a config, reading a study.

import { relative } from 'node:path';
import { chooseConfig } from '../config/discovery.js';
import { parseConfigSketch, readStudy, studyDirFor, studyNameFor, type StudyOnDisk } from '../config/study-files.js';
import type { Services } from '../services.js';

export const TRUST_MESSAGE =
  'SCOOT does not start engines in an untrusted workspace: scoot.config.json and launch scripts can run any program. Trust this workspace to tune.';

/** In an untrusted workspace nothing is launched; says why and offers to manage trust. */
export async function ensureTrusted(s: Services): Promise<boolean> {
  if (s.workspace.isTrusted()) return true;
  s.log.warn('refused to start a study: the workspace is not trusted');
  const action = await s.ui.error(TRUST_MESSAGE, 'Manage Workspace Trust');
  if (action === 'Manage Workspace Trust') await s.workspace.execute('workbench.trust.manage');
  return false;
}

export function shown(s: Services, path: string): string {
  const root = s.workspace.root();
  return root ? relative(root, path) || path : path;
}

/**
 * The config a command is about: the only one, or a pick (the active file's nearest first). With none,
 * `create` offers to create one.
 */
export async function pickConfig(s: Services, title: string, create?: () => Promise<string | undefined>): Promise<string | undefined> {
  const choice = chooseConfig(await s.workspace.findConfigs(), s.workspace.activeFile()?.path);
  if (choice.kind === 'one') return choice.path;
  if (choice.kind === 'many') return s.ui.pick(choice.paths.map((p) => ({ label: shown(s, p), value: p })), title);
  if (!create) {
    await s.ui.info('There is no scoot.config.json in this workspace.');
    return undefined;
  }
  const action = await s.ui.info('There is no scoot.config.json in this workspace yet. Create one?', 'Create scoot.config.json');
  return action ? create() : undefined;
}

export interface ConfigAndStudy {
  configPath: string;
  text: string;
  name: string;
  study: StudyOnDisk;
}

export async function readConfigAndStudy(s: Services, configPath: string): Promise<ConfigAndStudy | undefined> {
  const text = await s.workspace.readText(configPath);
  const sketch = text === undefined ? undefined : parseConfigSketch(text);
  if (text === undefined || !sketch) {
    await s.ui.error(`${shown(s, configPath)} cannot be read as JSON.`);
    return undefined;
  }
  return { configPath, text, name: studyNameFor(sketch, configPath), study: await readStudy(studyDirFor(sketch, configPath)) };
}
