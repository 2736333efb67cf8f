// A launch whose port is only known on the other machine. On an SSH host or inside a Slurm job the
// free port is found there, after the command has been written; so the preset renders the launch
// twice with two different sentinel ports, and wherever the two renders differ the port is spliced in
// as a shell variable. Nothing about the preset's flag syntax (--port N, --port=N, a YAML field) has
// to be known here.

import { PresetError, type EnginePreset, type RenderedLaunch } from '../../engines/preset.js';
import type { Params } from '../../core/types.js';
import { EvaluationSetupError } from '../types.js';
import { isEnvName, shellQuote } from './shell.js';

/** The shell variable that holds the port on the remote side. */
export const PORT_VARIABLE = 'SCOOT_PORT';

// Two valid ports whose digits share nothing, so neither is a substring of the other or of a
// neighbouring digit run.
const SENTINEL_A = 47_093;
const SENTINEL_B = 58_261;

/** Shell code of one word (already quoted; may expand "$SCOOT_PORT"). */
export type ShellWord = string;

export interface PortTemplatedLaunch {
  argv: ShellWord[];
  /** [name, value word] pairs for `env`. */
  env: Array<[string, ShellWord]>;
  /** Files to write before the launch; paths never depend on the port. */
  files: Array<{ path: string; content: ShellWord }>;
  /** Whether the port appears anywhere (a launch that ignores it cannot be reached). */
  usesPort: boolean;
}

export interface TemplateContext {
  host: string;
  gpus: readonly number[];
  workDir: string;
}

function renderAt(preset: EnginePreset, params: Params, base: readonly string[], ctx: TemplateContext, port: number): RenderedLaunch {
  try {
    return preset.render(params, base, { host: ctx.host, port, gpus: ctx.gpus, workDir: ctx.workDir });
  } catch (e) {
    if (e instanceof PresetError) throw new EvaluationSetupError(e.message);
    throw e;
  }
}

/**
 * The shell word for a rendered value: `a` as rendered with SENTINEL_A, `b` with SENTINEL_B. Where
 * they differ, every occurrence of SENTINEL_A in `a` must be the port (checked by substituting B).
 */
export function templatedWord(a: string, b: string, what: string): { word: ShellWord; usesPort: boolean } {
  if (a === b) return { word: shellQuote(a), usesPort: false };
  const sa = String(SENTINEL_A);
  const pieces = a.split(sa);
  if (pieces.length < 2 || pieces.join(String(SENTINEL_B)) !== b) {
    throw new EvaluationSetupError(`${what} depends on the port in a way the remote launch cannot reproduce`);
  }
  const word = pieces.map((p) => (p === '' ? '' : shellQuote(p))).join(`"$${PORT_VARIABLE}"`);
  return { word, usesPort: true };
}

/** Renders `params` for a remote launch with the port left to the remote side. */
export function renderPortTemplated(preset: EnginePreset, params: Params, base: readonly string[], ctx: TemplateContext): PortTemplatedLaunch {
  const a = renderAt(preset, params, base, ctx, SENTINEL_A);
  const b = renderAt(preset, params, base, ctx, SENTINEL_B);
  let usesPort = false;
  const word = (x: string, y: string, what: string): ShellWord => {
    const t = templatedWord(x, y, what);
    usesPort ||= t.usesPort;
    return t.word;
  };
  if (a.argv.length !== b.argv.length) throw new EvaluationSetupError('the engine command changes length with the port; it cannot be launched remotely');
  const argv = a.argv.map((x, i) => word(x, b.argv[i], `engine argument ${i}`));
  const env: Array<[string, ShellWord]> = [];
  for (const [name, value] of Object.entries(a.env)) {
    if (!isEnvName(name)) throw new EvaluationSetupError(`environment variable name "${name}" is not valid in a shell`);
    env.push([name, word(value, b.env[name] ?? '', `environment variable ${name}`)]);
  }
  const files = a.files.map((f, i) => {
    const other = b.files[i];
    if (!other || other.path !== f.path) throw new EvaluationSetupError(`generated file ${f.path} changes with the port; it cannot be written remotely`);
    return { path: f.path, content: word(f.content, other.content, `generated file ${f.path}`) };
  });
  return { argv, env, files, usesPort };
}

/** A leading `scoot` runs this very program (e.g. [node, dist/cli.js]), as for local engines. */
export function withScootCommand(argv: readonly ShellWord[], scootCommand: readonly string[]): ShellWord[] {
  if (argv[0] === 'scoot' && scootCommand.length > 0) return [...scootCommand.map(shellQuote), ...argv.slice(1)];
  return [...argv];
}
