// Which kind of launch file a file is, and every engine command in it.

import { dockerfileSites } from './dockerfile.js';
import { shellSites } from './site-builders.js';
import type { LaunchFormat, LaunchSite } from './site.js';
import { identityMap } from './text-map.js';
import { isComposeDocument, yamlSites } from './yaml-sites.js';

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The format of a launch file, from its name (and, for YAML, its content); undefined if not one. */
export function launchFormatOf(fileName: string, text = ''): LaunchFormat | undefined {
  const name = basename(fileName);
  const lower = name.toLowerCase();
  if (/^(docker|container)file([.-].*)?$/i.test(name) || lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return 'dockerfile';
  if (/\.ya?ml$/.test(lower)) {
    if (/^(docker-)?compose([.-].*)?\.ya?ml$/.test(lower) || isComposeDocument(text)) return 'compose';
    return 'kubernetes';
  }
  if (/\.(sh|bash|zsh|ksh|slurm|sbatch|pbs|env)$/.test(lower) || /^#!.*\b(ba|z|k|da)?sh\b/.test(text)) return 'shell';
  return undefined;
}

/** Every engine launch command in a launch file. */
export function findLaunchSites(text: string, fileName: string, format = launchFormatOf(fileName, text)): LaunchSite[] {
  switch (format) {
    case 'shell':
      return shellSites(identityMap(text), { format: 'shell', source: text });
    case 'dockerfile':
      return dockerfileSites(text);
    case 'compose':
    case 'kubernetes':
      return yamlSites(text, format);
    default:
      return [];
  }
}
