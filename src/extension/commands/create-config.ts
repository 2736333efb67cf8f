// SCOOT: Create scoot.config.json — from the launch command in the active editor (or the one a code
// lens names), else from a pick of engines. Also the "reuse or create" step of "Tune with SCOOT".

import { dirname, join, relative, sep } from 'node:path';
import { findLaunchSites } from '../../launch/launch-sites.js';
import type { LaunchSite } from '../../launch/site.js';
import { CONFIG_FILE_NAME } from '../../study/config.js';
import { configForEngine, configForSite, configText, ENGINE_CHOICES, pointConfigAt } from '../config/new-config.js';
import { launchFileOf, parseConfigSketch } from '../config/study-files.js';
import type { Services } from '../services.js';
import { COMMANDS } from './ids.js';
import { shown } from './shared.js';

export interface LaunchTarget {
  launchFile: string;
  site?: number;
}

/** The command under the cursor (or the first) in the active editor, if it is a launch file. */
function activeLaunchTarget(s: Services): { target: LaunchTarget; text: string } | undefined {
  const active = s.workspace.activeFile();
  if (!active) return undefined;
  const sites = findLaunchSites(active.text, active.path);
  if (sites.length === 0) return undefined;
  const under = sites.findIndex((x) => active.offset >= x.start && active.offset <= x.end);
  return { target: { launchFile: active.path, site: under >= 0 ? under : 0 }, text: active.text };
}

/** The bundled trace next to the config (traces/chat.jsonl), unless one is there already. */
async function ensureTrace(s: Services, configDir: string): Promise<string> {
  const target = join(configDir, 'traces', 'chat.jsonl');
  if (!(await s.workspace.exists(target))) await s.workspace.copyFile(s.bundledTrace, target);
  return 'traces/chat.jsonl';
}

/** Where a config for a launch file goes: next to it when inside the workspace, else at the root. */
function configPathFor(s: Services, launchFile: string): string | undefined {
  const root = s.workspace.root();
  if (!root) return undefined;
  const dir = dirname(launchFile);
  const inside = dir === root || dir.startsWith(root + sep);
  return join(inside ? dir : root, CONFIG_FILE_NAME);
}

/** Configs whose engine.launchFile is this file. */
export async function configsReferencing(s: Services, launchFile: string): Promise<string[]> {
  const out: string[] = [];
  for (const path of await s.workspace.findConfigs()) {
    const text = await s.workspace.readText(path);
    const sketch = text === undefined ? undefined : parseConfigSketch(text);
    if (sketch && launchFileOf(sketch, path) === launchFile) out.push(path);
  }
  return out;
}

/**
 * A config for one launch command: an existing config that tunes this file, else a new one next to it
 * (or, when a config for another file is there, that config pointed at this command, if the user agrees).
 * Returns the config path and whether it was just written.
 */
export async function configForLaunch(s: Services, target: LaunchTarget): Promise<{ path: string; created: boolean } | undefined> {
  const existing = await configsReferencing(s, target.launchFile);
  if (existing.length === 1) return { path: existing[0], created: false };
  if (existing.length > 1) {
    const path = await s.ui.pick(existing.map((p) => ({ label: shown(s, p), value: p })), 'Several configs tune this file: which one?');
    return path ? { path, created: false } : undefined;
  }
  const text = await s.workspace.readText(target.launchFile);
  const site: LaunchSite | undefined = text === undefined ? undefined : findLaunchSites(text, target.launchFile)[target.site ?? 0];
  if (!site) {
    await s.ui.error(`No engine launch command found in ${shown(s, target.launchFile)} (vllm serve, python -m sglang.launch_server, trtllm-serve, llama-server).`);
    return undefined;
  }
  const configPath = configPathFor(s, target.launchFile);
  if (!configPath) {
    await s.ui.error('Open a folder first: scoot.config.json lives in the workspace.');
    return undefined;
  }
  const rel = relative(dirname(configPath), target.launchFile).split(sep).join('/');
  if (await s.workspace.exists(configPath)) {
    const current = await s.workspace.readText(configPath);
    const action = await s.ui.warn(`${shown(s, configPath)} already tunes another command. Point it at the ${site.engine} command of ${rel}?`, 'Update Config');
    if (action !== 'Update Config' || current === undefined) return undefined;
    await s.workspace.replaceText(configPath, pointConfigAt(current, site, rel));
    return { path: configPath, created: true };
  }
  const trace = await ensureTrace(s, dirname(configPath));
  await s.workspace.createFile(configPath, configText(configForSite(site, rel, trace)));
  s.log.info(`created ${configPath} for the ${site.engine} command in ${target.launchFile} (${site.where})`);
  return { path: configPath, created: true };
}

/** A config for an engine picked from a list, at the workspace root. */
async function configFromPick(s: Services): Promise<string | undefined> {
  const root = s.workspace.root();
  if (!root) {
    await s.ui.error('Open a folder first: scoot.config.json lives in the workspace.');
    return undefined;
  }
  const configPath = join(root, CONFIG_FILE_NAME);
  if (await s.workspace.exists(configPath)) {
    await s.workspace.open(configPath);
    await s.ui.info(`${shown(s, configPath)} already exists.`);
    return configPath;
  }
  const type = await s.ui.pick(ENGINE_CHOICES.map((e) => ({ label: e.label, detail: e.detail, value: e.type })), 'Which engine do you want to tune?');
  if (!type) return undefined;
  const trace = await ensureTrace(s, root);
  await s.workspace.createFile(configPath, configText(configForEngine(type, trace)));
  s.log.info(`created ${configPath} for ${type}`);
  return configPath;
}

/** Creates a config (from `target`, the active launch file, or a pick) and opens it; returns its path. */
export async function createConfigFlow(s: Services, target?: LaunchTarget): Promise<string | undefined> {
  const launch = target ?? activeLaunchTarget(s)?.target;
  const made = launch ? await configForLaunch(s, launch) : undefined;
  const path = launch ? made?.path : await configFromPick(s);
  if (path) await s.workspace.open(path);
  return path;
}

export function createConfig(s: Services) {
  return async (target?: LaunchTarget): Promise<void> => {
    const path = await createConfigFlow(s, target);
    if (!path) return;
    const action = await s.ui.info(`${shown(s, path)} is ready: check the objectives, SLOs, workload and budget, then start tuning.`, 'Start Tuning');
    if (action === 'Start Tuning') await s.workspace.execute(COMMANDS.startTuning, { configPath: path });
  };
}
