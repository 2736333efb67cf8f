// Which evaluator runs a study's trials: the engine type decides between a served engine and a
// `command` benchmark, the target decides where (only this machine so far; SSH hosts and Slurm jobs
// will plug in here with evaluators of their own, sharing server-trial.ts).

import { CommandEvaluator } from './evaluate-command.js';
import { LocalEvaluator, type LocalEvaluatorOptions } from './evaluate-local.js';
import { unsupportedTarget, type TargetSpec } from './slots.js';
import type { EvaluationSetup, Evaluator } from './types.js';

export function createEvaluator(setup: EvaluationSetup, target: TargetSpec = { type: 'local' }, options: LocalEvaluatorOptions = {}): Evaluator {
  if (target.type !== 'local') throw unsupportedTarget(target.type);
  if (setup.preset.type === 'command') return new CommandEvaluator(setup);
  return new LocalEvaluator(setup, options);
}
