// engine.launchFile: the base argv comes from the engine command in a launch file — a shell script,
// a Dockerfile, docker-compose or Kubernetes YAML (the same reader as the code lenses and `scoot apply`).

import { readFile } from 'node:fs/promises';
import { findLaunchSites } from '../launch/launch-sites.js';
import type { EngineType } from '../engines/preset.js';
import { ResolveError } from './resolve.js';

export async function readLaunchCommand(file: string, engine: EngineType): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ResolveError(`engine.launchFile: cannot read ${file}`, ['engine', 'launchFile']);
  }
  const commands = findLaunchSites(text, file);
  const matching = commands.filter((c) => c.engine === engine);
  if (matching.length === 0) {
    const seen = commands.length ? ` (found ${commands.map((c) => c.engine).join(', ')} instead)` : '';
    throw new ResolveError(`engine.launchFile: no ${engine} launch command in ${file}${seen}`, ['engine', 'launchFile']);
  }
  return matching[0].argv;
}
