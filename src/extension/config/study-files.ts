// Reading what is on disk without running anything: a config (leniently, for lenses and apply), the
// study folder it tunes into, and that study's summary and trials.

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { ParameterInfo, StudySummary, TrialRecord } from '../../protocol/study.js';
import type { ScootConfig } from '../../study/config.js';

/** The part of a config the editor features read; everything optional (the file may be mid-edit). */
export interface ConfigSketch {
  name?: string;
  engine?: { type?: string; version?: string; launchFile?: string; command?: string[]; gpusPerTrial?: number };
}

export function parseConfigSketch(text: string): ConfigSketch | undefined {
  const value: unknown = parse(text, [], { allowTrailingComma: true, disallowComments: false });
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ConfigSketch) : undefined;
}

/** The study name as the study layer derives it (name, else the config's folder name). */
export function studyNameFor(config: ConfigSketch, configPath: string): string {
  if (typeof config.name === 'string' && config.name) return config.name;
  const dir = dirname(configPath).split(/[\\/]/).filter(Boolean).pop() ?? 'study';
  return dir.replace(/[^A-Za-z0-9._-]/g, '-') || 'study';
}

export function studyDirFor(config: ConfigSketch, configPath: string): string {
  return join(dirname(configPath), '.scoot', studyNameFor(config, configPath));
}

/** engine.launchFile as an absolute path, if the config has one. */
export function launchFileOf(config: ConfigSketch, configPath: string): string | undefined {
  const f = config.engine?.launchFile;
  if (typeof f !== 'string' || f === '') return undefined;
  return isAbsolute(f) ? f : join(dirname(configPath), f);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export interface StudyOnDisk {
  dir: string;
  summary?: StudySummary;
  config?: ScootConfig;
  /** parameters.json: absent in folders written before it existed. */
  parameters?: ParameterInfo[];
  records: TrialRecord[];
}

export async function readStudy(dir: string): Promise<StudyOnDisk> {
  const summary = await readJson<StudySummary>(join(dir, 'summary.json'));
  const config = await readJson<ScootConfig>(join(dir, 'config.json'));
  const parameters = await readJson<ParameterInfo[]>(join(dir, 'parameters.json'));
  let records: TrialRecord[] = [];
  try {
    records = (await readFile(join(dir, 'observations.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l.trim())
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as TrialRecord];
        } catch {
          return [];
        }
      });
  } catch {
    records = [];
  }
  return { dir, ...(summary ? { summary } : {}), ...(config ? { config } : {}), ...(Array.isArray(parameters) ? { parameters } : {}), records };
}
