// A starter scoot.config.json: for an engine command found in a launch file (engine type from the
// detection, launchFile = that file), or for an engine picked from a list; and pointing an existing
// config at another launch file with minimal JSONC edits (comments kept).

import { applyEdits, modify } from 'jsonc-parser';
import { getPreset } from '../../engines/registry.js';
import type { EngineType } from '../../engines/preset.js';
import type { LaunchFormat } from '../../launch/site.js';
import type { ScootConfig } from '../../study/config.js';
import { launchStarterConfig, simStarterConfig, starterConfig } from '../../study/starter-config.js';

export const ENGINE_CHOICES: { type: EngineType; label: string; detail: string }[] = [
  { type: 'vllm', label: 'vLLM', detail: '`vllm serve` (V1 engine, 0.11 flag set)' },
  { type: 'sglang', label: 'SGLang', detail: '`python -m sglang.launch_server` (0.5)' },
  { type: 'trtllm', label: 'TensorRT-LLM', detail: '`trtllm-serve` (1.1, PyTorch backend)' },
  { type: 'llamacpp', label: 'llama.cpp', detail: '`llama-server` (b6343 and later)' },
  { type: 'sim', label: 'Simulated engine', detail: 'no GPU needed: a vLLM-like simulator, to try SCOOT out' },
];

export interface SiteForConfig {
  engine: EngineType;
  format: LaunchFormat;
  argv: readonly string[];
}

/** A study name from a file name: serve.sh → serve, docker-compose.vllm.yml → docker-compose-vllm. */
export function studyNameFromFile(fileName: string): string {
  const name = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).replace(/\.(sh|bash|ya?ml)$/i, '');
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'tuning';
}

/**
 * For a command in a launch file. A shell script is read by the study itself (engine.launchFile); for a
 * Dockerfile, compose or Kubernetes file the command is copied into engine.command too, since the study
 * launches it as a plain process — launchFile then says where `Apply` writes the result. The command's
 * tensor-parallel size becomes engine.gpusPerTrial, as with `scoot init --from`.
 */
export function configForSite(site: SiteForConfig, launchFile: string, trace: string): ScootConfig {
  return launchStarterConfig(studyNameFromFile(launchFile), { engine: site.engine, readsLaunchFile: site.format === 'shell', argv: site.argv }, launchFile, trace);
}

export function configForEngine(type: EngineType, trace: string): ScootConfig {
  if (type === 'sim') return simStarterConfig('sim-demo', trace);
  const preset = getPreset(type);
  return starterConfig(`${type}-tuning`, { type, command: [...preset.defaultCommand], port: 8000, readyTimeoutSec: 900, gpusPerTrial: 1 }, trace);
}

export function configText(config: ScootConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The config text with engine.type/launchFile set (and a stale engine.command dropped), comments kept. */
export function pointConfigAt(text: string, site: SiteForConfig, launchFile: string): string {
  const fmt = { formattingOptions: { insertSpaces: true, tabSize: 2 } };
  let out = applyEdits(text, modify(text, ['engine', 'type'], site.engine, fmt));
  out = applyEdits(out, modify(out, ['engine', 'launchFile'], launchFile, fmt));
  out = applyEdits(out, modify(out, ['engine', 'command'], site.format === 'shell' ? undefined : [...site.argv], fmt));
  out = applyEdits(out, modify(out, ['engine', 'version'], undefined, fmt));
  return out;
}
