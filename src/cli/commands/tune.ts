// scoot tune: run (or resume) a study and print the chosen configuration against the default.

import { existsSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { isSuggesterName, SUGGESTER_NAMES } from '../../core/suggesters/index.js';
import { killAllSync } from '../../runner/local-process.js';
import { CONFIG_FILE_NAME } from '../../study/config.js';
import type { DefaultComparison } from '../../protocol/study.js';
import { comparisonBasis, comparisonRows, howChosen } from '../../study/comparison-text.js';
import { objectiveChanges, flagsOf } from '../../study/report.js';
import { claimNumberedStudy, numberedStudies, type StudyFolder } from '../../study/study-folders.js';
import { startStudy } from '../../study/start-study.js';
import type { StudyOutcome } from '../../study/run-study.js';
import { intOption, parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { demoConfig, DEMO_STUDY } from '../demo-config.js';
import { cliHost } from '../host.js';
import { ProgressPrinter, type ProgressMode } from '../progress.js';

export const TUNE_HELP = `Usage: scoot tune [options]

Tunes the engine described by scoot.config.json: evaluates the default configuration, a Sobol
design, then Bayesian-optimisation suggestions until the budget; then re-tests the chosen
configuration and the default under the same other arrival orders (robustness.repeats) and compares
their worst cases.

Options:
  -c, --config FILE     config file (default: ./${CONFIG_FILE_NAME})
      --demo            built-in defaults: the simulated engine on the bundled chat trace,
                        a fresh study each run (.scoot/demo-1, demo-2, …; earlier ones kept)
      --budget N        evaluations in total (overrides budget.evaluations)
      --parallel P      trials at once (overrides budget.parallel)
      --optimizer NAME  ${SUGGESTER_NAMES.join(' | ')}
      --seed S          optimiser seed
      --study DIR       study folder (default: .scoot/<name>/ next to the config)
      --resume          continue the study in its folder (with --demo: the latest demo);
                        finished trials are never re-run
      --json            one JSON object per line: events, then the result
  -q, --quiet           print only the result
  -h, --help            this help`;

interface DemoRun {
  dir: string;
  name: string;
  /** Earlier demo studies in the same .scoot folder, most recent first: kept, and listed at the end. */
  earlier: StudyFolder[];
}

/**
 * Where a demo runs: a fresh numbered study each time (.scoot/demo-1, demo-2, …; the earlier ones are
 * kept), the most recent one with --resume, or --study DIR.
 */
async function demoStudy(study: string | undefined, resume: boolean): Promise<DemoRun> {
  const root = process.cwd();
  const existing = await numberedStudies(root, DEMO_STUDY);
  if (study) {
    const dir = resolve(study);
    return { dir, name: basename(dir), earlier: existing.filter((s) => s.dir !== dir) };
  }
  if (resume) {
    const latest = existing[0];
    if (!latest) throw new CliError(`--resume --demo: no demo study in ${relativeTo(resolve(root, '.scoot'))} to continue; run \`scoot tune --demo\` first`);
    return { dir: latest.dir, name: latest.name, earlier: existing.slice(1) };
  }
  const claimed = await claimNumberedStudy(root, DEMO_STUDY);
  return { ...claimed, earlier: existing };
}

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
  const demoRun = demo ? await demoStudy(values.study, values.resume === true) : undefined;
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
      ...(demoRun ? { config: demoConfig(demoRun.name), studyDir: demoRun.dir } : values.study ? { studyDir: values.study } : {}),
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
  printOutcome(outcome, values.json === true, demoRun);
  // A set-up error is the user's to fix (exit 2, like any bad input); anything else is SCOOT's (1).
  if (outcome.status === 'failed') return outcome.errorKind === 'setup' ? 2 : 1;
  return outcome.status === 'stopped' ? 130 : 0;
}

function printOutcome(outcome: StudyOutcome, json: boolean, demo: DemoRun | undefined): void {
  const s = outcome.summary;
  const changes = s.best && s.default ? objectiveChanges(s.objectives, s.best.metrics, s.default.metrics) : [];
  if (json) {
    process.stdout.write(`${JSON.stringify({ event: 'result', status: outcome.status, error: outcome.error ?? null, studyDir: outcome.studyDir, report: outcome.reportPath, best: s.best ?? null, default: s.default ?? null, comparison: s.comparison ?? null, singleRunChanges: changes, pareto: s.pareto.length, evaluated: s.evaluated, infeasible: s.infeasible, stoppedEarly: s.stoppedEarly ?? 0, converged: s.converged ?? null })}\n`);
    return;
  }
  const out: string[] = [];
  if (outcome.error) process.stderr.write(`scoot: ${outcome.error}\n`);
  if (outcome.status === 'stopped') out.push(`stopped after ${s.evaluated} of ${s.budget} trials; continue with \`scoot tune --resume${demo ? ' --demo' : ''}\``);
  if (s.best) {
    out.push(`Chosen configuration: trial ${s.best.trial}, ${howChosen(s)}`, `  ${flagsOf(s.best.params) || 'the base command, no tuned flag (engine defaults)'}`);
    out.push(...comparisonLines(s.comparison));
  } else {
    out.push(s.slo ? 'No feasible configuration that meets the SLOs was found.' : 'No feasible configuration was found.');
  }
  if (s.converged) out.push(`Stopped at trial ${s.converged.atTrial} of ${s.budget}: converged (${s.converged.reason})`);
  const early = s.stoppedEarly ? `, ${s.stoppedEarly} stopped early (about ${Math.round(s.savedSeconds ?? 0)} s of load saved)` : '';
  out.push(`${s.evaluated} trials, ${s.infeasible} infeasible${early}, ${(s.wallSeconds / 60).toFixed(1)} min`, `Study:  ${outcome.studyDir}`, `Report: ${outcome.reportPath}`);
  if (demo && demo.earlier.length > 0) {
    const shown = demo.earlier.slice(0, 5).map((d) => relativeTo(d.dir)).join(', ');
    const more = demo.earlier.length > 5 ? ` and ${demo.earlier.length - 5} older` : '';
    out.push(`Earlier demo studies, kept: ${shown}${more} (\`scoot report --study DIR\`)`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The headline rows, aligned; the same figures report.md shows (comparison-text.ts). */
function comparisonLines(c: DefaultComparison | undefined): string[] {
  if (!c) return ['  (no measured default to compare with)'];
  const head = `${comparisonBasis(c)}:`;
  if (c.chosenTrial === c.defaultTrial) return [`  ${head.slice(0, -1)}`];
  const rows = comparisonRows(c);
  const width = Math.max(...rows.map((r) => r.metric.length)) + 2;
  const lines = [`  ${head.charAt(0).toUpperCase()}${head.slice(1)}`];
  for (const r of rows) lines.push(`    ${r.metric.padEnd(width)}${r.default} → ${r.chosen}  (${r.change})`);
  if (c.basis === 'worst-case') lines.push(`  Single runs (the tuning run of each, one arrival order): ${rows.map((r) => `${r.metric} ${r.singleRun ?? '–'}`).join(', ')}`);
  for (const note of c.notes) lines.push(`  Note: ${note}.`);
  return lines;
}

function relativeTo(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}
