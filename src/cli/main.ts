// The `scoot` command line (docs/ARCHITECTURE.md §7, command line). Same code as the extension; runs headless on a GPU box.
// Every user-fixable problem ends as one line on stderr and a non-zero exit, never a stack trace.

import { serveSuggestionsIfWorker } from '../study/suggest-service.js';
import { killAllSync } from '../runner/local-process.js';
import { CliError, failureReport } from './cli-error.js';
import { packageVersion } from './package-root.js';
import { tuneCommand } from './commands/tune.js';
import { reportCommand } from './commands/report.js';
import { initCommand } from './commands/init.js';
import { applyCommand } from './commands/apply.js';
import { simServe } from '../sim/serve-main.js';
import { benchOptimizerCommand } from './commands/bench-optimizer.js';

const HELP = `Usage: scoot <command> [options]

Commands:
  tune               tune the engine of ./scoot.config.json (or --demo: the simulated engine)
  report             print a study's Markdown report (default: the latest study here)
  apply              write the chosen (or --trial N) configuration into the launch file (--dry-run)
  init               write a starter scoot.config.json (--from serve.sh)
  sim serve          run the simulated OpenAI-compatible engine (vLLM-style flags)
  bench optimizer    benchmark SCOOT against its baselines on standard test problems

Options:
  -h, --help         this help
  -v, --version      the version

Run \`scoot <command> --help\` for a command's options.`;

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'tune':
      return tuneCommand(rest);
    case 'report':
      return reportCommand(rest);
    case 'init':
      return initCommand(rest);
    case 'apply':
      return applyCommand(rest);
    case 'sim':
      if (rest[0] !== 'serve') throw new CliError('usage: scoot sim serve [vLLM-style flags] (see `scoot sim serve --help`)');
      return simServe(rest.slice(1));
    case 'bench':
      if (rest[0] !== 'optimizer') throw new CliError('usage: scoot bench optimizer [--json] [--problems a,b] [--suggesters x,y] [--seeds N]');
      return benchOptimizerCommand(rest.slice(1));
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${HELP}\n`);
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v':
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    default:
      throw new CliError(`unknown command "${command}" (try \`scoot --help\`)`);
  }
}

async function main(): Promise<void> {
  if (await serveSuggestionsIfWorker()) return;
  // Engines are process-group leaders of their own; make sure none outlives us.
  process.on('exit', () => killAllSync());
  try {
    process.exitCode = await dispatch(process.argv.slice(2));
  } catch (e) {
    const report = failureReport(e, Boolean(process.env.SCOOT_DEBUG));
    process.stderr.write(report.text);
    process.exitCode = report.exitCode;
  }
}

void main();
