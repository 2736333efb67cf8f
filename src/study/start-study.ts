// One entry point for running a study from a config file, shared by the CLI and the extension's
// worker: load and validate, apply command-line overrides, resolve, pick slots and evaluator, run,
// and always release what was started.

import { mkdirSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { createEvaluator } from '../runner/create-evaluator.js';
import { createSlots } from '../runner/slots.js';
import { preflightLocal } from '../runner/preflight.js';
import type { ScootConfig, OptimizerName } from './config.js';
import type { StudyEventListener } from './events.js';
import { loadConfigFile } from './load-config.js';
import { resolveStudy, type ResolvedStudy } from './resolve.js';
import { runStudy, type StudyOutcome } from './run-study.js';
import { inProcessSuggestService, threadSuggestService, type SuggestService } from './suggest-service.js';
import { ProcessLedger, withProcessLedger } from './process-ledger.js';
import { checkStudyFolder, removeInterruptedWrites, StudyFolderError } from './study-folder.js';
import { acquireStudyLock, type StudyLock } from './study-lock.js';

export interface StudyOverrides {
  budget?: number;
  parallel?: number;
  optimizer?: OptimizerName;
  seed?: number;
}

export interface StudyHost {
  /** argv that runs the `scoot` CLI (for `scoot sim serve` engines). */
  scootCommand: string[];
  /** Who runs the study, as the study lock names its owner to a second run ("scoot tune", "VS Code"). */
  label?: string;
  /** A bundle whose entry serves suggestions when started as a worker; absent = in-process. */
  suggestWorker?: { entryFile: string; execArgv: string[] };
}

export interface StartStudyOptions {
  configPath: string;
  /** Parsed config to use instead of reading configPath (the built-in demo). */
  config?: ScootConfig;
  studyDir?: string;
  resume: boolean;
  overrides?: StudyOverrides;
  host: StudyHost;
  signal: AbortSignal;
  onEvent?: StudyEventListener;
}

export function applyOverrides(config: ScootConfig, o: StudyOverrides = {}): ScootConfig {
  return {
    ...config,
    budget: { ...config.budget, ...(o.budget !== undefined ? { evaluations: o.budget } : {}), ...(o.parallel !== undefined ? { parallel: o.parallel } : {}) },
    ...(o.optimizer !== undefined || o.seed !== undefined
      ? { optimizer: { ...config.optimizer, ...(o.optimizer !== undefined ? { algorithm: o.optimizer } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) } }
      : {}),
  };
}

export function defaultStudyDir(configPath: string, name: string): string {
  return join(dirname(resolvePath(configPath)), '.scoot', name);
}

export async function loadAndResolve(configPath: string, config: ScootConfig | undefined, overrides?: StudyOverrides): Promise<ResolvedStudy> {
  const loaded = config ?? (await loadConfigFile(configPath)).config;
  return resolveStudy(applyOverrides(loaded, overrides), configPath);
}

export async function startStudy(options: StartStudyOptions): Promise<StudyOutcome> {
  const resolved = await loadAndResolve(options.configPath, options.config, options.overrides);
  const studyDir = options.studyDir ? resolvePath(options.studyDir) : defaultStudyDir(options.configPath, resolved.name);
  const slots = createSlots(resolved.target, resolved.gpusPerTrial, resolved.parallel);
  const lock = claimStudyFolder(studyDir, options.studyDir ? '--study' : 'study folder', options.host.label ?? 'scoot');
  try {
    // Said once the study is really starting (a refused one says only why).
    for (const message of resolved.warnings ?? []) options.onEvent?.({ type: 'log', level: 'warn', message });
    const setup = { ...resolved.setup, scootCommand: options.host.scootCommand };
    const ledger = new ProcessLedger(studyDir);
    for (const line of await ledger.stopLeftovers(setup.stopGraceSec)) options.onEvent?.({ type: 'log', level: 'warn', message: line });
    if (resolved.target.type === 'local') await preflightLocal(setup);
    const evaluator = withProcessLedger(createEvaluator(setup, resolved.target), ledger);
    let suggest: SuggestService = inProcessSuggestService();
    if (options.host.suggestWorker) suggest = threadSuggestService(options.host.suggestWorker.entryFile, options.host.suggestWorker.execArgv);
    try {
      return await runStudy({ resolved, studyDir, resume: options.resume, evaluator, slots, suggest, signal: options.signal, onEvent: options.onEvent });
    } finally {
      await evaluator.close();
      await suggest.close();
    }
  } finally {
    lock.release();
  }
}

/** Checks that `studyDir` may hold a study, creates it, takes its lock and clears what a killed run left half-written. */
function claimStudyFolder(studyDir: string, label: string, by: string): StudyLock {
  checkStudyFolder(studyDir, { label });
  try {
    mkdirSync(studyDir, { recursive: true });
  } catch (e) {
    throw new StudyFolderError(`${label}: cannot create ${studyDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const lock = acquireStudyLock(studyDir, by);
  removeInterruptedWrites(studyDir);
  return lock;
}
