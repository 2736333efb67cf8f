import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { runCli, simConfig, workspace, writeTrace } from './cli-helpers.js';

/** A user error is one line on stderr, no stack trace, a non-zero exit, and nothing on stdout. */
async function expectOneLine(dir: string, args: string[], pattern: RegExp): Promise<void> {
  const r = await runCli(args, dir);
  assert.notEqual(r.code, 0);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0], /^scoot: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

async function configWith(dir: string, config: Record<string, unknown> | string): Promise<void> {
  await writeTrace(dir);
  await writeFile(join(dir, 'scoot.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
}

test('malformed config', async (t) => {
  const dir = await workspace(t);
  await configWith(dir, '{ "engine": { "type": "sim" }, "objectives": [ }');
  await expectOneLine(dir, ['tune'], /scoot\.config\.json: invalid JSON \(\w+\) at line 1/);
});

test('a config field of the wrong type names the field', async (t) => {
  const dir = await workspace(t);
  await configWith(dir, simConfig('x', { budget: { evaluations: 'ten' } }));
  await expectOneLine(dir, ['tune'], /budget\.evaluations: must be integer/);
});

test('unknown parameter in a constraint', async (t) => {
  const dir = await workspace(t);
  await configWith(dir, simConfig('x', { constraints: ['max-num-seqs >= max-num-sequences'] }));
  await expectOneLine(dir, ['tune'], /constraints\[0\]: constraint "max-num-seqs >= max-num-sequences": unknown parameter "max-num-sequences" at column 17/);
});

test('missing trace', async (t) => {
  const dir = await workspace(t);
  await configWith(dir, simConfig('x', { workload: { trace: 'nope.jsonl' } }));
  await expectOneLine(dir, ['tune'], /nope\.jsonl/);
});

test('bad trace line names file and line', async (t) => {
  const dir = await workspace(t);
  await configWith(dir, simConfig('x'));
  await writeFile(join(dir, 'bad.jsonl'), '{"prompt": "a", "output_tokens": 4}\n{"prompt": "b", "output_tokens": -1}\n');
  await writeFile(join(dir, 'scoot.config.json'), JSON.stringify(simConfig('x', { workload: { trace: 'bad.jsonl' } })));
  await expectOneLine(dir, ['tune'], /bad\.jsonl:2: .*output_tokens/);
});

test('an engine binary that does not exist', async (t) => {
  const dir = await workspace(t);
  await configWith(dir, { ...simConfig('x'), engine: { type: 'vllm', version: '0.5', command: ['vllm-not-installed-here', 'serve', 'meta-llama/Llama-2-7b-hf'] } });
  await expectOneLine(dir, ['tune'], /vllm-not-installed-here/);
});

test('a configured port already in use', async (t) => {
  const dir = await workspace(t);
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as { port: number }).port;
  const config = simConfig('x');
  await configWith(dir, { ...config, engine: { ...(config.engine as object), port } });
  await expectOneLine(dir, ['tune'], new RegExp(`port ${port} is already in use`));
});

test('no config here points at init and the demo', async (t) => {
  const dir = await workspace(t);
  await expectOneLine(dir, ['tune'], /no scoot\.config\.json in .*scoot init.*--demo/);
});

test('unknown command and bad option values', async (t) => {
  const dir = await workspace(t);
  await expectOneLine(dir, ['tuen'], /unknown command "tuen"/);
  await expectOneLine(dir, ['tune', '--budget', 'x'], /--budget must be an integer/);
  await expectOneLine(dir, ['tune', '--optimizer', 'magic'], /--optimizer must be one of/);
});
