// scoot tune: run (or resume) a study and print the chosen configuration against the default.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isSuggesterName, SUGGESTER_NAMES } from '../../core/suggesters/index.js';
import { killAllSync } from '../../runner/local-process.js';
import { CONFIG_FILE_NAME } from '../../study/config.js';
import { objectiveChanges, flagsOf } from '../../study/report.js';
import { startStudy } from '../../study/start-study.js';
import type { StudyOutcome } from '../../study/run-study.js';
import { intOption, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { demoConfig } from '../demo-config.js';
import { formatMetric, formatPercent } from '../format.js';
import { cliHost } from '../host.js';
import { ProgressPrinter, type ProgressMode } from '../progress.js';

export const TUNE_HELP = `Usage: scoot tune [options]

Tunes the engine described by scoot.config.json: evaluates the default configuration, a Sobol design,
then Bayesian-optimisation suggestions until the budget, and re-tests the chosen configuration.

Options:
  -c, --config FILE     config file (default: ./${CONFIG_FILE_NAME})
      --demo            built-in defaults: the simulated engine on the bundled chat trace
      --budget N        evaluations in total (overrides budget.evaluations)
      --parallel P      trials at once (overrides budget.parallel)
      --optimizer NAME  ${SUGGESTER_NAMES.join(' | ')}
      --seed S          optimiser seed
      --study DIR       study folder (default: .scoot/<name>/ next to the config)
      --resume          continue the study in its folder; finished trials are never re-run
      --json            one JSON object per line: events, then the result
  -q, --quiet           print only the result
  -h, --help            this help`;

export async function tuneCommand(argv: readonly string[]): Promise<number> {
  const { values } = parse(argv, {
    config: { type: 'string', short: 'c' },
    demo: { type: 'boolean' },
    budget: { type: 'string' },
    parallel: { type: 'string' },
    optimizer: { type: 'string' },
    seed: { type: 'string' },
    study: { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${TUNE_HELP}\n`);
    return 0;
  }
  if (values.optimizer !== undefined && !isSuggesterName(values.optimizer)) throw new CliError(`--optimizer must be one of ${SUGGESTER_NAMES.join(', ')}, got "${values.optimizer}"`);
  const overrides = {
    budget: intOption(values.budget, 'budget'),
    parallel: intOption(values.parallel, 'parallel'),
    ...(values.optimizer !== undefined && isSuggesterName(values.optimizer) ? { optimizer: values.optimizer } : {}),
    seed: intOption(values.seed, 'seed', 0),
  };
  const configPath = resolve(values.config ?? CONFIG_FILE_NAME);
  const demo = values.demo === true;
  if (!demo && !existsSync(configPath)) {
    throw new CliError(values.config ? `${values.config}: file not found` : `no ${CONFIG_FILE_NAME} in ${process.cwd()}: create one with \`scoot init\`, or try \`scoot tune --demo\``);
  }
  const mode: ProgressMode = values.json ? 'json' : values.quiet ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines';
  const progress = new ProgressPrinter(mode);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nstopping: the running trials are being shut down (Ctrl-C again to kill at once)\n');
      controller.abort();
    } else {
      killAllSync();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  let outcome: StudyOutcome;
  try {
    outcome = await startStudy({
      configPath: demo ? resolve(process.cwd(), CONFIG_FILE_NAME) : configPath,
      ...(demo ? { config: demoConfig() } : {}),
      ...(values.study ? { studyDir: values.study } : {}),
      resume: values.resume === true,
      overrides,
      host: cliHost(),
      signal: controller.signal,
      onEvent: (e) => progress.handle(e),
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  printOutcome(outcome, values.json === true);
  // A set-up error is the user's to fix (exit 2, like any bad input); anything else is SCOOT's (1).
  if (outcome.status === 'failed') return outcome.errorKind === 'setup' ? 2 : 1;
  return outcome.status === 'stopped' ? 130 : 0;
}

function printOutcome(outcome: StudyOutcome, json: boolean): void {
  const s = outcome.summary;
  const changes = s.best && s.default ? objectiveChanges(s.objectives, s.best.metrics, s.default.metrics) : [];
  if (json) {
    process.stdout.write(`${JSON.stringify({ event: 'result', status: outcome.status, error: outcome.error ?? null, studyDir: outcome.studyDir, report: outcome.reportPath, best: s.best ?? null, default: s.default ?? null, changes, pareto: s.pareto.length, evaluated: s.evaluated, infeasible: s.infeasible })}\n`);
    return;
  }
  const out: string[] = [];
  if (outcome.error) process.stderr.write(`scoot: ${outcome.error}\n`);
  if (outcome.status === 'stopped') out.push(`stopped after ${s.evaluated} of ${s.budget} trials; continue with \`scoot tune --resume\``);
  if (s.best) {
    const how = s.objectives.length > 1 ? `, the max-hypervolume point of ${s.pareto.length} Pareto-optimal` : '';
    out.push(`Chosen configuration (trial ${s.best.trial}${how}):`, `  ${flagsOf(s.best.params) || 'the base command, no tuned flag (engine defaults)'}`);
    for (const o of s.objectives) {
      const c = changes.find((x) => x.metric === o.metric);
      const base = s.default ? `${formatMetric(o.metric, s.default.metrics[o.metric])} → ` : '';
      out.push(`  ${o.metric.padEnd(18)} ${base}${formatMetric(o.metric, s.best.metrics[o.metric])}${c ? `  (${formatPercent(c.percent)} vs default)` : ''}`);
    }
  } else {
    out.push('No feasible configuration that meets the SLOs was found.');
  }
  out.push(`${s.evaluated} trials, ${s.infeasible} infeasible, ${(s.wallSeconds / 60).toFixed(1)} min`, `Study:  ${outcome.studyDir}`, `Report: ${outcome.reportPath}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
