// The study the panel shows when none has run in this window: the most recently updated one on disk.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudySnapshot } from '../../protocol/study.js';
import { parseConfigSketch, readStudy, studyDirFor } from '../config/study-files.js';
import { snapshotFromDisk } from './disk-snapshot.js';

export async function latestStudy(configs: readonly string[], readText: (path: string) => Promise<string | undefined>): Promise<{ configPath: string; snapshot: StudySnapshot } | undefined> {
  let best: { configPath: string; dir: string; mtime: number } | undefined;
  for (const configPath of configs) {
    const text = await readText(configPath);
    const sketch = text === undefined ? undefined : parseConfigSketch(text);
    if (!sketch) continue;
    const dir = studyDirFor(sketch, configPath);
    const mtime = await stat(join(dir, 'summary.json')).then((s) => s.mtimeMs, () => undefined);
    if (mtime !== undefined && (!best || mtime > best.mtime)) best = { configPath, dir, mtime };
  }
  if (!best) return undefined;
  const snapshot = snapshotFromDisk(await readStudy(best.dir));
  return snapshot ? { configPath: best.configPath, snapshot } : undefined;
}
