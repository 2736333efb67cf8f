// The study store (docs/ARCHITECTURE.md §4): .scoot/<study>/ with the frozen config,
// the tuned parameters, observations.jsonl appended and flushed after every evaluation, summary.json
// rewritten atomically, and one log per trial.
// Nothing evaluated is ever lost: a crash mid-write leaves at most a torn last line, which resume skips.

import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParameterInfo, StudySummary, TrialRecord } from '../protocol/study.js';
import type { ScootConfig } from './config.js';
import { UserError } from '../protocol/user-error.js';

export class StoreError extends UserError {
  override name = 'StoreError';
}

export interface LoadedObservations {
  records: TrialRecord[];
  /** A torn last line (the process died mid-append): its trial is simply run again. */
  tornLastLine: boolean;
}

export class StudyStore {
  private summaryChain: Promise<void> = Promise.resolve();
  private appendChain: Promise<void> = Promise.resolve();

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<StudyStore> {
    await mkdir(join(dir, 'logs'), { recursive: true });
    return new StudyStore(dir);
  }

  get configPath(): string {
    return join(this.dir, 'config.json');
  }
  get parametersPath(): string {
    return join(this.dir, 'parameters.json');
  }
  get observationsPath(): string {
    return join(this.dir, 'observations.jsonl');
  }
  get summaryPath(): string {
    return join(this.dir, 'summary.json');
  }
  get reportPath(): string {
    return join(this.dir, 'report.md');
  }
  logPath(trial: number): string {
    return join(this.dir, 'logs', `${trial}.log`);
  }

  async readConfig(): Promise<ScootConfig | undefined> {
    try {
      return JSON.parse(await readFile(this.configPath, 'utf8')) as ScootConfig;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError(`${this.configPath}: unreadable (${(e as Error).message})`);
    }
  }

  async writeConfig(config: ScootConfig): Promise<void> {
    await atomicWrite(this.configPath, `${JSON.stringify(config, null, 2)}\n`);
  }

  /** The tuned parameters as resolved when the study started (preset, config overrides, fixed values removed). */
  async writeParameters(parameters: readonly ParameterInfo[]): Promise<void> {
    await atomicWrite(this.parametersPath, `${JSON.stringify(parameters, null, 2)}\n`);
  }

  async readObservations(): Promise<LoadedObservations> {
    let text: string;
    try {
      text = await readFile(this.observationsPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], tornLastLine: false };
      throw e;
    }
    const lines = text.split('\n');
    const records: TrialRecord[] = [];
    let tornLastLine = false;
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push(JSON.parse(line) as TrialRecord);
      } catch {
        const isLast = lines.slice(i + 1).every((l) => !l.trim());
        if (isLast && !text.endsWith('\n')) tornLastLine = true;
        else throw new StoreError(`${this.observationsPath}:${i + 1}: not a JSON object; fix or delete that line to resume`);
      }
    });
    return { records, tornLastLine };
  }

  /** Drops a torn last line so the next append starts on a fresh line. */
  async repairObservations(records: readonly TrialRecord[]): Promise<void> {
    await atomicWrite(this.observationsPath, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /** Appends one record and flushes it to disk before resolving; appends are serialised. */
  append(record: TrialRecord): Promise<void> {
    const next = this.appendChain.then(async () => {
      const handle = await open(this.observationsPath, 'a');
      try {
        await handle.write(`${JSON.stringify(record)}\n`);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    });
    this.appendChain = next.catch(() => undefined);
    return next;
  }

  /**
   * Writes run one after another, in call order: trials that end together both write the summary,
   * and two renames of one temporary file would race (the second finds it gone).
   */
  writeSummary(summary: StudySummary): Promise<void> {
    const next = this.summaryChain.then(() => atomicWrite(this.summaryPath, `${JSON.stringify(summary, null, 2)}\n`));
    this.summaryChain = next.catch(() => undefined);
    return next;
  }

  async readSummary(): Promise<StudySummary | undefined> {
    try {
      return JSON.parse(await readFile(this.summaryPath, 'utf8')) as StudySummary;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError(`${this.summaryPath}: unreadable (${(e as Error).message})`);
    }
  }

  async writeReport(markdown: string): Promise<void> {
    await atomicWrite(this.reportPath, markdown);
  }
}

/** Readers never see a half-written file: write a sibling, then rename over. */
async function atomicWrite(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}
