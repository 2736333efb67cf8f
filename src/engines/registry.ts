// Engine type + flag-set version → preset. A missing version means the current flag set of that engine;
// versions match by prefix on dot boundaries, so "0.11.2" finds the "0.11" preset and "0.4.2" the "0.5" one
// through its alias.

import { command } from './command.js';
import { llamacpp } from './llamacpp.js';
import { PresetError, type EnginePreset, type EngineType } from './preset.js';
import { sglang } from './sglang.js';
import { sim } from './sim.js';
import { trtllm } from './trtllm.js';
import { vllmV0 } from './vllm-v0.js';
import { vllmV1 } from './vllm-v1.js';

interface PresetEntry {
  readonly preset: EnginePreset;
  /** Other version strings that select this preset (e.g. vLLM 0.4 shares the 0.5 flag set). */
  readonly aliases: readonly string[];
  /** Extra matching rule, e.g. llama.cpp build numbers at or after the one the preset was checked at. */
  readonly matches?: (version: string) => boolean;
}

/** llama.cpp versions are build numbers ("b6343"); every later build keeps the flag set until proven otherwise. */
function buildAtLeast(minimum: number): (version: string) => boolean {
  return (version) => {
    const m = /^b(\d+)$/.exec(version);
    return m !== null && Number(m[1]) >= minimum;
  };
}

/** Per engine, the current flag set first. */
const PRESETS: Readonly<Record<EngineType, readonly PresetEntry[]>> = {
  vllm: [
    { preset: vllmV1, aliases: ['v1'] },
    { preset: vllmV0, aliases: ['0.4', 'v0'] },
  ],
  sglang: [{ preset: sglang, aliases: [] }],
  trtllm: [{ preset: trtllm, aliases: [] }],
  llamacpp: [{ preset: llamacpp, aliases: [], matches: buildAtLeast(6343) }],
  sim: [{ preset: sim, aliases: [] }],
  command: [{ preset: command, aliases: [] }],
};

export const ENGINE_TYPES = Object.keys(PRESETS) as EngineType[];

function isEngineType(type: string): type is EngineType {
  return Object.hasOwn(PRESETS, type);
}

function versionMatches(requested: string, known: string): boolean {
  return requested === known || requested.startsWith(`${known}.`);
}

/** Every preset, for listings (`scoot init`, the config schema). */
export function listPresets(): { type: EngineType; version: string; aliases: readonly string[]; checkedAgainst: string }[] {
  return ENGINE_TYPES.flatMap((type) =>
    PRESETS[type].map((e) => ({ type, version: e.preset.version, aliases: e.aliases, checkedAgainst: e.preset.checkedAgainst })),
  );
}

export function getPreset(type: string, version?: string): EnginePreset {
  if (!isEngineType(type)) throw new PresetError(`unknown engine type "${type}": use one of ${ENGINE_TYPES.join(', ')}`);
  const entries = PRESETS[type];
  const raw = version?.trim() ?? '';
  if (raw === '') return entries[0].preset;
  // "v0.11" and "0.11" name the same release; aliases such as "v1" are matched as written.
  const candidates = [raw, raw.replace(/^v(?=\d)/, '')];
  const found = entries.find(
    (e) => [e.preset.version, ...e.aliases].some((v) => candidates.some((c) => versionMatches(c, v))) || candidates.some((c) => e.matches?.(c) === true),
  );
  if (found) return found.preset;
  const known = entries.map((e) => [e.preset.version, ...e.aliases].join('/') + (e.matches ? ' (and later builds)' : '')).join(', ');
  throw new PresetError(`no ${type} preset for version "${version}": known versions are ${known} (omit engine.version for the current one)`);
}
