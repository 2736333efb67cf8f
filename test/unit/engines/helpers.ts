// Shared checks for the preset tests: the space builds, constraints parse against its names and the
// preset's own defaults satisfy them.

import assert from 'node:assert/strict';
import { parseConstraint } from '../../../src/core/constraints.js';
import { Space } from '../../../src/core/space.js';
import type { EnginePreset, LaunchContext, SpaceOptions, WorkloadFacts } from '../../../src/engines/preset.js';

export const CTX: LaunchContext = { host: '127.0.0.1', port: 8123, gpus: [0, 1], workDir: '/tmp/scoot-trial-7' };

/** ~260-token prompts and 128 output tokens, as in the measured grid of docs/ARCHITECTURE.md §9. */
export const CHAT_FACTS: WorkloadFacts = { maxPromptTokens: 300, maxOutputTokens: 128, maxTotalTokens: 420 };

export function buildSpace(preset: EnginePreset, options: SpaceOptions): Space {
  return new Space(preset.space(options));
}

/** Parses every constraint against the space's names; returns them for evaluation. */
export function parsedConstraints(preset: EnginePreset, options: SpaceOptions, facts: WorkloadFacts = CHAT_FACTS) {
  const space = buildSpace(preset, options);
  const sources = [...preset.constraints(options), ...preset.workloadConstraints({ ...facts, maxModelLen: facts.maxModelLen ?? options.maxModelLen })];
  return sources.map((s) => parseConstraint(s, space.names));
}

export function assertDefaultsFeasible(preset: EnginePreset, options: SpaceOptions, facts: WorkloadFacts = CHAT_FACTS): void {
  const space = buildSpace(preset, options);
  const defaults = space.defaults();
  assert.equal(space.check(defaults), undefined);
  for (const c of parsedConstraints(preset, options, facts)) assert.ok(c.test(defaults), `default configuration violates "${c.source}"`);
}
