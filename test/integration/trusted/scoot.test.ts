// The code-server scenarios through the vscode API, in a desktop VS Code started by
// @vscode/test-electron (npm run test:vscode; .vscode-test.mjs opens .vscode-test/workspaces/trusted):
// Start Tuning runs the study to its end, the panel opens, the code lens provider offers
// "Tune with SCOOT" and "Apply best", applying writes the best flags into serve.sh, and Stop Tuning
// while a trial runs leaves no engine process.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { configFor } from '../../e2e/vscode/fixture.js';
import { killProcessesWith, processesWith, waitForProcesses, watchProcesses } from '../../e2e/vscode/processes.js';
import { launchScriptMismatches, paretoTrials, readObservations, type Summary } from '../../e2e/vscode/study-files.js';
import { largeStudy, markerOf, smallStudy } from '../workspaces.js';
import { activateScoot, delay, MessageRecorder, waitFor, waitForSummary } from '../vscode-helpers.js';

suite('SCOOT in VS Code (trusted workspace)', function () {
  this.timeout(10 * 60_000);
  let root = '';
  let marker = '';
  let serveUri: vscode.Uri;
  let original = '';
  const messages = new MessageRecorder();

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    root = folder.uri.fsPath;
    assert.ok(existsSync(join(root, 'scoot.config.json')), 'the fixture workspace (npm run test:vscode makes it)');
    assert.equal(vscode.workspace.isTrusted, true, 'the workspace is trusted');
    serveUri = vscode.Uri.file(join(root, 'serve.sh'));
    original = readFileSync(serveUri.fsPath, 'utf8');
    marker = markerOf(original);
    await activateScoot();
    messages.install();
  });

  suiteTeardown(() => {
    messages.restore();
    killProcessesWith(marker);
  });

  test('Start Tuning runs the study to its end and opens the panel', async () => {
    const studyDir = join(root, '.scoot', smallStudy.name);
    // The command's promise settles only when the end-of-study message is answered: do not wait for it.
    const run = Promise.resolve(vscode.commands.executeCommand('scoot.startTuning'));
    run.catch(() => undefined);
    const engines = await waitForProcesses(marker, (ps) => ps.length > 0, 120_000, 'the first engine');
    assert.ok(engines.some((p) => / sim serve /.test(p.args)), 'the engine is `scoot sim serve`');
    const panel = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview), 30_000, 'the tuning panel');
    assert.match(panel.label, /SCOOT/i);
    const summary = await waitForSummary(studyDir, (s) => s.evaluated >= smallStudy.evaluations, 360_000);
    assert.equal(summary.evaluated, smallStudy.evaluations);
    assert.ok(summary.best, 'a best configuration');
    await waitFor(() => messages.find(/study "e2e" finished/), 60_000, 'the end-of-study message');
    await waitForProcesses(marker, (ps) => ps.length === 0, 30_000, 'every engine of the finished study to exit');
    const observations = readObservations(studyDir);
    assert.equal(observations.length, smallStudy.evaluations, 'one observation per evaluation');
    assert.deepEqual(summary.pareto.map((p) => p.trial).sort((a, b) => a - b), paretoTrials(observations, summary.objectives), 'the Pareto front is the non-dominated set');
  });

  test('code lenses on serve.sh: "Tune with SCOOT" and "Apply best"', async () => {
    // The lens provider command needs the document loaded.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(serveUri));
    const titles = await waitFor(async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', serveUri, 100)) ?? [];
      const t = lenses.map((l) => l.command?.title ?? '');
      return t.some((x) => /Apply best/.test(x)) ? t : undefined;
    }, 30_000, 'an "Apply best" lens');
    assert.ok(titles.some((t) => /Tune with SCOOT/.test(t)), `lenses: ${titles.join(' | ')}`);
  });

  test('"Apply best" writes the best configuration into serve.sh (quick pick: max-hypervolume point first)', async () => {
    const summary = JSON.parse(readFileSync(join(root, '.scoot', smallStudy.name, 'summary.json'), 'utf8')) as Summary;
    const best = summary.best;
    assert.ok(best);
    assert.ok(launchScriptMismatches(original, best.params).length > 0, 'the best configuration differs from serve.sh as written');
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', serveUri, 100)) ?? [];
    const apply = lenses.find((l) => /Apply best/.test(l.command?.title ?? ''))?.command;
    assert.ok(apply, 'the Apply best lens has a command');
    const picks = messages.answerQuickPicksWithFirst();
    await vscode.commands.executeCommand(apply.command, ...(apply.arguments ?? []));
    if (summary.pareto.length > 1) {
      assert.equal(picks.length, 1, 'one quick pick of the Pareto set');
      assert.equal(picks[0].length, summary.pareto.length, 'one item per Pareto point');
      assert.match(picks[0][0], new RegExp(`\\b${best.trial}\\b`), 'the max-hypervolume point is first');
    }
    assert.ok(messages.find(new RegExp(`Applied trial ${best.trial}\\b`)), `messages: ${messages.all().join(' | ')}`);
    const doc = await vscode.workspace.openTextDocument(serveUri);
    assert.deepEqual(launchScriptMismatches(doc.getText(), best.params), [], 'the editor carries the best flags');
    assert.ok(await doc.save(), 'serve.sh saved');
    const onDisk = readFileSync(serveUri.fsPath, 'utf8');
    assert.deepEqual(launchScriptMismatches(onDisk, best.params), [], `serve.sh on disk carries trial ${best.trial}'s flags`);
    assert.ok(onDisk.includes(original.split('\n')[1]), 'comments are kept');
    // Undoable: one undo restores the script as written.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'one undo reverts the whole apply');
    await vscode.commands.executeCommand('redo');
    await doc.save();
  });

  test('Stop Tuning while a trial runs leaves no engine process', async () => {
    writeFileSync(join(root, 'scoot.config.json'), JSON.stringify(configFor(largeStudy), null, 2) + '\n');
    const studyDir = join(root, '.scoot', largeStudy.name);
    const run = Promise.resolve(vscode.commands.executeCommand('scoot.startTuning'));
    run.catch(() => undefined);
    await waitForProcesses(marker, (ps) => ps.length > 0, 120_000, 'an engine of the long study');
    await waitFor(() => existsSync(join(studyDir, 'logs', '0.log')) || undefined, 60_000, 'the first trial log');
    await delay(3_000);
    assert.ok(processesWith(marker).length > 0, 'an engine is serving when Stop Tuning runs');
    await vscode.commands.executeCommand('scoot.stopTuning');
    await waitFor(() => messages.find(/study "e2e-stop" stopped after \d+ of \d+ trials/), 90_000, 'the stopped message');
    await waitForProcesses(marker, (ps) => ps.length === 0, 30_000, 'every engine to exit after Stop Tuning');
    const { seen } = await watchProcesses(marker, () => delay(5_000));
    assert.deepEqual(seen, [], 'no engine starts after the stop');
    assert.ok(readObservations(studyDir).length < largeStudy.evaluations, 'the study stopped early');
  });
});
