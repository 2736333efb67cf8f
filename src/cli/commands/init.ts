// scoot init [--from serve.sh]: a starter scoot.config.json, from a launch script's engine command
// (engine type and base argv) or for the simulated engine, with a trace to stress-test with.

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { findLaunchSites } from '../../launch/launch-sites.js';
import type { ScootConfig } from '../../study/config.js';
import { CONFIG_FILE_NAME } from '../../study/config.js';
import { starterConfig } from '../../study/starter-config.js';
import { parse } from '../args.js';
import { CliError } from '../cli-error.js';
import { bundledTrace } from '../package-root.js';

export const INIT_HELP = `Usage: scoot init [--from SCRIPT] [--trace FILE] [-o FILE] [--force]

Writes a starter ${CONFIG_FILE_NAME}. With --from, the engine and its base command come from the
launch script, Dockerfile, docker-compose or Kubernetes YAML (vllm serve, python -m sglang.launch_server,
trtllm-serve, llama-server); without,
the simulated engine. Without --trace, the bundled chat trace is copied to traces/chat.jsonl.`;

export async function initCommand(argv: readonly string[]): Promise<number> {
  const { values } = parse(argv, { from: { type: 'string' }, trace: { type: 'string' }, output: { type: 'string', short: 'o' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${INIT_HELP}\n`);
    return 0;
  }
  const output = resolve(values.output ?? CONFIG_FILE_NAME);
  if (existsSync(output) && !values.force) throw new CliError(`${relative(process.cwd(), output) || output} already exists (use --force to overwrite)`);
  const outDir = dirname(output);
  let engine: ScootConfig['engine'] = { type: 'sim', command: ['scoot', 'sim', 'serve', '--model-profile', 'llama2-13b', '--gpu', 'a100-80g', '--num-gpus', '2', '--max-model-len', '4096'] };
  if (values.from) {
    let text: string;
    try {
      text = await readFile(values.from, 'utf8');
    } catch {
      throw new CliError(`${values.from}: cannot read the launch script`);
    }
    const found = findLaunchSites(text, values.from);
    if (found.length === 0) throw new CliError(`${values.from}: no engine launch command found (vllm serve, python -m sglang.launch_server, trtllm-serve, llama-server)`);
    const command = found[0];
    engine = { type: command.engine, launchFile: relative(outDir, resolve(values.from)), port: 8000, readyTimeoutSec: 900, gpusPerTrial: 1 };
  }
  let trace = values.trace;
  if (!trace) {
    const target = join(outDir, 'traces', 'chat.jsonl');
    if (!existsSync(target)) {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(bundledTrace('chat'), target);
    }
    trace = 'traces/chat.jsonl';
  }
  await writeFile(output, `${JSON.stringify(starterConfig('tuning', engine, trace), null, 2)}\n`);
  process.stdout.write(`wrote ${basename(output)} for ${engine.type}${values.from ? ` (from ${values.from})` : ''}; edit objectives, SLOs and budget, then run \`scoot tune\`\n`);
  return 0;
}
