// Reads what a study left on disk (docs/ARCHITECTURE.md §4, study folder) and derives the expectations the
// end-to-end test checks the workbench against, independently of the extension's own code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset } from '../../../src/engines/index.js';
import { findShellEngineCommands } from '../../../src/launch/engine-command.js';

export type ParamValue = number | string | boolean;

export interface Observation {
  trial: number;
  params: Record<string, ParamValue>;
  status: 'ok' | 'infeasible' | 'error';
  metrics?: Record<string, number>;
  source: string;
}

export interface Point {
  trial: number;
  params: Record<string, ParamValue>;
  metrics: Record<string, number>;
}

export interface Summary {
  study: string;
  evaluated: number;
  budget?: number;
  objectives: { metric: string; goal: 'min' | 'max' }[];
  best?: Point;
  default?: Point;
  pareto: Point[];
}

export function readSummary(studyDir: string): Summary | undefined {
  const file = join(studyDir, 'summary.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Summary;
  } catch {
    // Caught mid-rewrite.
    return undefined;
  }
}

export function readObservations(studyDir: string): Observation[] {
  const file = join(studyDir, 'observations.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Observation);
}

/** Trials of the non-dominated set of feasible observations (every objective minimised or maximised). */
export function paretoTrials(observations: Observation[], objectives: Summary['objectives']): number[] {
  const ok = observations.filter((o) => o.status === 'ok' && o.source !== 'robustness' && objectives.every((k) => typeof o.metrics?.[k.metric] === 'number'));
  const cost = (o: Observation) => objectives.map((k) => (k.goal === 'min' ? 1 : -1) * (o.metrics?.[k.metric] as number));
  const dominates = (a: number[], b: number[]) => a.every((v, i) => v <= b[i]) && a.some((v, i) => v < b[i]);
  return ok.filter((o) => !ok.some((p) => dominates(cost(p), cost(o)))).map((o) => o.trial).sort((a, b) => a - b);
}

function flagName(token: string): string {
  const eq = token.indexOf('=');
  return eq < 0 ? token : token.slice(0, eq);
}

/**
 * Problems with the engine command of `script` carrying `params` (the simulator preset's spellings):
 * each tuned flag present exactly once with its value (`--a b` or `--a=b`), or absent when the
 * configuration needs it absent. Empty when the script carries the configuration.
 */
export function launchScriptMismatches(script: string, params: Record<string, ParamValue>): string[] {
  const commands = findShellEngineCommands(script);
  if (commands.length !== 1) return [`expected one engine command in the launch script, found ${commands.length}`];
  const argv = commands[0].argv;
  const problems: string[] = [];
  for (const flag of getPreset('sim').launchFlags(params).flags) {
    const names = new Set(flag.strip.flatMap((s) => s.names));
    const at = argv.flatMap((t, i) => (t.startsWith('-') && names.has(flagName(t)) ? [i] : []));
    if (flag.argv.length === 0) {
      if (at.length > 0) problems.push(`${flag.name}: should be absent, found ${at.map((i) => argv[i]).join(' ')}`);
      continue;
    }
    if (at.length !== 1) {
      problems.push(`${flag.name}: expected once as ${flag.argv.join(' ')}, found ${at.length} times`);
      continue;
    }
    const i = at[0];
    const [name, value] = flag.argv;
    const got = argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : value === undefined ? undefined : argv[i + 1];
    const same = value === undefined ? argv[i] === name : got !== undefined && (got === value || Number(got) === Number(value));
    if (!same) problems.push(`${flag.name}: expected ${flag.argv.join(' ')}, found ${argv[i]}${argv[i].includes('=') || value === undefined ? '' : ` ${argv[i + 1]}`}`);
  }
  return problems;
}
