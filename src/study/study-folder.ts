// Where a study may be written. A study folder holds only what a study writes, so `--study DIR` (or a
// study name that resolves outside .scoot/) must never point at a folder with other things in it: a
// study there would overwrite a user's config.json or report.md. A folder qualifies when it does not
// exist yet, is empty, holds only a study's own entries, or already holds a study.

import { lstatSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, type ConfigPath } from '../protocol/user-error.js';

export class StudyFolderError extends UserError {
  override name = 'StudyFolderError';
}

/** What a study writes into its folder (store.ts, the lock, the runner's logs/ and work/). */
const STUDY_ENTRIES = new Set(['config.json', 'parameters.json', 'observations.jsonl', 'summary.json', 'report.md', 'logs', 'work', 'study.lock', 'processes.json']);
/** Temporaries of atomic writes and lock files, whoever left them. */
const STUDY_TEMPORARY = /^(config\.json|parameters\.json|summary\.json|report\.md|observations\.jsonl|processes\.json|study\.lock)\..+\.(tmp|new|stale)$/;

function readJsonObject(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A study's frozen config: a scoot.config.json object (engine, objectives, workload, budget). */
function isFrozenConfig(path: string): boolean {
  const c = readJsonObject(path);
  return c !== undefined && typeof c.engine === 'object' && Array.isArray(c.objectives) && typeof c.workload === 'object' && typeof c.budget === 'object';
}

function holdsAStudy(dir: string, entries: readonly string[]): boolean {
  if (entries.includes('observations.jsonl')) return true;
  return entries.includes('config.json') && isFrozenConfig(join(dir, 'config.json'));
}

/**
 * Throws StudyFolderError (one line, naming `field`: "--study" or the config's "name") when `dir`
 * cannot be a study folder: it is a file, or a folder holding anything but a study.
 */
export function checkStudyFolder(dir: string, field: { label: string; path?: ConfigPath }): void {
  const options = field.path ? { path: field.path } : {};
  let isDir: boolean;
  try {
    isDir = lstatSync(dir).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new StudyFolderError(`${field.label}: ${dir} lies under a file, not a folder`, options);
    throw new StudyFolderError(`${field.label}: cannot read ${dir} (${code ?? (e as Error).message})`, options);
  }
  if (!isDir) throw new StudyFolderError(`${field.label}: ${dir} is a file, not a study folder; name a new or empty folder`, options);
  const entries = readdirSync(dir);
  const foreign = entries.filter((e) => !STUDY_ENTRIES.has(e) && !STUDY_TEMPORARY.test(e));
  const suspicious = entries.includes('config.json') && !isFrozenConfig(join(dir, 'config.json'));
  if ((foreign.length === 0 && !suspicious) || holdsAStudy(dir, entries)) return;
  const example = foreign[0] ?? 'config.json';
  throw new StudyFolderError(
    `${field.label}: ${dir} is not a study folder (it holds ${JSON.stringify(example)}${foreign.length > 1 ? ` and ${foreign.length - 1} more` : ''}); a study would overwrite files there, so name a new or empty folder`,
    options,
  );
}

/** "." and ".." are not study names: .scoot/.. is the config's own folder. */
export function checkStudyName(name: string, path: ConfigPath = ['name']): void {
  if (name === '.' || name === '..' || name === '') {
    throw new StudyFolderError(`name: ${JSON.stringify(name)} is not a study name (the study would be written outside .scoot/); use letters, digits, ".", "_" or "-"`, { path });
  }
}

/** Half-written files of atomic writes (`summary.json.<pid>.tmp`) that a killed run left behind. */
const INTERRUPTED_WRITE = /^(config\.json|parameters\.json|summary\.json|report\.md|observations\.jsonl|processes\.json)\.\d+\.tmp$/;

/** Deletes them; only the lock's owner calls this, so no write of a live run is in progress. */
export function removeInterruptedWrites(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of entries) {
    if (!INTERRUPTED_WRITE.test(name)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // gone already
    }
  }
  return removed;
}
