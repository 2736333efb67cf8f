// Which evaluator runs a study's trials: the engine type decides between a served engine and a
// `command` benchmark, the target decides where: this machine, SSH hosts or Slurm jobs (server
// engines only; all share server-trial.ts).

import { CommandEvaluator } from './evaluate-command.js';
import { LocalEvaluator, type LocalEvaluatorOptions } from './evaluate-local.js';
import type { TargetSpec } from './slots.js';
import { SlurmEvaluator } from './slurm/evaluate-slurm.js';
import { SshEvaluator } from './ssh/evaluate-ssh.js';
import { withTrialDeadline } from './trial-deadline.js';
import type { EvaluationSetup, Evaluator } from './types.js';

/** The evaluator for `target`, every evaluation cut off at setup.trialTimeoutSec (trial-deadline.ts). */
export function createEvaluator(setup: EvaluationSetup, target: TargetSpec = { type: 'local' }, options: LocalEvaluatorOptions = {}): Evaluator {
  const inner = placeEvaluator(setup, target, options);
  return setup.trialTimeoutSec !== undefined ? withTrialDeadline(inner, setup.trialTimeoutSec) : inner;
}

function placeEvaluator(setup: EvaluationSetup, target: TargetSpec, options: LocalEvaluatorOptions): Evaluator {
  if (target.type === 'ssh') return new SshEvaluator(setup, target);
  if (target.type === 'slurm') return new SlurmEvaluator(setup, target);
  if (setup.preset.type === 'command') return new CommandEvaluator(setup);
  return new LocalEvaluator(setup, options);
}
