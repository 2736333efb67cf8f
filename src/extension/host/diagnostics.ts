// Config problems as a DiagnosticCollection, at the ranges the loader and resolver reported.

import * as vscode from 'vscode';
import type { ConfigDiagnostic } from '../config/diagnostics-map.js';
import type { Diagnostics } from '../services.js';
import { positionAt } from './positions.js';

export class ConfigDiagnostics implements Diagnostics, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('scoot');

  set(configPath: string, text: string, items: readonly ConfigDiagnostic[]): void {
    const toPosition = (offset: number) => {
      const p = positionAt(text, offset);
      return new vscode.Position(p.line, p.character);
    };
    this.collection.set(
      vscode.Uri.file(configPath),
      items.map((d) => {
        const diagnostic = new vscode.Diagnostic(new vscode.Range(toPosition(d.offset), toPosition(d.offset + d.length)), d.message, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'SCOOT';
        return diagnostic;
      }),
    );
  }

  clear(configPath: string): void {
    this.collection.delete(vscode.Uri.file(configPath));
  }

  dispose(): void {
    this.collection.dispose();
  }
}
