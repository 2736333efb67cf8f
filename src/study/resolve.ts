// From a validated config to what a study runs on: the preset, the space (preset's, with the user's
// overrides and held values), the constraints (preset, workload-derived and the user's), the trace,
// and the evaluation set-up. Every mistake is reported as one line naming the field.

import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { parseConstraint, ConstraintError } from '../core/constraints.js';
import { Space, SpaceError } from '../core/space.js';
import type { ParamSpec, Params, SpaceSpec } from '../core/types.js';
import { getPreset, modelLengthFromArgv, PresetError, type EnginePreset } from '../engines/index.js';
import { loadTrace } from '../workload/trace-load.js';
import { selectLongestOutputs, traceFacts, type TraceFacts } from '../workload/trace.js';
import type { ConvergenceSettings } from '../core/convergence.js';
import { EARLY_STOP_DEFAULTS, EARLY_STOP_OFF, type EarlyStopSettings } from '../workload/early-stop.js';
import { METRIC_NAMES } from '../protocol/metrics.js';
import type { ObjectiveSpec, SloSpec } from '../protocol/study.js';
import type { EvaluationSetup, WorkloadSetup } from '../runner/types.js';
import { defaultTrialTimeoutSec } from '../runner/trial-deadline.js';
import { DEFAULT_LOG_LIMIT_BYTES } from '../runner/trial-log.js';
import { CONFIG_FILE_NAME, type EarlyStopConfig, type OptimizerName, type ScootConfig, type TargetConfig } from './config.js';
import type { ProblemDefinition } from './problem-definition.js';
import { readLaunchCommand } from './launch-command.js';
import { checkStudyName } from './study-folder.js';
import { ResolveError } from './resolve-error.js';
import { checkParameters, checkPlaceholders } from './check-parameters.js';
import { findFeasiblePoint } from './constraint-feasibility.js';
import { withHeldValues } from './problem-definition.js';

export { ResolveError };

export interface ResolvedStudy {
  name: string;
  config: ScootConfig;
  configDir: string;
  preset: EnginePreset;
  problem: ProblemDefinition;
  objectives: ObjectiveSpec[];
  slo: SloSpec;
  budget: number;
  parallel: number;
  gpusPerTrial: number;
  target: TargetConfig;
  algorithm: OptimizerName;
  seed: number;
  robustnessRepeats: number;
  robustnessTop: number;
  /** budget.convergence: when the study may stop before its budget; absent = never. */
  convergence?: ConvergenceSettings;
  traceFacts: TraceFacts;
  /** Everything but scootCommand, which the host (CLI or extension) knows. */
  setup: Omit<EvaluationSetup, 'scootCommand'>;
  /** Config fields that have no effect here, and why: shown before the study starts. */
  warnings?: string[];
}

export const WORKLOAD_DEFAULTS = {
  rate: 10,
  durationSec: 60,
  arrival: 'poisson',
  burstiness: 1,
  longestOutputs: 0.5,
  api: 'completions',
  warmupRequests: 2,
  requestTimeoutSec: 120,
  maxErrorRate: 0.05,
  seed: 0,
} as const;

export function studyNameOf(config: ScootConfig, configPath: string): string {
  if (config.name) return config.name;
  const dir = dirname(configPath).split(/[\\/]/).filter(Boolean).pop() ?? 'study';
  return dir.replace(/[^A-Za-z0-9._-]/g, '-') || 'study';
}

/** The tuned space: the preset's, with the config's overrides and removals, less the parameters held fixed. */
export function mergeSpace(preset: SpaceSpec, overrides: ScootConfig['parameters'], fixed: Params): SpaceSpec {
  const out: SpaceSpec = { ...preset };
  for (const [name, spec] of Object.entries(overrides ?? {})) {
    if (spec === false) delete out[name];
    else out[name] = spec as ParamSpec;
  }
  for (const name of Object.keys(fixed)) delete out[name];
  return out;
}

/** Preset constraints that mention a parameter the user removed are dropped; the user's own are not. */
function presetConstraintApplies(source: string, names: readonly string[]): boolean {
  try {
    parseConstraint(source, names);
    return true;
  } catch {
    return false;
  }
}

/** A `command` engine's benchmark makes its own load: no trace, and only the seed (re-tests) matters. */
function benchmarkOwnWorkload(config: ScootConfig): { workload: WorkloadSetup; facts: TraceFacts } {
  return {
    facts: traceFacts([]),
    workload: {
      requests: [],
      rate: WORKLOAD_DEFAULTS.rate,
      durationSec: WORKLOAD_DEFAULTS.durationSec,
      arrival: WORKLOAD_DEFAULTS.arrival,
      burstiness: WORKLOAD_DEFAULTS.burstiness,
      api: WORKLOAD_DEFAULTS.api,
      warmupRequests: 0,
      requestTimeoutSec: WORKLOAD_DEFAULTS.requestTimeoutSec,
      maxErrorRate: WORKLOAD_DEFAULTS.maxErrorRate,
      seed: WORKLOAD_DEFAULTS.seed,
      ...(config.slo ? { slo: config.slo } : {}),
    },
  };
}

async function resolveWorkload(config: ScootConfig, configDir: string): Promise<{ workload: WorkloadSetup; facts: TraceFacts }> {
  const w = config.workload;
  if (!w) throw new ResolveError(`workload: required for a ${config.engine.type} engine: the trace to stress-test it with, e.g. "workload": { "trace": "traces/chat.jsonl", "rate": 10 }`, ['workload']);
  const tracePath = isAbsolute(w.trace) ? w.trace : resolvePath(configDir, w.trace);
  let requests;
  try {
    requests = await loadTrace(tracePath);
  } catch (e) {
    throw new ResolveError((e as Error).message, ['workload', 'trace']);
  }
  const facts = traceFacts(requests);
  const selected = selectLongestOutputs(requests, w.longestOutputs ?? WORKLOAD_DEFAULTS.longestOutputs);
  return {
    facts,
    workload: {
      requests: selected,
      rate: w.rate ?? WORKLOAD_DEFAULTS.rate,
      ...(w.count !== undefined ? { count: w.count } : { durationSec: w.durationSec ?? WORKLOAD_DEFAULTS.durationSec }),
      arrival: w.arrival ?? (w.burstiness !== undefined && w.burstiness !== 1 ? 'gamma' : WORKLOAD_DEFAULTS.arrival),
      burstiness: w.burstiness ?? WORKLOAD_DEFAULTS.burstiness,
      api: w.api ?? WORKLOAD_DEFAULTS.api,
      warmupRequests: w.warmupRequests ?? WORKLOAD_DEFAULTS.warmupRequests,
      requestTimeoutSec: w.requestTimeoutSec ?? WORKLOAD_DEFAULTS.requestTimeoutSec,
      maxErrorRate: w.maxErrorRate ?? WORKLOAD_DEFAULTS.maxErrorRate,
      seed: w.seed ?? WORKLOAD_DEFAULTS.seed,
      ...(config.engine.model ? { model: config.engine.model } : {}),
      ...(config.slo ? { slo: config.slo } : {}),
      earlyStop: resolveEarlyStop(config.earlyStop),
    },
  };
}

/** The early-stop rules in force: the defaults, with the config's choices on top. */
export function resolveEarlyStop(c: EarlyStopConfig | undefined): EarlyStopSettings {
  if (c?.enabled === false) return { ...EARLY_STOP_OFF };
  const d = EARLY_STOP_DEFAULTS;
  return {
    saturation: c?.saturation ?? d.saturation,
    slo: c?.slo ?? d.slo,
    dominated: c?.dominated ?? d.dominated,
    maxDrainSec: c?.maxDrainSec ?? d.maxDrainSec,
    margin: c?.margin ?? d.margin,
    minLoadSec: c?.minLoadSec ?? d.minLoadSec,
  };
}

/** The simulator's GPUs are the ones its command simulates, so tensor parallelism can use them. */
function simulatedGpus(type: string, argv: readonly string[]): number | undefined {
  if (type !== 'sim') return undefined;
  const i = argv.findIndex((a) => a === '--num-gpus' || a.startsWith('--num-gpus='));
  if (i < 0) return undefined;
  const value = Number(argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

function checkObjectives(config: ScootConfig): void {
  // Any engine: the same metric twice is one objective counted twice (and a degenerate Pareto front).
  const seen = new Set<string>();
  config.objectives.forEach((o, i) => {
    if (seen.has(o.metric)) throw new ResolveError(`objectives[${i}]: "${o.metric}" is listed twice`, ['objectives', i]);
    seen.add(o.metric);
  });
  if (config.engine.type === 'command') return;
  const known = METRIC_NAMES as readonly string[];
  config.objectives.forEach((o, i) => {
    if (!known.includes(o.metric)) throw new ResolveError(`objectives[${i}].metric: unknown metric "${o.metric}" (one of ${known.join(', ')})`, ['objectives', i, 'metric']);
  });
  for (const name of Object.keys(config.slo ?? {})) {
    if (!known.includes(name)) throw new ResolveError(`slo.${name}: unknown metric (one of ${known.join(', ')})`, ['slo', name]);
  }
}

/** Some configuration of the space satisfies every known constraint, or the config says which ones conflict. */
function checkSatisfiable(space: Space, fixed: Params, names: readonly string[], presetConstraints: readonly string[], userConstraints: readonly string[], engine: string): void {
  const parsed = [...presetConstraints, ...userConstraints].map((source) => withHeldValues(parseConstraint(source, names), fixed));
  const { point, checked } = findFeasiblePoint(space, fixed, parsed);
  if (point) return;
  const mine = userConstraints.map((c, i) => `constraints[${i}] "${c}"`);
  const preset = presetConstraints.map((c) => `"${c}"`);
  const list = [...mine, ...(preset.length ? [`the ${engine} preset's ${preset.join(', ')}`] : [])].join(', ');
  throw new ResolveError(
    `constraints: no configuration of the parameter space satisfies them all (${list}; ${checked} configurations checked); loosen a constraint or widen a parameter's range`,
    userConstraints.length > 0 ? ['constraints'] : ['parameters'],
  );
}

export async function resolveStudy(config: ScootConfig, configPath: string): Promise<ResolvedStudy> {
  const configDir = dirname(resolvePath(configPath));
  if (config.name !== undefined) checkStudyName(config.name);
  checkObjectives(config);
  checkParameters(config.parameters);
  let preset: EnginePreset;
  try {
    preset = getPreset(config.engine.type, config.engine.version);
  } catch (e) {
    if (e instanceof PresetError) throw new ResolveError(`engine: ${e.message}`, ['engine', 'version']);
    throw e;
  }
  const baseCommand = config.engine.command
    ?? (config.engine.launchFile ? await readLaunchCommand(resolvePath(configDir, config.engine.launchFile), config.engine.type) : [...preset.defaultCommand]);
  const gpusPerTrial = config.engine.gpusPerTrial ?? simulatedGpus(config.engine.type, baseCommand) ?? 1;
  if (config.engine.type === 'command' && !config.engine.evaluate) throw new ResolveError('engine.evaluate: a "command" engine needs the benchmark argv to run per trial', ['engine', 'evaluate']);

  const isBenchmark = config.engine.type === 'command';
  const { workload, facts } = isBenchmark ? benchmarkOwnWorkload(config) : await resolveWorkload(config, configDir);
  const warnings = isBenchmark && config.workload ? ['workload is ignored: a "command" engine\'s benchmark (engine.evaluate) makes its own load, so no trace is replayed; remove it from the config'] : [];
  const fixed = config.fixed ?? {};
  // The model's context length, when the base command states it, shapes defaults and constraints.
  const maxModelLen = modelLengthFromArgv(baseCommand, preset.modelLengthFlags);
  const spaceOptions = { gpusPerTrial, ...(maxModelLen !== undefined ? { maxModelLen } : {}) };
  const space = mergeSpace(preset.space(spaceOptions), config.parameters, fixed);
  let built: Space;
  try {
    built = new Space(space);
  } catch (e) {
    if (e instanceof SpaceError) throw new ResolveError(`parameters: ${e.message}`, ['parameters']);
    throw e;
  }
  const names = [...built.names, ...Object.keys(fixed)];
  if (config.engine.type === 'command') checkPlaceholders(config.engine.evaluate, names);
  const presetConstraints = [...preset.constraints(spaceOptions), ...preset.workloadConstraints({ ...facts, ...(maxModelLen !== undefined ? { maxModelLen } : {}) })].filter((c) =>
    presetConstraintApplies(c, names),
  );
  const userConstraints = config.constraints ?? [];
  userConstraints.forEach((source, i) => {
    try {
      parseConstraint(source, names);
    } catch (e) {
      if (e instanceof ConstraintError) throw new ResolveError(`constraints[${i}]: ${e.message}`, ['constraints', i]);
      throw e;
    }
  });
  checkSatisfiable(built, fixed, names, presetConstraints, userConstraints, preset.type);
  const slo = config.slo ?? {};
  const target: TargetConfig = config.target ?? { type: 'local' };
  const parallel = config.budget.parallel ?? 1;
  const stopGraceSec = 10;
  const readyTimeoutSec = config.engine.readyTimeoutSec ?? 900;
  return {
    name: studyNameOf(config, configPath),
    config,
    configDir,
    preset,
    problem: {
      space,
      fixed,
      constraints: [...presetConstraints, ...userConstraints],
      objectives: config.objectives.length,
      outcomeConstraints: Object.entries(slo).map(([name, b]) => ({ name, ...(b.max !== undefined ? { upper: b.max } : {}), ...(b.min !== undefined ? { lower: b.min } : {}) })),
      ...(config.optimizer?.initialDesign !== undefined ? { initialDesignSize: config.optimizer.initialDesign } : {}),
    },
    objectives: config.objectives,
    slo,
    budget: config.budget.evaluations,
    parallel,
    gpusPerTrial,
    target,
    algorithm: config.optimizer?.algorithm ?? 'scoot',
    seed: config.optimizer?.seed ?? 0,
    robustnessRepeats: config.robustness?.repeats ?? 0,
    robustnessTop: config.robustness?.top ?? 1,
    ...(config.budget.convergence ? { convergence: { ...config.budget.convergence } } : {}),
    traceFacts: facts,
    warnings,
    setup: {
      preset,
      baseCommand,
      env: config.engine.env ?? {},
      host: config.engine.host ?? '127.0.0.1',
      ...(config.engine.port !== undefined ? { basePort: config.engine.port } : {}),
      readyTimeoutSec,
      cwd: configDir,
      ...(config.engine.evaluate ? { evaluateTemplate: config.engine.evaluate } : {}),
      workload,
      stopGraceSec,
      trialTimeoutSec: config.engine.trialTimeoutSec ?? defaultTrialTimeoutSec({ readyTimeoutSec, workload, stopGraceSec }),
      logLimitBytes: Math.round((config.engine.maxLogMB ?? DEFAULT_LOG_LIMIT_BYTES / 1024 / 1024) * 1024 * 1024),
    },
  };
}

export { CONFIG_FILE_NAME };
