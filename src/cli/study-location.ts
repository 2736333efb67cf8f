// Which study `scoot report` and `scoot apply` read: --study DIR, the study of -c FILE, or with neither
// the study of ./scoot.config.json when it has one, else the most recently updated study under
// ./.scoot/ (the extension's panel follows the same rule over its configs). The command says which
// before its output, so that nobody reads (or applies) the wrong study's figures unawares.

import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../study/config.js';
import { loadConfigFile } from '../study/load-config.js';
import { studyNameOf } from '../study/resolve.js';
import { defaultStudyDir } from '../study/start-study.js';
import { mostRecentStudy, STUDIES_FOLDER, studiesIn } from '../study/study-folders.js';
import { CliError } from './cli-error.js';

export interface StudyLocation {
  studyDir: string;
  /** Where engine.launchFile is relative to: the folder holding .scoot/. */
  configDir: string;
  /** When no study was named: which one this is and why, for the command to say before its output. */
  picked?: string;
}

export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export async function locateStudy(values: { study?: string; config?: string }): Promise<StudyLocation> {
  if (values.study) {
    const studyDir = resolve(values.study);
    const parent = dirname(studyDir);
    return { studyDir, configDir: basename(parent) === STUDIES_FOLDER ? dirname(parent) : process.cwd() };
  }
  if (values.config) {
    const configPath = resolve(values.config);
    if (!existsSync(configPath)) throw new CliError(`${values.config}: file not found`);
    const { config } = await loadConfigFile(configPath);
    return { studyDir: defaultStudyDir(configPath, studyNameOf(config, configPath)), configDir: dirname(configPath) };
  }
  const root = process.cwd();
  // This folder's own config first: its study is the one `scoot tune` here wrote (apply writes files).
  const configPath = resolve(CONFIG_FILE_NAME);
  if (existsSync(configPath)) {
    const { config } = await loadConfigFile(configPath);
    const own = await mostRecentStudy([defaultStudyDir(configPath, studyNameOf(config, configPath))]);
    if (own) {
      return { studyDir: own.dir, configDir: root, picked: `using the study of ${CONFIG_FILE_NAME}, ${shown(own.dir)} (last trial ${new Date(own.updatedMs).toLocaleString()}; --study DIR picks another)` };
    }
  }
  const studies = await studiesIn(root);
  const latest = studies[0];
  if (!latest) {
    if (existsSync(configPath)) throw new CliError(`no study under ${STUDIES_FOLDER}/ yet for ${CONFIG_FILE_NAME}: run \`scoot tune\` first`);
    throw new CliError(`no study under ./${STUDIES_FOLDER}/ and no ${CONFIG_FILE_NAME} here: run \`scoot tune\` (or \`scoot tune --demo\`) first, or pass --study DIR`);
  }
  const others = studies.length - 1;
  const when = new Date(latest.updatedMs).toLocaleString();
  const rest = others ? `; ${others} other${others > 1 ? 's' : ''} in ${STUDIES_FOLDER}/: ${studies.slice(1, 4).map((s) => s.name).join(', ')}${others > 3 ? ', …' : ''} (--study DIR picks one)` : '';
  return { studyDir: latest.dir, configDir: root, picked: `using the most recent study, ${shown(latest.dir)} (last trial ${when})${rest}` };
}
