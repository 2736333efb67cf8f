// scoot apply: write a study's chosen (or a given) trial's flags into the launch file, in place: only
// tuned flags change, the file's quoting, flag style, comments and line continuations stay. Prints a
// unified diff of the change; --dry-run prints it without writing.

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { getPreset } from '../../engines/registry.js';
import { PresetError } from '../../engines/preset.js';
import { describeChange, patchLaunchText, PatchError } from '../../launch/patch.js';
import { applyEdits } from '../../launch/text-map.js';
import { unifiedDiff } from '../../launch/unified-diff.js';
import type { ConfigPoint, StudySummary } from '../../protocol/study.js';
import type { ScootConfig } from '../../study/config.js';
import { comparisonSummary, howChosen } from '../../study/comparison-text.js';
import { formatPercent } from '../../study/figures.js';
import { objectiveChanges } from '../../study/report.js';
import { StudyStore } from '../../study/store.js';
import { locateStudy, shown as shownPath } from '../study-location.js';
import { intOption, parse } from '../args.js';
import { CliError } from '../cli-error.js';

export const APPLY_HELP = `Usage: scoot apply [--study DIR | -c FILE] [--trial N] [--file LAUNCH] [--dry-run]

Writes the study's chosen configuration (for several objectives, the max-hypervolume point of the
Pareto set), or trial N's, into the engine command of the launch file: a shell script, Dockerfile,
docker-compose or Kubernetes YAML. Only tuned flags change; quoting, flag style, comments and line
continuations are kept. Prints a unified diff.

Options:
      --study DIR     the study folder (default: that of ./scoot.config.json, else the most
                      recent study under ./.scoot/)
  -c, --config FILE   the study of this config file
      --trial N       apply trial N instead of the chosen configuration
      --file LAUNCH   the launch file to write (default: the study's engine.launchFile)
      --dry-run       print the diff, write nothing
  -h, --help          this help`;

function chooseTrial(summary: StudySummary, trial: number | undefined, records: readonly { trial: number; status: string; reason?: string; params: ConfigPoint['params']; metrics?: ConfigPoint['metrics'] }[]): ConfigPoint {
  if (trial === undefined) {
    if (!summary.best) throw new CliError('the study has no feasible configuration that meets the SLOs yet: nothing to apply');
    return summary.best;
  }
  const record = records.find((r) => r.trial === trial);
  if (!record) throw new CliError(`--trial ${trial}: no such trial in this study (trials 0-${Math.max(0, ...records.map((r) => r.trial))})`);
  if (record.status !== 'ok') throw new CliError(`--trial ${trial} was ${record.status}${record.reason ? ` (${record.reason})` : ''}: pick a feasible trial`);
  return { trial: record.trial, params: record.params, metrics: record.metrics ?? {} };
}

export async function applyCommand(argv: readonly string[]): Promise<number> {
  const { values } = parse(argv, {
    study: { type: 'string' },
    config: { type: 'string', short: 'c' },
    trial: { type: 'string' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${APPLY_HELP}\n`);
    return 0;
  }
  const trial = intOption(values.trial, 'trial', 0);
  const { studyDir, configDir, picked } = await locateStudy(values);
  if (!existsSync(join(studyDir, 'summary.json'))) throw new CliError(`${studyDir}: no study here yet (run \`scoot tune\` first)`);
  const store = await StudyStore.open(studyDir);
  const summary = await store.readSummary();
  const config: ScootConfig | undefined = await store.readConfig();
  if (!summary || !config) throw new CliError(`${studyDir}: no study here yet (run \`scoot tune\` first)`);
  const { records } = await store.readObservations();
  const point = chooseTrial(summary, trial, records);

  const launchFile = values.file ? resolve(values.file) : config.engine.launchFile ? (isAbsolute(config.engine.launchFile) ? config.engine.launchFile : join(configDir, config.engine.launchFile)) : undefined;
  if (!launchFile) throw new CliError(`${shownPath(studyDir)} has no launch file to write to: pass --file serve.sh, or set engine.launchFile in scoot.config.json`);
  let text: string;
  try {
    text = await readFile(launchFile, 'utf8');
  } catch {
    throw new CliError(`${launchFile}: cannot read the launch file`);
  }
  const shown = relative(process.cwd(), launchFile) || launchFile;
  let result: ReturnType<typeof patchLaunchText>;
  try {
    const preset = getPreset(config.engine.type, config.engine.version);
    result = patchLaunchText(text, launchFile, preset, point.params, { filesDir: '.' });
  } catch (e) {
    if (e instanceof PatchError || e instanceof PresetError) throw new CliError(e.message.replace(launchFile, shown));
    throw e;
  }

  const out: string[] = picked ? [`${picked[0].toUpperCase()}${picked.slice(1)}`] : [];
  const how = trial !== undefined ? `trial ${point.trial}` : `trial ${point.trial} (${howChosen(summary)})`;
  out.push(`${how} → ${shown} (${result.site.engine} command, ${result.site.where})`);
  if (trial === undefined && summary.comparison) {
    if (summary.comparison.chosenTrial !== summary.comparison.defaultTrial) out.push(`  vs default: ${comparisonSummary(summary.comparison)}`);
  } else if (trial === undefined && summary.default && summary.default.trial !== point.trial) {
    // A study from before comparisons were recorded: its tuning runs, labelled as such.
    const changes = objectiveChanges(summary.objectives, point.metrics, summary.default.metrics);
    if (changes.length) out.push(`  vs default: ${changes.map((c) => `${c.metric} ${formatPercent(c.percent)}`).join(', ')} (single run)`);
  }
  for (const c of result.changes) out.push(`  ${describeChange(c)}`);
  if (result.unchanged.length) out.push(`  (${result.unchanged.length} tuned flag${result.unchanged.length > 1 ? 's' : ''} already as wanted)`);
  const patched = applyEdits(text, result.edits);
  const files = result.files.map((f) => ({ path: join(dirname(launchFile), f.path), content: f.content }));
  if (patched === text && files.length === 0) {
    out.push(`${shown} already carries this configuration`);
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  }
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(unifiedDiff(text, patched, { a: shown, b: `${shown} (trial ${point.trial})` }));
  for (const f of files) process.stdout.write(`${values['dry-run'] ? 'would write' : 'writes'} ${relative(process.cwd(), f.path)}:\n${f.content}`);
  if (values['dry-run']) {
    process.stdout.write('dry run: nothing written\n');
    return 0;
  }
  await writeFile(launchFile, patched);
  for (const f of files) await writeFile(f.path, f.content);
  process.stdout.write(`wrote ${shown}${files.length ? ` and ${files.map((f) => relative(process.cwd(), f.path)).join(', ')}` : ''}\n`);
  return 0;
}
