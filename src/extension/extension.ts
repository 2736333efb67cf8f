// The extension's entry: builds the services once, registers every command, the code lenses, the
// panel (and its serializer) and the status bar, all owned by context.subscriptions. Deactivation
// kills the study worker's engines and the worker itself.

import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, RUNNING_CONTEXT_KEY } from './commands/ids.js';
import { copyTrialFlags } from './commands/apply-best.js';
import { registerCommands } from './commands/register.js';
import { ConfigDiagnostics } from './host/diagnostics.js';
import { EngineTerminals } from './host/engine-terminals.js';
import { LAUNCH_FILE_SELECTOR, LaunchCodeLensProvider } from './host/code-lens-provider.js';
import { StudyStatusBar } from './host/status-bar.js';
import { VscodeUi } from './host/vscode-ui.js';
import { VscodeWorkspace } from './host/vscode-workspace.js';
import { PANEL_VIEW_TYPE, TuningPanel } from './panel/panel-host.js';
import type { Services } from './services.js';
import { latestStudy } from './study/latest-study.js';
import { StudySession } from './study/session.js';
import { StudyRun } from './study/worker-host.js';

let session: StudySession | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const root = context.extensionUri.fsPath;
  const log = vscode.window.createOutputChannel('SCOOT', { log: true });
  const diagnostics = new ConfigDiagnostics();
  const status = new StudyStatusBar(COMMANDS.showPanel);
  const terminals = new EngineTerminals();
  const ui = new VscodeUi(log);
  const workspace = new VscodeWorkspace();
  // The session posts to the panel and the panel reads the session: the panel is set right below.
  const panelBox: { panel?: TuningPanel } = {};

  // Engines run from the worker thread; under Electron, `node` scripts (the simulator's `scoot sim serve`)
  // need ELECTRON_RUN_AS_NODE to run the binary as Node.
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const workerFile = join(root, 'dist', 'worker.js');
  session = new StudySession(
    (request, handlers) => new StudyRun({ workerFile, env }, request, handlers),
    {
      status,
      terminal: (study) => terminals.get(study),
      panel: { post: (m) => panelBox.panel?.post(m) },
      log,
      runningChanged: (running) => void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT_KEY, running),
    },
    [process.execPath, join(root, 'dist', 'cli.js')],
  );
  const services: Services = { ui, workspace, session, diagnostics, panel: { show: (preserveFocus) => panelBox.panel?.show(preserveFocus) }, log, bundledTrace: join(root, 'traces', 'chat.jsonl') };
  const current = session;
  const panel = new TuningPanel(context.extensionUri, {
    session: current,
    loadIdle: async () => latestStudy(await workspace.findConfigs(), (p) => workspace.readText(p)),
    execute: (command, ...args) => workspace.execute(command, ...args),
    copyFlags: copyTrialFlags(services),
    saveAs: (name, content) => workspace.saveAs(name, content),
    log,
  });
  panelBox.panel = panel;
  const lenses = new LaunchCodeLensProvider(workspace);

  context.subscriptions.push(
    log,
    diagnostics,
    status,
    terminals,
    panel,
    lenses,
    ...registerCommands(services, (id, handler) => vscode.commands.registerCommand(id, handler)),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panel.serializer()),
    vscode.languages.registerCodeLensProvider(LAUNCH_FILE_SELECTOR, lenses),
    vscode.workspace.onDidGrantWorkspaceTrust(() => log.info('workspace trusted: SCOOT can start studies')),
    // Last resort when the host goes away without deactivate finishing: no engine outlives the window.
    { dispose: () => current.killSync() },
  );
  void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT_KEY, false);
  log.info(`SCOOT activated${vscode.workspace.isTrusted ? '' : ' (untrusted workspace: studies cannot be started)'}`);
}

export async function deactivate(): Promise<void> {
  await session?.dispose();
  session = undefined;
}
