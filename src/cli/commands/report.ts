// scoot report: the Markdown report of a study, from its store.

import { StudyStore } from '../../study/store.js';
import { renderReport } from '../../study/report.js';
import { parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { locateStudy } from '../study-location.js';

export const REPORT_HELP = `Usage: scoot report [--study DIR | -c FILE] [--json]

Prints a study's report as Markdown: the chosen configuration and its change against the
default, the Pareto set, robustness worst cases, infeasible trials and their reasons.

Options:
      --study DIR     the study folder (default: that of ./scoot.config.json, else the most
                      recent study under ./.scoot/)
  -c, --config FILE   the study of this config file
      --json          print summary.json instead
  -h, --help          this help`;

export async function reportCommand(argv: readonly string[]): Promise<number> {
  const { values } = parse(argv, { study: { type: 'string' }, config: { type: 'string', short: 'c' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${REPORT_HELP}\n`);
    return 0;
  }
  const { studyDir: dir, picked } = await locateStudy(values);
  const store = await StudyStore.open(dir);
  const summary = await store.readSummary();
  const config = await store.readConfig();
  if (!summary || !config) throw new CliError(`${dir}: no study here yet (run \`scoot tune\` first)`);
  // On stderr: stdout is the report alone (`scoot report > report.md`).
  if (picked) process.stderr.write(`scoot: ${picked}\n`);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  const { records } = await store.readObservations();
  process.stdout.write(renderReport(summary, records, { name: summary.study, objectives: summary.objectives }));
  return 0;
}
