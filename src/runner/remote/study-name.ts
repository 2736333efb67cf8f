// Remote work is labelled with the study it belongs to (Slurm job names, folders on SSH hosts). The
// evaluator contract does not carry the study's name, but its logs live in .scoot/<study>/logs/, so
// the study folder's name is the label.

import { basename, dirname, resolve } from 'node:path';

/** The study label for a trial log at <studyDir>/logs/<trial>.log: safe in job names and paths. */
export function studyLabelFromLog(logPath: string): string {
  const name = basename(dirname(dirname(resolve(logPath))));
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return safe === '' ? 'study' : safe;
}
