// SCOOT: Resume Tuning — continues a study from its observations (nothing evaluated runs twice).

import type { Services } from '../services.js';
import { launchStudy, type Launched } from './launch-study.js';
import { ensureTrusted, pickConfig } from './shared.js';

export function resumeTuning(s: Services) {
  return async (args?: { configPath?: string }): Promise<Launched | undefined> => {
    if (!(await ensureTrusted(s))) return undefined;
    if (s.session.active) {
      await s.ui.info('A SCOOT study is already running in this window.');
      return undefined;
    }
    const configPath = args?.configPath ?? s.session.configPath ?? (await pickConfig(s, 'Resume which study?'));
    if (!configPath) return undefined;
    return launchStudy(s, configPath, true);
  };
}
