import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PanelController, EMPTY_MESSAGE, type PanelDeps } from '../../../src/extension/panel/panel-controller.js';
import { COMMANDS } from '../../../src/extension/commands/ids.js';
import type { HostToPanel } from '../../../src/protocol/webview.js';
import { diagnosticsFor } from '../../../src/extension/config/diagnostics-map.js';
import { chooseConfig, orderConfigs } from '../../../src/extension/config/discovery.js';
import { configForEngine, configForSite, pointConfigAt, studyNameFromFile } from '../../../src/extension/config/new-config.js';
import { studyNameFor } from '../../../src/extension/config/study-files.js';
import { positionAt } from '../../../src/extension/host/positions.js';
import { flagsLine, needsPick, paretoChoices, pointOfTrial } from '../../../src/extension/apply/apply-plan.js';
import { snapshotFromDisk } from '../../../src/extension/study/disk-snapshot.js';
import { latestStudy } from '../../../src/extension/study/latest-study.js';
import { readStudy } from '../../../src/extension/config/study-files.js';
import { getPreset } from '../../../src/engines/registry.js';
import { parseConfigText, ConfigError } from '../../../src/study/load-config.js';
import { studyNameOf } from '../../../src/study/resolve.js';
import { configFor, RECORDS, snapshot, summaryOf, writeStudyFolder } from './study-data.js';
import type { ScootConfig } from '../../../src/study/config.js';

function controller(over: Partial<PanelDeps> = {}) {
  const posted: HostToPanel[] = [];
  const executed: unknown[][] = [];
  const copied: [string, number][] = [];
  let stops = 0;
  const deps: PanelDeps = {
    session: { snapshot: undefined, configPath: undefined, active: false, stop: () => void stops++ },
    loadIdle: async () => undefined,
    execute: async (...a) => void executed.push(a),
    copyFlags: async (c, t) => void copied.push([c, t]),
    saveAs: async () => '/w/trials.csv',
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...over,
  };
  return { c: new PanelController(deps, (m) => posted.push(m)), posted, executed, copied, stops: () => stops };
}

test('panel: ready gets the running study, else the latest on disk, else an empty state; buttons route to commands', async () => {
  const empty = controller();
  await empty.c.handle({ type: 'ready' });
  assert.deepEqual(empty.posted, [{ type: 'empty', message: EMPTY_MESSAGE }]);

  const idle = controller({ loadIdle: async () => ({ configPath: '/w/scoot.config.json', snapshot: snapshot('/w/.scoot/bot') }) });
  await idle.c.handle({ type: 'ready' });
  assert.equal(idle.posted[0].type, 'snapshot');
  await idle.c.handle({ type: 'apply', trial: 3 });
  await idle.c.handle({ type: 'resume' });
  await idle.c.handle({ type: 'copyFlags', trial: 1 });
  await idle.c.handle({ type: 'stop' });
  await idle.c.handle({ type: 'export', format: 'csv', content: 'a,b', suggestedName: 'bot.csv' });
  assert.deepEqual(idle.executed, [[COMMANDS.applyBest, { configPath: '/w/scoot.config.json', trial: 3 }], [COMMANDS.resumeTuning, { configPath: '/w/scoot.config.json' }]]);
  assert.deepEqual(idle.copied, [['/w/scoot.config.json', 1]]);
  assert.equal(idle.stops(), 1);

  const running = controller({ session: { snapshot: { ...snapshot('/x'), study: 'live' }, configPath: '/x/scoot.config.json', active: true, stop: () => undefined } });
  await running.c.handle({ type: 'ready' });
  assert.ok(running.posted[0].type === 'snapshot' && running.posted[0].snapshot.study === 'live');
});

test('panel: a study that starts while ready reads the disk is shown, not overwritten by the idle answer', async () => {
  const session: PanelDeps['session'] = { snapshot: undefined, configPath: undefined, active: false, stop: () => undefined };
  let finishRead: (v: undefined) => void = () => undefined;
  const race = controller({ session, loadIdle: () => new Promise((r) => (finishRead = r)) });
  const answered = race.c.handle({ type: 'ready' });
  // Start Tuning's first snapshot arrives while the disk is read (and goes to the page as a live message).
  Object.assign(session, { snapshot: { ...snapshot('/x'), study: 'live' }, configPath: '/x/scoot.config.json', active: true });
  finishRead(undefined);
  await answered;
  assert.equal(race.posted.length, 1);
  assert.ok(race.posted[0].type === 'snapshot' && race.posted[0].snapshot.study === 'live', JSON.stringify(race.posted[0]).slice(0, 80));
  await race.c.handle({ type: 'apply', trial: 2 });
  assert.deepEqual(race.executed, [[COMMANDS.applyBest, { configPath: '/x/scoot.config.json', trial: 2 }]]);
});

test('diagnostics: ConfigError issues keep their ranges; a ResolveError path is located in the text', () => {
  const text = '{\n  "engine": { "type": "vllm" },\n  "objectives": [],\n  "workload": {},\n  "budget": { "evaluations": "30" }\n}\n';
  let error: ConfigError | undefined;
  try {
    parseConfigText(text, 'scoot.config.json');
  } catch (e) {
    error = e as ConfigError;
  }
  assert.ok(error);
  const items = diagnosticsFor({ name: error.name, message: error.message, issues: error.issues }, text) ?? [];
  const budget = items.find((i) => i.message.startsWith('budget.evaluations'));
  assert.ok(budget);
  assert.equal(text.slice(budget.offset, budget.offset + budget.length), '"30"');
  assert.deepEqual(positionAt(text, budget.offset), { line: 4, character: 29 });
  const trace = items.find((i) => i.message.includes('trace'));
  assert.ok(trace, 'missing workload.trace is reported');
  const resolved = diagnosticsFor({ name: 'ResolveError', message: 'workload.trace: no such file', path: ['workload'] }, text);
  assert.deepEqual(resolved, [{ offset: text.indexOf('{}'), length: 2, message: 'workload.trace: no such file' }]);
  assert.equal(diagnosticsFor({ name: 'Error', message: 'x' }, text), undefined);
});

test('discovery: none / one / many, the active file\'s own config first', () => {
  assert.deepEqual(chooseConfig([]), { kind: 'none' });
  assert.deepEqual(chooseConfig(['/w/scoot.config.json']), { kind: 'one', path: '/w/scoot.config.json' });
  assert.deepEqual(orderConfigs(['/w/scoot.config.json', '/w/a/scoot.config.json', '/w/b/scoot.config.json'], '/w/b/serve.sh'), ['/w/b/scoot.config.json', '/w/scoot.config.json', '/w/a/scoot.config.json']);
  assert.deepEqual(orderConfigs(['/w/z/scoot.config.json', '/w/scoot.config.json']), ['/w/scoot.config.json', '/w/z/scoot.config.json']);
});

test('new configs validate against the schema the loader uses, for a launch command and for every engine', () => {
  const site = { engine: 'sglang' as const, format: 'kubernetes' as const, argv: ['python3', '-m', 'sglang.launch_server', '--model-path', 'm'] };
  const fromSite = configForSite(site, 'k8s/deploy.yaml', 'traces/chat.jsonl');
  assert.doesNotThrow(() => parseConfigText(JSON.stringify(fromSite), 'x'));
  assert.deepEqual(fromSite.engine.command, site.argv);
  assert.equal(fromSite.name, 'deploy');
  for (const type of ['vllm', 'sglang', 'trtllm', 'llamacpp', 'sim'] as const) assert.doesNotThrow(() => parseConfigText(JSON.stringify(configForEngine(type, 't.jsonl')), type));
  assert.equal(studyNameFromFile('/a/docker-compose.vllm.yml'), 'docker-compose.vllm');
  // The extension and the study layer agree on study names (and so on study folders).
  assert.equal(studyNameFor({}, '/w/my proj/scoot.config.json'), studyNameOf({} as never, '/w/my proj/scoot.config.json'));
  assert.equal(studyNameFor({ name: 'x' }, '/w/scoot.config.json'), 'x');
  const text = '{\n  // keep me\n  "engine": { "type": "vllm", "version": "0.11", "launchFile": "a.sh" }\n}';
  const out = pointConfigAt(text, site, 'k8s/deploy.yaml');
  assert.match(out, /\/\/ keep me/);
  assert.deepEqual(JSON.parse(out.replace('// keep me', '')).engine, { type: 'sglang', launchFile: 'k8s/deploy.yaml', command: site.argv });
});

test('apply plan: Pareto choices with the max-hypervolume point first; flags as a shell line', () => {
  const summary = summaryOf(RECORDS);
  assert.equal(needsPick(summary), true);
  const choices = paretoChoices(summary);
  assert.deepEqual(choices.map((c) => c.point.trial), [1, 3]);
  assert.match(choices[0].label, /max hypervolume/);
  assert.match(choices[1].detail, /vs default: TTFT −10%, TPOT −40%/);
  assert.throws(() => pointOfTrial(RECORDS, 9), /not in this study/);
  assert.equal(flagsLine(getPreset('vllm'), { 'max-num-seqs': 8, 'enable-prefix-caching': false, 'served-model-name': 'a b' }), "--max-num-seqs 8 --no-enable-prefix-caching --served-model-name 'a b'");
});

test('a study on disk that converged before its budget reads as finished, as its run reported it', () => {
  const converged = { ...summaryOf(RECORDS, 10), converged: { rule: 'patience' as const, reason: '3 evaluations without improving the best value', atTrial: RECORDS.length } };
  const snap = snapshotFromDisk({ dir: '/w/.scoot/bot', config: configFor() as unknown as ScootConfig, summary: converged, records: [...RECORDS] });
  assert.equal(snap?.status, 'finished');
  const cut = snapshotFromDisk({ dir: '/w/.scoot/bot', config: configFor() as unknown as ScootConfig, summary: summaryOf(RECORDS, 10), records: [...RECORDS] });
  assert.equal(cut?.status, 'stopped', 'stopped short of the budget without converging');
});

test('a study on disk as the panel draws it; the latest study is the one shown when idle', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-disk-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const studyDir = await writeStudyFolder(dir, { ...configFor('serve.sh'), parameters: { 'max-num-seqs': { type: 'int', min: 8, max: 64 }, 'block-size': false } });
  const snap = snapshotFromDisk(await readStudy(studyDir));
  assert.ok(snap);
  assert.equal(snap.status, 'finished');
  assert.equal(snap.trials.length, 4);
  assert.deepEqual(snap.parameters.find((p) => p.name === 'max-num-seqs'), { name: 'max-num-seqs', type: 'int', min: 8, max: 64 });
  assert.ok(!snap.parameters.some((p) => p.name === 'block-size'), 'removed by the config');
  assert.ok(snap.parameters.some((p) => p.name === 'enable-prefix-caching'), 'from the preset');
  const configPath = join(dir, 'scoot.config.json');
  const latest = await latestStudy([configPath, join(dir, 'none', 'scoot.config.json')], async (p) => (p === configPath ? JSON.stringify(configFor()) : undefined));
  assert.equal(latest?.configPath, configPath);
  assert.equal(latest?.snapshot.summary?.best?.trial, 1);
});
