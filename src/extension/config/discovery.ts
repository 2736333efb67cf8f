// Which scoot.config.json a command means: none (offer to create one), the only one, or a pick among
// several with the one nearest the active editor first.

import { dirname, relative, sep } from 'node:path';

export type ConfigChoice = { kind: 'none' } | { kind: 'one'; path: string } | { kind: 'many'; paths: string[] };

/** Configs ordered for a pick: the one whose folder holds the active file first, then by depth and name. */
export function orderConfigs(paths: readonly string[], activeFile?: string): string[] {
  const holds = (config: string) => (activeFile ? !relative(dirname(config), activeFile).startsWith('..') : false);
  const depth = (p: string) => p.split(sep).length;
  return [...paths].sort((a, b) => {
    const h = Number(holds(b)) - Number(holds(a));
    if (h !== 0) return h;
    // Among configs that hold the active file, the deepest (nearest) first; otherwise shallow first.
    const d = holds(a) ? depth(b) - depth(a) : depth(a) - depth(b);
    return d !== 0 ? d : a.localeCompare(b);
  });
}

export function chooseConfig(paths: readonly string[], activeFile?: string): ConfigChoice {
  if (paths.length === 0) return { kind: 'none' };
  if (paths.length === 1) return { kind: 'one', path: paths[0] };
  return { kind: 'many', paths: orderConfigs(paths, activeFile) };
}
