// Recognises the launch command of an inference engine among the commands of a script:
// `vllm serve`, `python -m vllm.entrypoints.openai.api_server`, `python -m sglang.launch_server`,
// `trtllm-serve`, `llama-server` and `scoot sim serve`, after any env assignments and wrappers, and
// `docker run IMAGE ARGS` for images whose entrypoint is the engine (vllm/vllm-openai, llama.cpp:server).

import type { EngineType } from '../engines/preset.js';
import { splitCommands, type ShellCommand, type Word } from './shell-words.js';

export type LaunchEngine = Exclude<EngineType, 'command'>;

export interface EngineCommand {
  engine: LaunchEngine;
  /** The engine's argv from its executable on (wrappers and env assignments dropped). */
  argv: string[];
  /** The words of argv that are in the source, with their source positions. */
  words: Word[];
  /** Leading argv the source does not spell out: a container image's entrypoint (empty otherwise). */
  implied: string[];
  /** Source range of the whole command (wrappers included). */
  start: number;
  end: number;
}

const WRAPPERS = new Set([
  'exec', 'nohup', 'env', 'time', 'sudo', 'stdbuf', 'numactl', 'taskset', 'srun', 'uv', 'run', 'mpirun', 'torchrun',
  'singularity', 'apptainer', 'conda', 'micromamba', 'poetry', 'pipenv', 'nice', 'ionice', 'chrt', 'setsid', 'caffeinate',
  // Shell reserved words that may precede a simple command.
  'then', 'do', 'else', '!', '{',
]);
const PYTHON = /^(.*\/)?python(\d+(\.\d+)?)?$/;
const CONTAINER_RUNTIMES = new Set(['docker', 'podman', 'nerdctl']);

/** docker run options that take a value as the next word (`--opt=value` is one word anyway). */
const DOCKER_VALUE_OPTIONS = new Set([
  '-v', '--volume', '-p', '--publish', '-e', '--env', '--env-file', '--name', '--gpus', '--runtime', '--shm-size',
  '--network', '--net', '--ipc', '-w', '--workdir', '--entrypoint', '-u', '--user', '--mount', '--device', '-l', '--label',
  '--cpus', '-m', '--memory', '--memory-swap', '--ulimit', '--cap-add', '--cap-drop', '--security-opt', '--add-host',
  '-h', '--hostname', '--restart', '--pull', '--platform', '--log-driver', '--log-opt', '--tmpfs', '--volumes-from',
  '--pid', '--uts', '--group-add', '--stop-signal', '--stop-timeout', '--cpuset-cpus', '--health-cmd', '--health-interval',
  '--label-file', '--cidfile', '--dns', '--expose', '--device-cgroup-rule', '--userns', '--cgroupns', '--init-path',
]);

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * Images whose entrypoint is the engine itself, so `docker run IMAGE --flags` and a compose `command:`
 * hold only the engine's flags. vllm/vllm-openai runs the OpenAI API server (`vllm serve` in recent
 * tags); llama.cpp's `:server` images run /app/llama-server.
 */
export function imageEntrypoint(image: string): { engine: LaunchEngine; argv: string[] } | undefined {
  const name = image.replace(/^(docker\.io|ghcr\.io|quay\.io|nvcr\.io)\//, '').replace(/@sha256:.*$/, '');
  const [repo, tag = 'latest'] = name.split(/:(?=[^/]*$)/);
  if (/(^|\/)vllm-openai$/.test(repo)) return { engine: 'vllm', argv: ['python3', '-m', 'vllm.entrypoints.openai.api_server'] };
  if (/(^|\/)llama\.cpp$/.test(repo) && /(^|-)server/.test(tag)) return { engine: 'llamacpp', argv: ['/app/llama-server'] };
  return undefined;
}

/** Index of the engine executable and the engine it starts, when values[0..] is an engine launch. */
export function detectEngine(values: readonly string[]): { index: number; engine: LaunchEngine; implied: string[] } | undefined {
  let wrapped = false;
  for (let i = 0; i < values.length; i++) {
    const w = values[i];
    const name = basename(w);
    if (name === 'vllm' && values[i + 1] === 'serve') return { index: i, engine: 'vllm', implied: [] };
    if (name === 'trtllm-serve') return { index: i, engine: 'trtllm', implied: [] };
    if (name === 'llama-server' || (name === 'server' && w.includes('llama'))) return { index: i, engine: 'llamacpp', implied: [] };
    if (name === 'scoot' && values[i + 1] === 'sim' && values[i + 2] === 'serve') return { index: i, engine: 'sim', implied: [] };
    if (PYTHON.test(w) && values[i + 1] === '-m') {
      const module = values[i + 2] ?? '';
      if (module.startsWith('vllm.entrypoints')) return { index: i, engine: 'vllm', implied: [] };
      if (module === 'sglang.launch_server') return { index: i, engine: 'sglang', implied: [] };
    }
    if (CONTAINER_RUNTIMES.has(name) && values[i + 1] === 'run') return detectContainerRun(values, i + 2);
    // Anything else before the engine must be a wrapper, a wrapper's option (or its value) or an env assignment.
    const optionValue = wrapped && i > 0 && /^-[^=]*$/.test(values[i - 1]);
    if (WRAPPERS.has(name)) wrapped = true;
    else if (!(optionValue || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || w.startsWith('-') || /^\d+$/.test(w) || w.includes(',') || w.endsWith('.sif'))) return undefined;
  }
  return undefined;
}

/** `docker run [options] IMAGE [args]`: the engine is either the image's entrypoint or named in args. */
function detectContainerRun(values: readonly string[], from: number): ReturnType<typeof detectEngine> {
  let i = from;
  let entrypointOverridden = false;
  while (i < values.length && values[i].startsWith('-')) {
    const option = values[i];
    if (option === '--entrypoint' || option.startsWith('--entrypoint=')) entrypointOverridden = true;
    i += DOCKER_VALUE_OPTIONS.has(option) ? 2 : 1;
  }
  if (i >= values.length) return undefined;
  const rest = values.slice(i + 1);
  const explicit = detectEngine(rest);
  if (explicit) return { ...explicit, index: explicit.index + i + 1 };
  const implied = entrypointOverridden ? undefined : imageEntrypoint(values[i]);
  if (!implied) return undefined;
  // The argv starts after the image: index points one before the first argument, the implied executable.
  return { index: i + 1, engine: implied.engine, implied: implied.argv };
}

export function engineCommandOf(command: ShellCommand): EngineCommand | undefined {
  const found = detectEngine(command.words.map((w) => w.value));
  if (!found) return undefined;
  const words = command.words.slice(found.index);
  return { engine: found.engine, argv: [...found.implied, ...words.map((w) => w.value)], words, implied: found.implied, start: command.start, end: command.end };
}

/** Every engine launch command in a shell script's text. */
export function findShellEngineCommands(text: string): EngineCommand[] {
  return splitCommands(text).flatMap((c) => engineCommandOf(c) ?? []);
}
