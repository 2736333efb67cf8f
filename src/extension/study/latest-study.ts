// The study the panel shows when none has run in this window: the most recently updated one on disk
// among the workspace configs' studies (the same rule as `scoot report` with no arguments).

import type { StudySnapshot } from '../../protocol/study.js';
import { mostRecentStudy } from '../../study/study-folders.js';
import { parseConfigSketch, readStudy, studyDirFor } from '../config/study-files.js';
import { snapshotFromDisk } from './disk-snapshot.js';

export async function latestStudy(configs: readonly string[], readText: (path: string) => Promise<string | undefined>): Promise<{ configPath: string; snapshot: StudySnapshot } | undefined> {
  const configOf = new Map<string, string>();
  for (const configPath of configs) {
    const text = await readText(configPath);
    const sketch = text === undefined ? undefined : parseConfigSketch(text);
    if (sketch) configOf.set(studyDirFor(sketch, configPath), configPath);
  }
  const latest = await mostRecentStudy([...configOf.keys()]);
  if (!latest) return undefined;
  const snapshot = snapshotFromDisk(await readStudy(latest.dir));
  const configPath = configOf.get(latest.dir);
  return snapshot && configPath !== undefined ? { configPath, snapshot } : undefined;
}
