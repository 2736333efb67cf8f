// scoot init [--from serve.sh]: a starter scoot.config.json, from a launch script's engine command
// (engine type and base argv) or for the simulated engine, with a trace to stress-test with.

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { findLaunchSites } from '../../launch/launch-sites.js';
import type { ScootConfig } from '../../study/config.js';
import { CONFIG_FILE_NAME } from '../../study/config.js';
import { launchStarterConfig, simStarterConfig } from '../../study/starter-config.js';
import { localGpuIndices } from '../../runner/local-gpus.js';
import { parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { bundledTrace } from '../package-root.js';

export const INIT_HELP = `Usage: scoot init [--from SCRIPT] [--trace FILE] [-o FILE] [--force]

Writes a starter ${CONFIG_FILE_NAME} that \`scoot tune\` runs as written on this machine.

Without --from, it tunes the simulated engine (no GPU needed). With --from, the engine, its base
command and its tensor-parallel size (engine.gpusPerTrial) come from the engine command in a launch
script, Dockerfile, docker-compose or Kubernetes YAML: vllm serve, python -m sglang.launch_server,
trtllm-serve or llama-server; target.gpus lists this machine's GPUs (nvidia-smi).

Options:
      --from SCRIPT   the launch file to read the engine command from
      --trace FILE    the request trace to stress-test with (default: the bundled chat trace,
                      copied to traces/chat.jsonl)
  -o, --output FILE   where to write (default: ./${CONFIG_FILE_NAME})
      --force         overwrite an existing file
  -h, --help          this help`;

export async function initCommand(argv: readonly string[]): Promise<number> {
  const { values } = parse(argv, { from: { type: 'string' }, trace: { type: 'string' }, output: { type: 'string', short: 'o' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${INIT_HELP}\n`);
    return 0;
  }
  const output = resolve(values.output ?? CONFIG_FILE_NAME);
  if (existsSync(output) && !values.force) throw new CliError(`${relative(process.cwd(), output) || output} already exists (use --force to overwrite)`);
  const outDir = dirname(output);
  let trace = values.trace ? relative(outDir, resolve(values.trace)) : undefined;
  if (!trace) {
    const target = join(outDir, 'traces', 'chat.jsonl');
    if (!existsSync(target)) {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(bundledTrace('chat'), target);
    }
    trace = 'traces/chat.jsonl';
  }
  let config: ScootConfig;
  let what: string;
  if (values.from) {
    let text: string;
    try {
      text = await readFile(values.from, 'utf8');
    } catch {
      throw new CliError(`${values.from}: cannot read the launch script`);
    }
    const found = findLaunchSites(text, values.from);
    if (found.length === 0) throw new CliError(`${values.from}: no engine launch command found (vllm serve, python -m sglang.launch_server, trtllm-serve, llama-server)`);
    const site = found[0];
    const machineGpus = localGpuIndices();
    config = launchStarterConfig('tuning', { engine: site.engine, readsLaunchFile: true, argv: site.argv }, relative(outDir, resolve(values.from)), trace, machineGpus);
    const perTrial = config.engine.gpusPerTrial ?? 1;
    const gpus = config.target?.type === 'local' ? (config.target.gpus ?? []) : [];
    what = `${site.engine} from ${values.from} (${site.where}): ${perTrial} GPU${perTrial > 1 ? 's' : ''} per trial (its tensor-parallel size), target.gpus [${gpus.join(', ')}]${machineGpus.length >= perTrial ? ' (nvidia-smi)' : machineGpus.length ? ` (nvidia-smi lists only ${machineGpus.length} here)` : ' (no GPU found here: list the GPUs of the machine that runs the study)'}`;
  } else {
    config = simStarterConfig('tuning', trace);
    what = 'the simulated engine (no GPU needed)';
  }
  await writeFile(output, `${JSON.stringify(config, null, 2)}\n`);
  process.stdout.write(`wrote ${relative(process.cwd(), output) || output} for ${what}\n`);
  process.stdout.write(`next: check the objectives, SLOs and budget (${config.budget.evaluations} trials, ${config.budget.parallel ?? 1} at a time), then run \`scoot tune\` (\`scoot tune --budget 3\` for a first look)\n`);
  return 0;
}
