// The tuning panel's host side: one WebviewPanel (scripts only from dist/webview, styles from media),
// the ready handshake, live messages while a study runs, and revival after a reload (serializer).
// The page itself is the panel app (webview/) rendered by html.ts.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostToPanel, PanelToHost } from '../../protocol/webview.js';
import type { PanelControl } from '../services.js';
import { renderPanelHtml } from './html.js';
import { PanelController, type PanelDeps } from './panel-controller.js';

export const PANEL_VIEW_TYPE = 'scoot.tuningPanel';

export class TuningPanel implements PanelControl, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private controller: PanelController | undefined;
  private subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: PanelDeps,
  ) {}

  show(preserveFocus: boolean): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'SCOOT Tuning', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.options());
    this.attach(panel);
  }

  /** A live message (dropped when no panel is open: `ready` brings a full snapshot later). */
  post(message: HostToPanel): void {
    if (!this.panel || !this.controller) return;
    if (message.type === 'snapshot' && this.deps.session.configPath) this.controller.follow(this.deps.session.configPath);
    void this.panel.webview.postMessage(message);
  }

  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        // A second restored panel (two windows' state) is closed: one panel per window.
        if (this.panel) {
          panel.dispose();
          return;
        }
        panel.webview.options = this.options();
        this.attach(panel);
      },
    };
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    const webview = panel.webview;
    const controller = new PanelController(this.deps, (m) => void webview.postMessage(m));
    this.controller = controller;
    webview.html = renderPanelHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64url'),
      title: 'SCOOT Tuning',
    });
    this.subscriptions = [
      webview.onDidReceiveMessage((m: PanelToHost) => {
        controller.handle(m).catch((e: unknown) => this.deps.log.error(`panel: ${e instanceof Error ? e.message : String(e)}`));
      }),
      panel.onDidDispose(() => this.detach()),
    ];
  }

  private detach(): void {
    for (const d of this.subscriptions) d.dispose();
    this.subscriptions = [];
    this.panel = undefined;
    this.controller = undefined;
  }

  dispose(): void {
    const panel = this.panel;
    this.detach();
    panel?.dispose();
  }
}
