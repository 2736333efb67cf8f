// The in-place patcher: a configuration written into a launch file's engine command as text edits
// ({offset, length, text}), so the extension can make them one undoable WorkspaceEdit and the CLI can
// apply them to the file. Only tuned flags change; quoting, comments, flag style, line continuations
// and indentation stay as they were; patching twice gives the same text as patching once.

import type { Params } from '../core/types.js';
import type { EnginePreset, GeneratedFile, LaunchFlags } from '../engines/preset.js';
import { findLaunchSites } from './launch-sites.js';
import { planPatch, type FlagChange, type Operation } from './patch-plan.js';
import type { LaunchSite } from './site.js';
import type { TextEdit } from './text-map.js';

export interface PatchResult {
  edits: TextEdit[];
  changes: FlagChange[];
  unchanged: string[];
  /** Files the new flags point at (written next to the launch file). */
  files: readonly GeneratedFile[];
}

export class PatchError extends Error {
  override readonly name = 'PatchError';
}

function editsOf(site: LaunchSite, op: Operation): TextEdit[] {
  const w = site.writer;
  switch (op.kind) {
    case 'replace':
      return w.replaceToken(op.token, op.value);
    case 'replace-inline':
      return w.replaceInlineValue(op.token, op.name, op.value);
    case 'remove':
      return w.removeTokens(op.from, op.to);
    case 'replace-range':
      return w.replaceTokens(op.from, op.to, op.values);
    case 'append':
      return w.append(op.groups);
  }
}

/** Edits that make one site carry the given flags. */
export function patchSite(site: LaunchSite, launch: LaunchFlags): PatchResult {
  // With an implied entrypoint the tokens are all arguments; otherwise token 0 is the executable.
  const plan = planPatch(site.tokens, launch.flags, site.implied.length > 0 ? 0 : 1);
  const edits = plan.operations.flatMap((op) => editsOf(site, op));
  return { edits, changes: plan.changes, unchanged: plan.unchanged, files: launch.files };
}

/** The site a study launched from: the first command of the preset's engine, unless one is named. */
export function pickSite(sites: readonly LaunchSite[], engine: string, index?: number): LaunchSite | undefined {
  if (index !== undefined) return sites[index]?.engine === engine ? sites[index] : undefined;
  return sites.find((s) => s.engine === engine);
}

export interface PatchFileOptions {
  /** Which site (index into findLaunchSites) to patch; default: the first of the preset's engine. */
  site?: number;
  /** Directory, relative to the launch file, for files the flags refer to (TensorRT-LLM's YAML). */
  filesDir?: string;
}

/** Edits that write `params` into the launch file's engine command. */
export function patchLaunchText(text: string, fileName: string, preset: EnginePreset, params: Params, options: PatchFileOptions = {}): PatchResult & { site: LaunchSite } {
  const sites = findLaunchSites(text, fileName);
  const site = pickSite(sites, preset.type, options.site);
  if (!site) {
    const seen = sites.length ? ` (found ${[...new Set(sites.map((s) => s.engine))].join(', ')})` : '';
    throw new PatchError(`${fileName}: no ${preset.type} launch command to patch${seen}`);
  }
  const launch = preset.launchFlags(params, options.filesDir !== undefined ? { filesDir: options.filesDir } : {});
  return { ...patchSite(site, launch), site };
}

/** A change as a person reads it: "--max-num-seqs 256 → 512", "+ --enforce-eager", "− --enable-prefix-caching". */
export function describeChange(c: FlagChange): string {
  if (c.before.length === 0) return `+ ${c.after.join(' ')}`;
  if (c.after.length === 0) return `- ${c.before.join(' ')}`;
  return `~ ${c.before.join(' ')} → ${c.after.join(' ')}`;
}
