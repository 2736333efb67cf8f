// `scoot` installed the npm way and run from an empty folder (issue 13, items 1 and 3): the packed
// tarball (`npm pack`, what a registry would serve) and the checkout folder itself, each installed with
// `npm install -g` into a temporary prefix (never the real global one). From an empty folder the
// installed `scoot` finds its bundled trace in the package, not the working directory: `scoot init`
// then `scoot tune --budget 3` finishes on this machine, and so does the demo.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { StudySummary } from '../../../src/protocol/study.js';
import { workspace, type Run } from './cli-helpers.js';

const REPO = resolve(__dirname, '../../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npm(args: string[], cwd: string): void {
  const r = spawnSync(NPM, [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.error?.message ?? ''}${r.stderr}`);
}

/** `scoot` from the prefix's bin folder, found on PATH as a user would. */
function scoot(prefix: string, args: string[], cwd: string): Promise<Run> {
  const child = spawn('scoot', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}` } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

function emptyFolder(root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
}

test('the packed tarball, installed with npm install -g: init + tune --budget 3 and the demo, from empty folders', { timeout: 900_000 }, async (t) => {
  const root = await workspace(t);
  // dist/ is built by the test runner; --ignore-scripts keeps prepack from rebuilding it under the other tests.
  npm(['pack', '--ignore-scripts', '--pack-destination', root], REPO);
  const tarball = readdirSync(root).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  const prefix = join(root, 'prefix');
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', join(root, tarball)], root);
  const installed = join(prefix, 'lib', 'node_modules', 'scoot');
  for (const f of ['dist/cli.js', 'traces/chat.jsonl', 'README.md']) assert.ok(existsSync(join(installed, f)), `${f} is in the package`);
  assert.ok(!existsSync(join(installed, 'src')) && !existsSync(join(installed, 'test')), 'sources and tests stay out of the package');

  const help = await scoot(prefix, ['--help'], root);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: scoot <command> \[options\]/);

  const project = emptyFolder(root, 'project');
  const init = await scoot(prefix, ['init'], project);
  assert.equal(init.code, 0, init.stderr);
  const demoDir = emptyFolder(root, 'demo');
  const started = Date.now();
  const [tune, demo] = await Promise.all([scoot(prefix, ['tune', '--budget', '3'], project), scoot(prefix, ['tune', '--demo', '--budget', '1'], demoDir)]);
  t.diagnostic(`installed scoot: init + tune --budget 3 and tune --demo --budget 1 side by side in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  assert.equal(tune.code, 0, tune.stderr);
  const summary = JSON.parse(readFileSync(join(project, '.scoot', 'tuning', 'summary.json'), 'utf8')) as StudySummary;
  assert.equal(summary.evaluated, 3);
  assert.equal(summary.infeasible, 0);
  assert.ok(summary.comparison, 'the chosen configuration is compared with the default');
  assert.equal(demo.code, 0, demo.stderr);
  assert.match(demo.stdout, /Study: +.*[/\\]demo[/\\]\.scoot[/\\]demo-1\n/);
  // The demo's trace came from the installed package: nothing was copied into the folder but the study.
  assert.deepEqual(readdirSync(demoDir), ['.scoot']);
  const config = JSON.parse(readFileSync(join(demoDir, '.scoot', 'demo-1', 'config.json'), 'utf8')) as { workload: { trace: string } };
  assert.equal(realpathSync(config.workload.trace), realpathSync(join(installed, 'traces', 'chat.jsonl')));
});

test('the checkout folder, installed with npm install -g <folder>: scoot runs from an empty folder', { timeout: 300_000 }, async (t) => {
  const root = await workspace(t);
  const prefix = join(root, 'prefix');
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', REPO], root);
  const project = emptyFolder(root, 'project');
  const init = await scoot(prefix, ['init', '-o', 'tune.json'], project);
  assert.equal(init.code, 0, init.stderr);
  assert.deepEqual(readdirSync(project).sort(), ['traces', 'tune.json']);
  assert.equal(readFileSync(join(project, 'traces', 'chat.jsonl'), 'utf8'), readFileSync(join(REPO, 'traces', 'chat.jsonl'), 'utf8'));
  const version = await scoot(prefix, ['--version'], project);
  assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
});
