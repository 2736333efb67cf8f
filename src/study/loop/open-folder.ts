// Opening the study folder for a run: a new study must not land on another's trials; a resumed one
// must be the same problem, and a torn last line (the process died mid-append) is dropped so that
// trial runs again. The frozen config and the tuned parameters (parameters.json, which the panel reads
// back without resolving the preset again) are written before anything runs.

import { parameterList, type ParameterInfo } from '../../protocol/params.js';
import type { StudySummary, TrialRecord } from '../../protocol/study.js';
import { UserError } from '../../protocol/user-error.js';
import type { StudyEventListener } from '../events.js';
import { sameProblem } from '../frozen-config.js';
import type { ResolvedStudy } from '../resolve.js';
import type { StudyStore } from '../store.js';

export class StudyError extends UserError {
  override name = 'StudyError';
}

export interface OpenedStudy {
  /** The trials recorded so far (none for a new study). */
  records: TrialRecord[];
  /** summary.json of the previous run, when resuming: its wall and suggestion time carry on. */
  previous?: StudySummary;
  parameters: ParameterInfo[];
}

export async function openStudyFolder(store: StudyStore, resolved: ResolvedStudy, resume: boolean, emit: StudyEventListener): Promise<OpenedStudy> {
  const loaded = await store.readObservations();
  if (loaded.records.length > 0 && !resume) {
    throw new StudyError(`${store.dir} already holds ${loaded.records.length} trials: pass --resume to continue it, or --study DIR to start another`);
  }
  let previous: StudySummary | undefined;
  if (resume) {
    const frozen = await store.readConfig();
    const difference = frozen ? sameProblem(frozen, resolved.config) : undefined;
    if (difference) throw new StudyError(`cannot resume ${store.dir}: ${difference} changed since the study began; restore it or start a new study with --study`);
    if (loaded.tornLastLine) {
      await store.repairObservations(loaded.records);
      emit({ type: 'log', level: 'warn', message: 'the last line of observations.jsonl was incomplete (interrupted write); that trial runs again' });
    }
    previous = await store.readSummary();
  }
  await store.writeConfig(resolved.config);
  const parameters = parameterList(resolved.problem.space);
  await store.writeParameters(parameters);
  return { records: [...loaded.records], ...(previous ? { previous } : {}), parameters };
}
