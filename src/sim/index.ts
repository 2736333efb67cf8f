// Public API of the simulated engine, for the integrator and other layers' tests.
export { evaluateConfig, EvaluationInputError } from './evaluate.js';
export type { ConfigInput, EvaluateOptions, EvaluationResult, FailureReason, RequestTiming, TraceRequest } from './evaluate.js';
export type { ServingMetrics } from './serving-metrics.js';
export { defaultSimConfig, paramsToArgv, parseSimArgs, SimArgError, SIM_FLAGS, simConfigFromParams } from './flags.js';
export type { FlagSpec, SimConfig } from './flags.js';
export { planEngine } from './engine-plan.js';
export type { EnginePlan, PlanResult, StartupFailure } from './engine-plan.js';
export { simServe } from './serve-main.js';
export type { SimServeOptions } from './serve-main.js';
export { countTokens, tokenize } from './tokenizer.js';
export { GPU_NAMES, GPU_PROFILES, MODEL_PROFILE_NAMES, MODEL_PROFILES } from './profiles.js';
export type { GpuName, GpuProfile, ModelProfile, ModelProfileName } from './profiles.js';
