// Workspace over the vscode API: files through workspace.fs (so remote workspaces work), edits as
// WorkspaceEdits (undoable), documents as the editor has them.

import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { TextEdit } from '../../launch/text-map.js';
import { CONFIG_FILE_NAME } from '../../study/config.js';
import type { GeneratedFile, Workspace } from '../services.js';

const uri = (path: string) => vscode.Uri.file(path);

function openDocument(path: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
}

export class VscodeWorkspace implements Workspace {
  isTrusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  root(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  async findConfigs(): Promise<string[]> {
    const found = await vscode.workspace.findFiles(`**/${CONFIG_FILE_NAME}`, '**/{node_modules,.scoot,.git}/**');
    return found.map((u) => u.fsPath).sort();
  }

  async readText(path: string): Promise<string | undefined> {
    const doc = openDocument(path);
    if (doc) return doc.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(path)));
    } catch {
      return undefined;
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      await vscode.workspace.fs.stat(uri(path));
      return true;
    } catch {
      return false;
    }
  }

  async saveIfDirty(path: string): Promise<void> {
    const doc = openDocument(path);
    if (doc?.isDirty) await doc.save();
  }

  activeFile(): { path: string; text: string; offset: number } | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== 'file') return undefined;
    return { path: editor.document.uri.fsPath, text: editor.document.getText(), offset: editor.document.offsetAt(editor.selection.active) };
  }

  async createFile(path: string, text: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(uri(dirname(path)));
    await vscode.workspace.fs.writeFile(uri(path), new TextEncoder().encode(text));
  }

  async copyFile(from: string, to: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(uri(dirname(to)));
    await vscode.workspace.fs.copy(uri(from), uri(to), { overwrite: false });
  }

  async replaceText(path: string, text: string): Promise<boolean> {
    const doc = await vscode.workspace.openTextDocument(uri(path));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    return (await vscode.workspace.applyEdit(edit)) && doc.save();
  }

  async applyEdits(path: string, edits: readonly TextEdit[], files: readonly GeneratedFile[]): Promise<boolean> {
    const doc = await vscode.workspace.openTextDocument(uri(path));
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.text);
    for (const f of files) edit.createFile(uri(f.path), { overwrite: true, contents: new TextEncoder().encode(f.content) });
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    await vscode.window.showTextDocument(doc, { preview: false });
    return true;
  }

  async open(path: string): Promise<void> {
    await vscode.window.showTextDocument(uri(path), { preview: false });
  }

  async reveal(path: string): Promise<void> {
    await vscode.commands.executeCommand('revealInExplorer', uri(path));
  }

  async clipboard(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }

  async saveAs(suggestedName: string, content: string): Promise<string | undefined> {
    const root = this.root();
    const target = await vscode.window.showSaveDialog({ defaultUri: uri(join(root ?? '', suggestedName)), saveLabel: 'Export' });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    return target.fsPath;
  }

  async execute(command: string, ...args: unknown[]): Promise<unknown> {
    return vscode.commands.executeCommand(command, ...args);
  }
}
