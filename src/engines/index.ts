// The engines layer as the rest of SCOOT sees it: look a preset up, render launches, classify failures.

export type {
  BaselineKind,
  EnginePreset,
  EngineType,
  FailureClassification,
  FailurePattern,
  GeneratedFile,
  LaunchContext,
  RenderedLaunch,
  SpaceOptions,
  WorkloadFacts,
} from './preset.js';
export { PresetError } from './preset.js';
export { ENGINE_TYPES, getPreset, listPresets } from './registry.js';
export { modelLengthFromArgv } from './argv.js';
export { placeholdersOf, renderEvaluate } from './command.js';
export { TRTLLM_YAML_FILE } from './trtllm.js';
