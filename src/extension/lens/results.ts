// Which launch files have results: every config with an engine.launchFile whose study has a summary.

import type { StudyOnDisk } from '../config/study-files.js';
import { launchFileOf, parseConfigSketch, studyDirFor } from '../config/study-files.js';
import type { LaunchResult } from './lenses.js';

export interface ResultSources {
  findConfigs(): Promise<string[]>;
  readText(path: string): Promise<string | undefined>;
  readStudy(dir: string): Promise<StudyOnDisk>;
}

export async function loadLaunchResults(src: ResultSources): Promise<LaunchResult[]> {
  const results: LaunchResult[] = [];
  for (const configPath of await src.findConfigs()) {
    const text = await src.readText(configPath);
    const sketch = text === undefined ? undefined : parseConfigSketch(text);
    const launchFile = sketch ? launchFileOf(sketch, configPath) : undefined;
    if (!sketch || !launchFile) continue;
    const study = await src.readStudy(studyDirFor(sketch, configPath));
    const engine = study.config?.engine.type ?? sketch.engine?.type;
    if (study.summary && engine) results.push({ configPath, launchFile, engine, summary: study.summary });
  }
  return results;
}
