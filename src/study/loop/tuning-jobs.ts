// Where tuning jobs come from: first the engine's true default (the space's default point, or the bare
// base command for a preset whose baseline is the base command), measured even when it breaks a known
// constraint; then, while the budget has room, the optimiser's suggestions for the slots waiting —
// unless budget.convergence says the study has converged. Parameters held fixed are added to every
// configuration the engine runs and stripped from what the optimiser sees.

import { Space } from '../../core/space.js';
import type { Params } from '../../protocol/study.js';
import { defaultViolationNotice, violatedConstraints } from '../constraint-feasibility.js';
import type { StudyEventListener } from '../events.js';
import { optimizerHistory, withBaselineReference } from '../history.js';
import { buildProblem } from '../problem-definition.js';
import type { ResolvedStudy } from '../resolve.js';
import type { SuggestService } from '../suggest-service.js';
import type { Job } from './job.js';
import type { Refill } from './job-supply.js';
import type { StudyState } from './study-state.js';

/** The engine's true default configuration, with the known constraints it violates. */
export function defaultJob(resolved: ResolvedStudy): Job {
  const { fixed } = resolved.problem;
  const params = resolved.preset.baseline === 'base-command' ? { ...fixed } : { ...new Space(resolved.problem.space).defaults(), ...fixed };
  const violates = violatedConstraints(params, fixed, buildProblem(resolved.problem).constraints);
  return { params, source: 'default', ...(violates.length > 0 ? { violates } : {}) };
}

/** The tuned parameters of a configuration the engine runs (the optimiser does not know the fixed ones). */
export function tunedOnly(resolved: ResolvedStudy, params: Params): Params {
  const out: Params = {};
  for (const name of Object.keys(resolved.problem.space)) out[name] = params[name];
  return out;
}

export function tuningRefill(resolved: ResolvedStudy, state: StudyState, suggest: SuggestService, emit: StudyEventListener): Refill {
  const definition = resolved.problem;
  return async (inFlight, waiting) => {
    const room = resolved.budget - state.tuningCount() - inFlight.length;
    if (room <= 0) return [];
    if (!state.records.some((r) => r.source === 'default') && !inFlight.some((j) => j.source === 'default')) {
      const job = defaultJob(resolved);
      if (job.violates) emit({ type: 'log', level: 'warn', message: defaultViolationNotice(job.violates) });
      return [job];
    }
    const t0 = performance.now();
    const spent = () => (state.suggestSeconds += (performance.now() - t0) / 1000);
    if (resolved.convergence && (state.converged ??= await convergence(resolved, state, suggest, emit))) {
      spent();
      return [];
    }
    const suggestions = await suggest.suggest({
      definition: withBaselineReference(definition, resolved.objectives, state.records),
      algorithm: resolved.algorithm,
      seed: resolved.seed,
      request: { history: optimizerHistory(definition, resolved.objectives, state.records), pending: inFlight.map((j) => tunedOnly(resolved, j.params)), q: Math.max(1, Math.min(room, waiting)) },
    });
    spent();
    for (const message of new Set(suggestions.flatMap((s) => s.warnings ?? []))) emit({ type: 'log', level: 'warn', message: `optimiser: ${message}` });
    if (suggestions.length === 0) emit({ type: 'log', level: 'warn', message: 'the optimiser has no new configuration to suggest (space exhausted); stopping early' });
    return suggestions.map((s): Job => ({ params: { ...s.params, ...definition.fixed }, source: s.source, ...(s.pofThreshold !== undefined ? { pofThreshold: s.pofThreshold } : {}) }));
  };
}

/** budget.convergence: once it holds, no new tuning trial starts (those running finish). */
async function convergence(resolved: ResolvedStudy, state: StudyState, suggest: SuggestService, emit: StudyEventListener) {
  if (!resolved.convergence) return undefined;
  const definition = resolved.problem;
  const decision = await suggest.converged({ definition: withBaselineReference(definition, resolved.objectives, state.records), seed: resolved.seed, history: optimizerHistory(definition, resolved.objectives, state.records), settings: resolved.convergence });
  if (!decision) return undefined;
  const at = state.tuningCount();
  emit({ type: 'log', level: 'info', message: `converged after ${at} trials: ${decision.reason}; stopping before the budget of ${resolved.budget}` });
  return { rule: decision.rule, reason: decision.reason, atTrial: at };
}
