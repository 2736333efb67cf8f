// SCOOT: Apply Best Configuration — also the "Apply best" code lens and the panel's per-trial Apply.
// Writes the chosen configuration into the launch file as one undoable edit; for several objectives the
// user picks a point of the Pareto set (the max-hypervolume point first).

import { dirname, join } from 'node:path';
import { getPreset } from '../../engines/registry.js';
import { PresetError } from '../../engines/preset.js';
import { describeChange, PatchError } from '../../launch/patch.js';
import type { ConfigPoint } from '../../protocol/study.js';
import { ApplyError, flagsLine, needsPick, paretoChoices, planApply, pointOfTrial } from '../apply/apply-plan.js';
import { launchFileOf, parseConfigSketch } from '../config/study-files.js';
import type { Services } from '../services.js';
import { COMMANDS } from './ids.js';
import { pickConfig, readConfigAndStudy, shown } from './shared.js';

export interface ApplyArgs {
  configPath?: string;
  launchFile?: string;
  site?: number;
  trial?: number;
}

const COPY_FLAGS = 'Copy Flags';

export function applyBest(s: Services) {
  return async (args?: ApplyArgs): Promise<void> => {
    const configPath = args?.configPath ?? s.session.configPath ?? (await pickConfig(s, 'Apply the results of which study?'));
    if (!configPath) return;
    const read = await readConfigAndStudy(s, configPath);
    if (!read) return;
    const { summary, config } = read.study;
    if (!summary || !config) {
      const action = await s.ui.info(`Study "${read.name}" has no results yet.`, 'Start Tuning');
      if (action) await s.workspace.execute(COMMANDS.startTuning, { configPath });
      return;
    }
    let point: ConfigPoint | undefined;
    try {
      if (args?.trial !== undefined) point = pointOfTrial(read.study.records, args.trial);
      else if (needsPick(summary)) point = await s.ui.pick(paretoChoices(summary).map((c) => ({ label: c.label, description: c.description, detail: c.detail, value: c.point })), `Apply which of the ${summary.pareto.length} Pareto-optimal configurations?`);
      else if (summary.best) point = summary.best;
      else {
        await s.ui.warn(`Study "${read.name}" has no feasible configuration that meets the SLOs yet.`);
        return;
      }
    } catch (e) {
      if (e instanceof ApplyError) {
        await s.ui.error(`SCOOT: ${e.message}`);
        return;
      }
      throw e;
    }
    if (!point) return;
    // The study ran with its frozen config: its engine and version decide the flag spellings.
    const preset = getPreset(config.engine.type, config.engine.version);
    if (preset.type === 'command') {
      // A benchmark command has no launch file: the configuration is the parameters themselves.
      await s.ui.info(`Trial ${point.trial} of "${read.name}": ${Object.entries(point.params).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      return;
    }
    const sketch = parseConfigSketch(read.text) ?? {};
    const launchFile = args?.launchFile ?? launchFileOf(sketch, configPath) ?? launchFileOf(config, configPath);
    const copy = async (why: string) => {
      const action = await s.ui.warn(why, COPY_FLAGS);
      if (action === COPY_FLAGS) {
        await s.workspace.clipboard(flagsLine(preset, point.params));
        await s.ui.info(`Trial ${point.trial}'s flags are on the clipboard.`);
      }
    };
    if (!launchFile) return copy(`Study "${read.name}" has no engine.launchFile to write trial ${point.trial} into.`);
    const text = await s.workspace.readText(launchFile);
    if (text === undefined) return copy(`${shown(s, launchFile)} cannot be read.`);
    let plan: ReturnType<typeof planApply>;
    try {
      plan = planApply(text, launchFile, preset, point.params, args?.site);
    } catch (e) {
      if (e instanceof PatchError || e instanceof PresetError) return copy(e.message.replace(launchFile, shown(s, launchFile)));
      throw e;
    }
    if (plan.edits.length === 0 && plan.files.length === 0) {
      await s.ui.info(`${shown(s, launchFile)} already carries trial ${point.trial}'s configuration.`);
      return;
    }
    const files = plan.files.map((f) => ({ path: join(dirname(launchFile), f.path), content: f.content }));
    const applied = await s.workspace.applyEdits(launchFile, plan.edits, files);
    if (!applied) {
      await s.ui.error(`SCOOT: the edit of ${shown(s, launchFile)} was not applied.`);
      return;
    }
    for (const c of plan.changes) s.log.info(`apply trial ${point.trial} to ${launchFile}: ${describeChange(c)}`);
    await s.ui.info(`Applied trial ${point.trial} to ${shown(s, launchFile)} (${plan.site.where}): ${plan.changes.length} flag${plan.changes.length === 1 ? '' : 's'} changed. Undo reverts it.`);
  };
}

/** The panel's "Copy flags" for one trial. */
export function copyTrialFlags(s: Services) {
  return async (configPath: string, trial: number): Promise<void> => {
    const read = await readConfigAndStudy(s, configPath);
    const config = read?.study.config;
    if (!read || !config) return;
    const record = read.study.records.find((r) => r.trial === trial);
    if (!record) return;
    await s.workspace.clipboard(flagsLine(getPreset(config.engine.type, config.engine.version), record.params));
    await s.ui.info(`Trial ${trial}'s flags are on the clipboard.`);
  };
}
