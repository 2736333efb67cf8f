// SCOOT: Start Tuning — also the "Tune with SCOOT" code lens (with the launch command it sits on).

import type { Services } from '../services.js';
import { configForLaunch, createConfigFlow, type LaunchTarget } from './create-config.js';
import { COMMANDS } from './ids.js';
import { launchStudy, type Launched } from './launch-study.js';
import { ensureTrusted, pickConfig, shown } from './shared.js';

export interface StartArgs extends Partial<LaunchTarget> {
  configPath?: string;
}

/** Resolves when the study has started (or did not), with a handle on its end. */
export function startTuning(s: Services) {
  return async (args?: StartArgs): Promise<Launched | undefined> => {
    if (!(await ensureTrusted(s))) return undefined;
    if (s.session.active) {
      const action = await s.ui.info('A SCOOT study is already running in this window.', 'Show Panel', 'Stop Tuning');
      if (action === 'Show Panel') s.panel.show(false);
      if (action === 'Stop Tuning') await s.workspace.execute(COMMANDS.stopTuning);
      return undefined;
    }
    // A new config is opened for review first; tuning starts when the user says so.
    const reviewed = async (path: string | undefined): Promise<string | undefined> => {
      if (!path) return undefined;
      await s.workspace.open(path);
      const action = await s.ui.info(`Created ${shown(s, path)}: check the objectives, SLOs, workload and budget, then start.`, 'Start Tuning');
      return action === 'Start Tuning' ? path : undefined;
    };
    let configPath = args?.configPath;
    if (!configPath && args?.launchFile) {
      const made = await configForLaunch(s, { launchFile: args.launchFile, ...(args.site !== undefined ? { site: args.site } : {}) });
      configPath = made?.created ? await reviewed(made.path) : made?.path;
      if (!configPath) return undefined;
    }
    configPath ??= await pickConfig(s, 'Tune which configuration?', async () => reviewed(await createConfigFlow(s)));
    if (!configPath) return undefined;
    return launchStudy(s, configPath, false);
  };
}
