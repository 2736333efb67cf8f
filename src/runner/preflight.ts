// Set-up problems found before the first trial rather than during it: a study that cannot launch its
// engine at all should say so in one line without recording the default as "infeasible".

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { portState } from './ports.js';
import { commandNotFound, resolveScoot } from './local-process.js';
import { EvaluationSetupError, type EvaluationSetup } from './types.js';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Resolves a command the way execvp does (PATH lookup unless it contains a slash). */
export function findExecutable(command: string, cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return isExecutable(path) ? path : undefined;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, command);
    if (isExecutable(path)) return path;
  }
  return undefined;
}

export async function preflightLocal(setup: EvaluationSetup): Promise<void> {
  const argv = setup.evaluateTemplate ?? resolveScoot(setup.baseCommand, setup.scootCommand);
  const role = setup.evaluateTemplate ? 'benchmark' : 'engine';
  const command = argv[0];
  if (!command) throw new EvaluationSetupError(`the ${role} command is empty`);
  if (!findExecutable(command, setup.cwd, { ...process.env, ...setup.env })) {
    throw new EvaluationSetupError(commandNotFound(role, command));
  }
  if (setup.basePort !== undefined && (await portState(setup.host, setup.basePort)) === 'in-use') {
    throw new EvaluationSetupError(`port ${setup.basePort} is already in use by another process; free it or set engine.port`);
  }
}
