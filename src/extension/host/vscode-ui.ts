// Ui over the vscode window API: messages (every error offers "Show Logs"), quick picks, progress.

import * as vscode from 'vscode';
import type { PickItem, Ui } from '../services.js';

const SHOW_LOGS = 'Show Logs';

export class VscodeUi implements Ui {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showInformationMessage(message, ...actions);
  }

  async warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, ...actions);
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    const choice = await vscode.window.showErrorMessage(message, ...actions, SHOW_LOGS);
    if (choice === SHOW_LOGS) {
      this.log.show(true);
      return undefined;
    }
    return choice;
  }

  async pick<T>(items: readonly PickItem<T>[], title: string): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(
      items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value })),
      { title, placeHolder: title, matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.value;
  }

  async progress(title: string, task: (report: (message: string) => void, cancelled: AbortSignal) => Promise<void>): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        await task((message) => progress.report({ message }), controller.signal);
      } finally {
        subscription.dispose();
      }
    });
  }
}
