// The status-bar item while (and after) a study runs: trial k/N and the best so far; opens the panel.

import * as vscode from 'vscode';
import type { StatusText } from '../study/status-text.js';

export class StudyStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scoot.study', vscode.StatusBarAlignment.Left, 50);

  constructor(command: string) {
    this.item.name = 'SCOOT study';
    this.item.command = command;
  }

  show(text: StatusText): void {
    this.item.text = text.text;
    this.item.tooltip = text.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
