// Code lenses on engine launch commands (shell scripts, Dockerfiles, compose and Kubernetes YAML).
// Results are read once and refreshed when a config or a study summary changes.

import * as vscode from 'vscode';
import { readStudy } from '../config/study-files.js';
import { COMMANDS } from '../commands/ids.js';
import { lensesFor, type LaunchResult } from '../lens/lenses.js';
import { loadLaunchResults } from '../lens/results.js';
import type { Workspace } from '../services.js';

export const LAUNCH_FILE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'shellscript' },
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', pattern: '**/*.{sh,bash,slurm,sbatch}' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}' },
];

export class LaunchCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private results: Promise<LaunchResult[]> | undefined;
  private readonly watchers: vscode.Disposable[];

  constructor(private readonly workspace: Workspace) {
    const invalidate = () => {
      this.results = undefined;
      this.changed.fire();
    };
    const summaries = vscode.workspace.createFileSystemWatcher('**/.scoot/*/summary.json');
    const configs = vscode.workspace.createFileSystemWatcher('**/scoot.config.json');
    this.watchers = [summaries, configs, ...[summaries, configs].flatMap((w) => [w.onDidCreate(invalidate), w.onDidChange(invalidate), w.onDidDelete(invalidate)]), this.changed];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file') return [];
    this.results ??= loadLaunchResults({ findConfigs: () => this.workspace.findConfigs(), readText: (p) => this.workspace.readText(p), readStudy });
    const results = await this.results;
    return lensesFor(document.getText(), document.uri.fsPath, results).map((l) => {
      const at = document.positionAt(l.start);
      return new vscode.CodeLens(new vscode.Range(at, at), {
        title: l.title,
        tooltip: l.tooltip,
        command: l.command === 'tune' ? COMMANDS.startTuning : COMMANDS.applyBest,
        arguments: [l.args],
      });
    });
  }

  dispose(): void {
    for (const d of this.watchers) d.dispose();
  }
}
