// An untrusted workspace never launches an engine: Start Tuning (and the "Tune with SCOOT" lens's
// command) refuse with the explanation, no engine process appears and no study folder is made.
// Runs in a VS Code opened without --disable-workspace-trust (test/integration/run.ts starts it, since
// @vscode/test-electron's runTests always disables trust).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { killProcessesWith, watchProcesses } from '../../e2e/vscode/processes.js';
import { markerOf, smallStudy } from '../workspaces.js';
import { activateScoot, delay, MessageRecorder, waitFor } from '../vscode-helpers.js';

suite('SCOOT in VS Code (untrusted workspace)', function () {
  this.timeout(3 * 60_000);
  let root = '';
  let marker = '';
  const messages = new MessageRecorder();

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    root = folder.uri.fsPath;
    marker = markerOf(readFileSync(join(root, 'serve.sh'), 'utf8'));
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace is untrusted (restricted mode)');
    await activateScoot();
    messages.install();
  });

  suiteTeardown(() => {
    messages.restore();
    killProcessesWith(marker);
  });

  test('Start Tuning refuses with the reason and launches nothing', async () => {
    const { seen } = await watchProcesses(marker, async () => {
      void vscode.commands.executeCommand('scoot.startTuning');
      const message = await waitFor(() => messages.find(/untrusted workspace/i), 30_000, 'the explanation');
      assert.match(message, /Trust this workspace/i);
      await vscode.workspace.openTextDocument(vscode.Uri.file(join(root, 'serve.sh')));
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.file(join(root, 'serve.sh')), 100)) ?? [];
      const tune = lenses.find((l) => /Tune with SCOOT/.test(l.command?.title ?? ''))?.command;
      if (tune) void vscode.commands.executeCommand(tune.command, ...(tune.arguments ?? []));
      await delay(8_000);
    });
    assert.deepEqual(seen, [], 'no engine process ever ran');
    assert.equal(existsSync(join(root, '.scoot', smallStudy.name)), false, 'no study folder was made');
  });
});
