// SCOOT: Open Study Folder — reveals .scoot/<study>/ and opens its report (or summary).

import { join } from 'node:path';
import type { Services } from '../services.js';
import { pickConfig, readConfigAndStudy, shown } from './shared.js';

export function openStudyFolder(s: Services) {
  return async (args?: { configPath?: string }): Promise<void> => {
    const configPath = args?.configPath ?? s.session.configPath ?? (await pickConfig(s, 'Open the study folder of which configuration?'));
    if (!configPath) return;
    const read = await readConfigAndStudy(s, configPath);
    if (!read) return;
    const dir = read.study.dir;
    if (!(await s.workspace.exists(dir))) {
      await s.ui.info(`Study "${read.name}" has no folder yet (${shown(s, dir)}): start tuning first.`);
      return;
    }
    await s.workspace.reveal(dir);
    for (const file of ['report.md', 'summary.json', 'observations.jsonl']) {
      const path = join(dir, file);
      if (await s.workspace.exists(path)) {
        await s.workspace.open(path);
        return;
      }
    }
  };
}
