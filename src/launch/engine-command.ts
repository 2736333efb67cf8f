// Recognises the launch command of an inference engine among the commands of a script:
// `vllm serve`, `python -m vllm.entrypoints.openai.api_server`, `python -m sglang.launch_server`,
// `trtllm-serve`, `llama-server` and `scoot sim serve`, after any env assignments and wrappers.

import type { EngineType } from '../engines/preset.js';
import { splitCommands, type ShellCommand, type Word } from './shell-words.js';

export interface EngineCommand {
  engine: Exclude<EngineType, 'command'>;
  /** The engine's argv from its executable on (wrappers and env assignments dropped). */
  argv: string[];
  /** The words of argv, with their source positions. */
  words: Word[];
  /** Source range of the whole command (wrappers included). */
  start: number;
  end: number;
}

const WRAPPERS = new Set(['exec', 'nohup', 'env', 'time', 'sudo', 'stdbuf', 'numactl', 'taskset', 'srun', 'uv', 'run']);
const PYTHON = /^(.*\/)?python(\d+(\.\d+)?)?$/;

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Index of the engine executable word and the engine it starts, or undefined. */
function detect(words: readonly Word[]): { index: number; engine: EngineCommand['engine'] } | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i].value;
    const name = basename(w);
    if (name === 'vllm' && words[i + 1]?.value === 'serve') return { index: i, engine: 'vllm' };
    if (name === 'trtllm-serve') return { index: i, engine: 'trtllm' };
    if (name === 'llama-server' || name === 'server' && w.includes('llama')) return { index: i, engine: 'llamacpp' };
    if (name === 'scoot' && words[i + 1]?.value === 'sim' && words[i + 2]?.value === 'serve') return { index: i, engine: 'sim' };
    if (PYTHON.test(w) && words[i + 1]?.value === '-m') {
      const module = words[i + 2]?.value ?? '';
      if (module.startsWith('vllm.entrypoints')) return { index: i, engine: 'vllm' };
      if (module === 'sglang.launch_server') return { index: i, engine: 'sglang' };
    }
    // Anything else before the engine must be a wrapper, a wrapper's option or an env assignment.
    if (!(WRAPPERS.has(name) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || w.startsWith('-') || /^\d+$/.test(w) || w.includes(','))) return undefined;
  }
  return undefined;
}

export function engineCommandOf(command: ShellCommand): EngineCommand | undefined {
  const found = detect(command.words);
  if (!found) return undefined;
  const words = command.words.slice(found.index);
  return { engine: found.engine, argv: words.map((w) => w.value), words, start: command.start, end: command.end };
}

/** Every engine launch command in a shell script's text. */
export function findShellEngineCommands(text: string): EngineCommand[] {
  return splitCommands(text).flatMap((c) => engineCommandOf(c) ?? []);
}
