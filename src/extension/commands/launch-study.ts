// Starting (or resuming) a study: the config is saved and validated first (problems become diagnostics
// at the right ranges), an existing study is resumed only when asked, then the worker runs it with a
// cancellable notification until the first trial is in, and the end is reported.

import { ConfigError, parseConfigText } from '../../study/load-config.js';
import type { StudyRunResult } from '../study/worker-host.js';
import { diagnosticsFor } from '../config/diagnostics-map.js';
import { chosenChangeText } from '../study/metric-text.js';
import type { Services } from '../services.js';
import { COMMANDS } from './ids.js';
import { readConfigAndStudy, shown } from './shared.js';

const SHOW_PROBLEMS = 'Show Problems';

async function reportConfigProblems(s: Services, configPath: string, count: number, first: string): Promise<void> {
  const action = await s.ui.error(`${shown(s, configPath)}: ${first}${count > 1 ? ` (and ${count - 1} more)` : ''}`, SHOW_PROBLEMS);
  if (action === SHOW_PROBLEMS) await s.workspace.execute('workbench.actions.view.problems');
}

/** A started study; `ended` settles once its end has been reported (a wrapper: a promise would flatten). */
export interface Launched {
  ended: Promise<void>;
}

/** Starts the study of `configPath`; resolves once it runs (or did not start), not when it ends. */
export async function launchStudy(s: Services, configPath: string, resume: boolean): Promise<Launched | undefined> {
  await s.workspace.saveIfDirty(configPath);
  const read = await readConfigAndStudy(s, configPath);
  if (!read) return undefined;
  try {
    parseConfigText(read.text, configPath);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const items = diagnosticsFor({ name: e.name, message: e.message, issues: e.issues }, read.text) ?? [];
    s.diagnostics.set(configPath, read.text, items);
    s.log.error(e.message);
    await reportConfigProblems(s, configPath, items.length, items[0]?.message ?? e.message);
    return undefined;
  }
  s.diagnostics.clear(configPath);

  const trials = read.study.records.length;
  if (!resume && trials > 0) {
    const action = await s.ui.warn(`Study "${read.name}" already has ${trials} trial${trials > 1 ? 's' : ''} in ${shown(s, read.study.dir)}. Resume it?`, 'Resume', 'Open Study Folder');
    if (action === 'Open Study Folder') await s.workspace.execute(COMMANDS.openStudyFolder, { configPath });
    if (action !== 'Resume') return undefined;
    resume = true;
  }

  const started = s.session.start({ configPath, resume });
  s.panel.show(true);
  void s.ui.progress(`SCOOT: ${resume ? 'resuming' : 'starting'} "${read.name}"`, async (report, cancelled) => {
    started.onPhase(report);
    cancelled.addEventListener('abort', () => s.session.stop(), { once: true });
    await started.firstTrial;
  });
  return { ended: started.done.then((result) => reportEnd(s, configPath, read.text, result)) };
}

async function reportEnd(s: Services, configPath: string, configText: string, result: StudyRunResult): Promise<void> {
  if (result.status === 'failed') {
    const text = (await s.workspace.readText(configPath)) ?? configText;
    const items = diagnosticsFor(result.error, text);
    if (items) {
      s.diagnostics.set(configPath, text, items);
      await reportConfigProblems(s, configPath, items.length, items[0].message);
    } else {
      await s.ui.error(`SCOOT: ${result.error.message}`);
    }
    return;
  }
  const { outcome } = result;
  const summary = outcome.summary;
  if (outcome.status === 'failed') {
    await s.ui.error(`SCOOT: study "${summary.study}" failed: ${outcome.error ?? 'see the logs'}`);
    return;
  }
  if (outcome.status === 'stopped') {
    const action = await s.ui.info(`SCOOT: study "${summary.study}" stopped after ${summary.evaluated} of ${summary.budget} trials; it can be resumed.`, 'Resume Tuning');
    if (action) await s.workspace.execute(COMMANDS.resumeTuning, { configPath });
    return;
  }
  const best = summary.best;
  const gain = chosenChangeText(summary);
  const message = best
    ? `SCOOT: study "${summary.study}" finished: trial ${best.trial} is best${gain ? ` (vs default: ${gain})` : ''}.`
    : `SCOOT: study "${summary.study}" finished without a feasible configuration that meets the SLOs.`;
  const action = await s.ui.info(message, ...(best ? ['Apply Best'] : []), 'Show Panel');
  if (action === 'Apply Best') await s.workspace.execute(COMMANDS.applyBest, { configPath });
  if (action === 'Show Panel') s.panel.show(false);
}
