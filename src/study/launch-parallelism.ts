// The tensor-parallel size a launch command asks for (`--tensor-parallel-size 4`, `-tp 4`, `--tp 2`,
// `--tp_size 2`, `--tp-size=8`, in whatever spelling the engine accepts): how many GPUs one trial of it
// needs. Read through the preset's own flag spellings, so every engine and alias is covered at once.

import { flagValue } from '../engines/argv.js';
import type { EnginePreset } from '../engines/preset.js';

const TP_PARAMETER = /^(tensor[-_]parallel[-_]size|tp[-_]size)$/;

export function tensorParallelSize(preset: EnginePreset, argv: readonly string[]): number | undefined {
  // A space for many GPUs is the one that has a tensor-parallel parameter at all.
  const name = Object.keys(preset.space({ gpusPerTrial: 8 })).find((n) => TP_PARAMETER.test(n));
  if (name === undefined) return undefined;
  const spellings = preset.launchFlags({ [name]: 2 }).flags.flatMap((f) => f.strip.flatMap((s) => s.names));
  const raw = flagValue(argv, spellings);
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}
