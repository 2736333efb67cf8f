// The command handlers' decisions, through fakes of the vscode-facing interfaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandHandlers, registerCommands } from '../../../src/extension/commands/register.js';
import { COMMANDS } from '../../../src/extension/commands/ids.js';
import { TRUST_MESSAGE } from '../../../src/extension/commands/shared.js';
import type { StartArgs } from '../../../src/extension/commands/start-tuning.js';
import type { ApplyArgs } from '../../../src/extension/commands/apply-best.js';
import type { Launched } from '../../../src/extension/commands/launch-study.js';
import { harness, type Harness } from './fakes.js';
import { configFor, RECORDS, SERVE_SH, studyEvents, summaryOf, writeStudyFolder } from './study-data.js';

const start = (h: Harness, args?: StartArgs) => commandHandlers(h.services)[COMMANDS.startTuning](args as never) as Promise<Launched | undefined>;
const resume = (h: Harness, args?: { configPath?: string }) => commandHandlers(h.services)[COMMANDS.resumeTuning](args as never) as Promise<Launched | undefined>;
const apply = (h: Harness, args?: ApplyArgs) => commandHandlers(h.services)[COMMANDS.applyBest](args as never) as Promise<void>;
const run = (h: Harness, id: string, ...args: unknown[]) => (commandHandlers(h.services) as Record<string, (...a: unknown[]) => Promise<unknown>>)[id](...args);

async function withConfig(h: Harness, config: object = configFor('serve.sh')): Promise<string> {
  await h.workspace.write('serve.sh', SERVE_SH);
  return h.workspace.write('scoot.config.json', JSON.stringify(config, null, 2));
}

/** Plays a whole study through the newest fake run. */
async function playStudy(h: Harness, status: 'finished' | 'stopped' = 'finished'): Promise<void> {
  const r = h.runs[h.runs.length - 1];
  for (const e of studyEvents(join(h.workspace.dir, '.scoot', 'bot'), status)) r.handlers.onEvent(e);
  r.finish({ status: 'done', outcome: { status, summary: summaryOf(RECORDS), studyDir: '', reportPath: '' } });
}

test('every command id is registered once, through one function', async (t) => {
  const h = await harness(t);
  const ids: string[] = [];
  registerCommands(h.services, (id) => ids.push(id));
  assert.deepEqual(ids.sort(), Object.values(COMMANDS).sort());
});

test('untrusted workspace: Start and Resume launch nothing and say why, offering Manage Workspace Trust', async (t) => {
  const h = await harness(t);
  await withConfig(h);
  h.workspace.trusted = false;
  h.ui.answer(TRUST_MESSAGE, 'Manage Workspace Trust');
  assert.equal(await start(h), undefined);
  assert.equal(await resume(h), undefined);
  assert.equal(h.runs.length, 0);
  const errors = h.ui.shown.filter((s) => s.kind === 'error');
  assert.equal(errors.length, 2);
  assert.ok(errors.every((e) => e.message === TRUST_MESSAGE && e.actions.includes('Manage Workspace Trust') && e.actions.includes('Show Logs')));
  assert.deepEqual(h.workspace.executed.map((e) => e.command), ['workbench.trust.manage']);
});

test('Start Tuning without a config offers to create one; the new config is opened for review before anything starts', async (t) => {
  const h = await harness(t);
  h.ui.answer('no scoot.config.json', 'Create scoot.config.json').answer('Which engine', 'Simulated engine');
  assert.equal(await start(h), undefined, 'not started: the user did not confirm after review');
  const configPath = join(h.workspace.dir, 'scoot.config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as { engine: { type: string; command: string[] }; workload: { trace: string } };
  assert.equal(config.engine.type, 'sim');
  assert.deepEqual(config.engine.command.slice(0, 3), ['scoot', 'sim', 'serve']);
  assert.equal(config.workload.trace, 'traces/chat.jsonl');
  assert.ok(await h.workspace.exists(join(h.workspace.dir, 'traces', 'chat.jsonl')), 'the bundled trace was copied');
  assert.ok(h.workspace.opened.includes(configPath));
  assert.equal(h.runs.length, 0);
  // Saying "Start Tuning" after the review starts it.
  h.ui.answer('Created', 'Start Tuning');
  await h.workspace.write('other/keep.txt', '');
  const h2 = h;
  const again = await start(h2, { configPath });
  assert.ok(again);
  assert.equal(h.runs.length, 1);
});

test('several configs: a quick pick, the active file\'s nearest config first', async (t) => {
  const h = await harness(t);
  const a = await h.workspace.write('a/scoot.config.json', JSON.stringify(configFor()));
  const b = await h.workspace.write('b/scoot.config.json', JSON.stringify({ ...configFor(), name: 'other' }));
  h.workspace.active = { path: join(h.workspace.dir, 'b', 'serve.sh'), text: '', offset: 0 };
  h.ui.answer('Tune which configuration?', (items) => items[1].value);
  await start(h);
  const pick = h.ui.shown.find((s) => s.kind === 'pick');
  assert.deepEqual(pick?.items?.map((i) => i.value), [b, a]);
  assert.equal(h.runs[0].request.configPath, a);
});

test('an invalid config becomes diagnostics at the offending ranges, and nothing starts', async (t) => {
  const h = await harness(t);
  const text = '{\n  "engine": { "type": "vllm", "colour": 1 },\n  "objectives": [{ "metric": "ttft_mean", "goal": "lowest" }],\n  "workload": { "trace": "t" },\n  "budget": { "evaluations": 3 }\n}\n';
  const configPath = await h.workspace.write('scoot.config.json', text);
  await start(h, { configPath });
  assert.equal(h.runs.length, 0);
  const d = h.diagnostics.get(configPath);
  assert.ok(d);
  const at = (needle: string) => text.indexOf(needle);
  const colour = d.items.find((i) => i.message.startsWith('engine.colour'));
  assert.ok(colour && colour.offset === at('"colour"') && colour.length === '"colour"'.length, JSON.stringify(d.items));
  const goal = d.items.find((i) => i.message.startsWith('objectives[0].goal'));
  assert.ok(goal && goal.offset === at('"lowest"'), JSON.stringify(d.items));
  const error = h.ui.shown.find((s) => s.kind === 'error');
  assert.ok(error?.actions.includes('Show Problems'));
});

test('unsaved edits of the config are saved before the study starts', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  h.workspace.openDocs.set(configPath, JSON.stringify({ ...configFor('serve.sh'), name: 'edited' }));
  await start(h, { configPath });
  assert.match(await readFile(configPath, 'utf8'), /"edited"/);
  assert.equal(h.runs.length, 1);
});

test('a study with trials already is resumed only when the user says so', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  await writeStudyFolder(h.workspace.dir, configFor('serve.sh'));
  await start(h, { configPath });
  assert.equal(h.runs.length, 0, 'no answer: nothing starts, nothing is overwritten');
  assert.match(h.ui.messages('warn')[0], /already has 4 trials/);
  h.ui.answer('already has 4 trials', 'Resume');
  await start(h, { configPath });
  assert.equal(h.runs[0].request.resume, true);
});

test('a running study: status bar, terminal, panel and log follow it; the end is reported with Apply Best', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  const launched = await start(h, { configPath });
  assert.ok(launched);
  assert.deepEqual(h.panelShown, [true], 'the panel opens without taking focus');
  assert.equal(h.ui.shown.find((s) => s.kind === 'progress')?.message, 'SCOOT: starting "bot"');
  h.ui.answer('finished', 'Apply Best');
  await playStudy(h);
  await launched.ended;
  assert.ok(h.statusTexts.includes('$(sync~spin) SCOOT 2/4 · TTFT 60.0 ms · TPOT 18.0 ms'), h.statusTexts.join('\n'));
  assert.equal(h.statusTexts[h.statusTexts.length - 1], '$(check) SCOOT 4/4 · TTFT 60.0 ms · TPOT 18.0 ms');
  assert.match(h.terminalText(), /── trial 3 \(bo, slot 0\)/);
  assert.match(h.terminalText(), /INFO engine up for trial 2\r\nINFO serving\r\n/);
  assert.match(h.terminalText(), /✗ trial 2 infeasible: engine exited with code 1: CUDA out of memory/);
  assert.deepEqual(h.panelMessages.map((m) => m.type).slice(0, 3), ['snapshot', 'running', 'running']);
  assert.equal(h.panelMessages.filter((m) => m.type === 'trial').length, 4);
  assert.ok(h.logs.some((l) => l.startsWith('warn trial 2 (sobol) infeasible')));
  assert.match(h.ui.messages('info').find((m) => m.includes('finished')) ?? '', /trial 1 is best \(vs default: TTFT −40%, TPOT −10%, single run\)/);
  assert.deepEqual(h.workspace.executed.map((e) => [e.command, e.args[0]]), [[COMMANDS.applyBest, { configPath }]]);
  assert.equal(h.services.session.active, false);
});

test('cancelling the start notification stops the study; Stop Tuning stops a running one', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  h.ui.cancelProgress = true;
  await start(h, { configPath });
  assert.equal(h.runs[0].stopped, 1);
  await run(h, COMMANDS.stopTuning);
  assert.equal(h.runs[0].stopped, 2);
  h.ui.answer('stopped after', 'Resume Tuning');
  const r = h.runs[0];
  for (const e of studyEvents(join(h.workspace.dir, '.scoot', 'bot'), 'stopped').slice(0, 4)) r.handlers.onEvent(e);
  r.finish({ status: 'done', outcome: { status: 'stopped', summary: summaryOf(RECORDS.slice(0, 1)), studyDir: '', reportPath: '' } });
  await r.done;
  await new Promise((res) => setImmediate(res));
  assert.match(h.ui.messages('info').join('\n'), /stopped after 1 of 4 trials/);
  assert.deepEqual(h.workspace.executed.at(-1), { command: COMMANDS.resumeTuning, args: [{ configPath }] });
  await run(h, COMMANDS.stopTuning);
  assert.match(h.ui.messages('info').at(-1) ?? '', /No SCOOT study is running/);
});

test('a second Start while one runs does not start another', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  await start(h, { configPath });
  h.ui.answer('already running', 'Stop Tuning');
  await start(h, { configPath });
  assert.equal(h.runs.length, 1);
  assert.equal(h.workspace.executed.at(-1)?.command, COMMANDS.stopTuning);
});

test('a problem found when the study resolves the config (ResolveError) is shown at its JSON path', async (t) => {
  const h = await harness(t);
  const text = JSON.stringify({ ...configFor('serve.sh'), constraints: ['max-num-seqs >= 16', 'max-num-sequences >= 8'] }, null, 2);
  const configPath = await h.workspace.write('scoot.config.json', text);
  await h.workspace.write('serve.sh', SERVE_SH);
  const launched = await start(h, { configPath });
  h.runs[0].finish({ status: 'failed', error: { name: 'ResolveError', message: 'constraints[1]: unknown parameter "max-num-sequences"', path: ['constraints', 1] } });
  await launched?.ended;
  const d = h.diagnostics.get(configPath);
  assert.ok(d);
  assert.equal(d.items[0].offset, text.indexOf('"max-num-sequences >= 8"'));
  assert.equal(d.items[0].length, '"max-num-sequences >= 8"'.length);
  assert.ok(h.ui.shown.some((s) => s.kind === 'error' && s.actions.includes('Show Problems')));
});

test('a worker failure that is not the config\'s is an error message with Show Logs', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  const launched = await start(h, { configPath });
  h.runs[0].finish({ status: 'failed', error: { name: 'WorkerError', message: 'the study worker crashed: boom' } });
  await launched?.ended;
  const e = h.ui.shown.find((s) => s.kind === 'error');
  assert.equal(e?.message, 'SCOOT: the study worker crashed: boom');
  assert.deepEqual(e?.actions, ['Show Logs']);
  assert.equal(h.diagnostics.size, 0);
});

test('a study folder locked by another run (the CLI): the one-line refusal is the error message, not a config problem', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  const launched = await start(h, { configPath });
  const message = 'study folder /w/.scoot/bot is in use by scoot tune (pid 4242, since 2026-12-04 13:05:02Z); wait for it or stop it, or pass --study DIR for another study';
  h.runs[0].finish({ status: 'failed', error: { name: 'StudyLockError', message, user: true } });
  await launched?.ended;
  const errors = h.ui.shown.filter((s) => s.kind === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].message, `SCOOT: ${message}`);
  assert.equal(h.diagnostics.size, 0);
});

test('Apply (one Pareto point or one objective): an undoable edit of the launch file with only tuned flags changed', async (t) => {
  const h = await harness(t);
  const single = { ...configFor('serve.sh'), objectives: [{ metric: 'ttft_mean', goal: 'min' }] };
  const configPath = await withConfig(h, single);
  await writeStudyFolder(h.workspace.dir, configFor('serve.sh'));
  // The summary on disk has two objectives and a Pareto set of two: the user picks.
  h.ui.answer('Pareto-optimal', 'Trial 3');
  await apply(h, { configPath });
  const pick = h.ui.shown.find((s) => s.kind === 'pick');
  assert.ok(pick?.items?.[0].label.includes('Trial 1 — max hypervolume'), 'the max-hypervolume point first');
  assert.match(pick?.items?.[0].description ?? '', /TTFT 60\.0 ms · TPOT 18\.0 ms/);
  assert.equal(h.workspace.applied.length, 1);
  const text = await readFile(join(h.workspace.dir, 'serve.sh'), 'utf8');
  assert.equal(text, SERVE_SH.replace('--max-num-seqs 256', '--max-num-seqs 128'));
  assert.match(h.ui.messages('info').at(-1) ?? '', /Applied trial 3 to serve\.sh \(line 3\): 1 flag changed/);
  await apply(h, { configPath, trial: 3 });
  assert.match(h.ui.messages('info').at(-1) ?? '', /already carries trial 3/);
});

test('Apply from the panel: a given trial; an infeasible one is refused', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  await writeStudyFolder(h.workspace.dir, configFor('serve.sh'));
  await apply(h, { configPath, trial: 2 });
  assert.match(h.ui.messages('error')[0], /trial 2 was infeasible \(engine exited with code 1: CUDA out of memory\)/);
  await apply(h, { configPath, trial: 1 });
  assert.equal(await readFile(join(h.workspace.dir, 'serve.sh'), 'utf8'), SERVE_SH.replace('--max-num-seqs 256', '--max-num-seqs 512').replace('--enable-prefix-caching', '--no-enable-prefix-caching'));
});

test('Apply without a launch file offers Copy Flags; without results, Start Tuning', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h, configFor());
  h.ui.answer('has no results yet', 'Start Tuning');
  await apply(h, { configPath });
  assert.equal(h.workspace.executed.at(-1)?.command, COMMANDS.startTuning);
  await writeStudyFolder(h.workspace.dir, configFor());
  h.ui.answer('no engine.launchFile', 'Copy Flags');
  await apply(h, { configPath, trial: 1 });
  assert.equal(h.workspace.clipboardText, '--max-num-seqs 512 --no-enable-prefix-caching');
});

test('"Tune with SCOOT" on a Dockerfile command creates a config for it (engine from the detection, launchFile, command) for review', async (t) => {
  const h = await harness(t);
  const dockerfile = await h.workspace.write('deploy/Dockerfile', 'FROM vllm/vllm-openai:v0.11.0\nCMD ["--model", "/models/m", "--max-num-seqs", "64"]\n');
  await start(h, { launchFile: dockerfile, site: 0 });
  const configPath = join(h.workspace.dir, 'deploy', 'scoot.config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as { name: string; engine: { type: string; launchFile: string; command: string[] } };
  assert.equal(config.engine.type, 'vllm');
  assert.equal(config.engine.launchFile, 'Dockerfile');
  assert.deepEqual(config.engine.command, ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', '/models/m', '--max-num-seqs', '64']);
  assert.equal(h.runs.length, 0, 'a new config is reviewed first');
  // The lens on the same command later reuses that config and starts at once.
  await start(h, { launchFile: dockerfile, site: 0 });
  assert.equal(h.runs[0].request.configPath, configPath);
});

test('"Tune with SCOOT" next to a config for another command asks before repointing it (comments kept)', async (t) => {
  const h = await harness(t);
  const configPath = await h.workspace.write('scoot.config.json', '{\n  // tuned on the A100 box\n  "name": "bot",\n  "engine": { "type": "vllm", "launchFile": "serve.sh" },\n  "objectives": [{ "metric": "ttft_mean", "goal": "min" }],\n  "workload": { "trace": "t" },\n  "budget": { "evaluations": 3 }\n}\n');
  const other = await h.workspace.write('llama.sh', 'llama-server -m m.gguf -np 4\n');
  await start(h, { launchFile: other });
  assert.match(await readFile(configPath, 'utf8'), /"launchFile": "serve.sh"/, 'unchanged without consent');
  h.ui.answer('already tunes another command', 'Update Config');
  await start(h, { launchFile: other });
  const text = await readFile(configPath, 'utf8');
  assert.match(text, /\/\/ tuned on the A100 box/);
  assert.match(text, /"type": "llamacpp"/);
  assert.match(text, /"launchFile": "llama.sh"/);
});

test('Create scoot.config.json from the active launch script uses the command under the cursor', async (t) => {
  const h = await harness(t);
  const script = 'python -m sglang.launch_server --model-path a\nvllm serve b --max-num-seqs 8\n';
  const path = await h.workspace.write('run.sh', script);
  h.workspace.active = { path, text: script, offset: script.indexOf('vllm') + 3 };
  await run(h, COMMANDS.createConfig);
  const config = JSON.parse(await readFile(join(h.workspace.dir, 'scoot.config.json'), 'utf8')) as { name: string; engine: { type: string; launchFile: string; command?: string[] } };
  assert.equal(config.engine.type, 'vllm');
  assert.equal(config.engine.launchFile, 'run.sh');
  assert.equal(config.engine.command, undefined, 'a shell script is read by the study itself');
  assert.equal(config.name, 'run');
});

test('Open Study Folder reveals the folder and opens the report; Show Tuning Panel shows the panel', async (t) => {
  const h = await harness(t);
  const configPath = await withConfig(h);
  await run(h, COMMANDS.openStudyFolder, { configPath });
  assert.match(h.ui.messages('info')[0], /has no folder yet/);
  const dir = await writeStudyFolder(h.workspace.dir, configFor('serve.sh'));
  await h.workspace.write('.scoot/bot/report.md', '# report\n');
  await run(h, COMMANDS.openStudyFolder, { configPath });
  assert.deepEqual(h.workspace.revealed, [dir]);
  assert.deepEqual(h.workspace.opened, [join(dir, 'report.md')]);
  await run(h, COMMANDS.showPanel);
  assert.deepEqual(h.panelShown, [false]);
});

test('Apply for a `command` engine (a benchmark, no launch file) shows the parameters', async (t) => {
  const h = await harness(t);
  const config = { name: 'bot', engine: { type: 'command', evaluate: ['true'] }, objectives: [{ metric: 'ttft_mean', goal: 'min' }], workload: { trace: 't' }, budget: { evaluations: 4 } };
  const configPath = await h.workspace.write('scoot.config.json', JSON.stringify(config));
  await writeStudyFolder(h.workspace.dir, config);
  await apply(h, { configPath, trial: 1 });
  assert.equal(h.ui.messages('info').at(-1), 'Trial 1 of "bot": max-num-seqs=512 enable-prefix-caching=false');
  assert.equal(h.workspace.applied.length, 0);
});
