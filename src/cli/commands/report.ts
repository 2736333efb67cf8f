// scoot report: the Markdown report of a study, from its store.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StudyStore } from '../../study/store.js';
import { renderReport } from '../../study/report.js';
import { loadConfigFile } from '../../study/load-config.js';
import { studyNameOf } from '../../study/resolve.js';
import { defaultStudyDir } from '../../study/start-study.js';
import { CONFIG_FILE_NAME } from '../../study/config.js';
import { parse } from '../args.js';
import { CliError } from '../cli-error.js';

export const REPORT_HELP = `Usage: scoot report [--study DIR | -c FILE] [--json]

Prints the study's report as Markdown (best configuration, change against the default, Pareto set,
robustness worst cases, infeasible trials and their reasons); --json prints summary.json.`;

export async function resolveStudyDir(values: { study?: string; config?: string }): Promise<string> {
  if (values.study) return resolve(values.study);
  const configPath = resolve(values.config ?? CONFIG_FILE_NAME);
  if (!existsSync(configPath)) throw new CliError(`no ${CONFIG_FILE_NAME} here: pass --study DIR or -c FILE`);
  const { config } = await loadConfigFile(configPath);
  return defaultStudyDir(configPath, studyNameOf(config, configPath));
}

export async function reportCommand(argv: readonly string[]): Promise<number> {
  const { values } = parse(argv, { study: { type: 'string' }, config: { type: 'string', short: 'c' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${REPORT_HELP}\n`);
    return 0;
  }
  const dir = await resolveStudyDir(values);
  const store = await StudyStore.open(dir);
  const summary = await store.readSummary();
  const config = await store.readConfig();
  if (!summary || !config) throw new CliError(`${dir}: no study here yet (run \`scoot tune\` first)`);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  const { records } = await store.readObservations();
  process.stdout.write(renderReport(summary, records, { name: summary.study, objectives: summary.objectives }));
  return 0;
}
