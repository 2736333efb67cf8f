// What the command handlers need from VS Code, as small interfaces: the handlers' decisions are plain
// code tested in node with fakes; src/extension/host/ adapts these to the vscode API.

import type { TextEdit } from '../launch/text-map.js';
import type { ConfigDiagnostic } from './config/diagnostics-map.js';
import type { Logger, StudySession } from './study/session.js';
import type { GeneratedFile } from '../engines/preset.js';

export type { GeneratedFile } from '../engines/preset.js';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface Ui {
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  /** Every error message also offers "Show Logs" (the adapter adds and handles it). */
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  pick<T>(items: readonly PickItem<T>[], title: string): Promise<T | undefined>;
  /** A cancellable notification while `task` runs; cancelling aborts the signal. */
  progress(title: string, task: (report: (message: string) => void, cancelled: AbortSignal) => Promise<void>): Promise<void>;
}

export interface Workspace {
  isTrusted(): boolean;
  /** The first workspace folder, if a folder is open. */
  root(): string | undefined;
  /** Every scoot.config.json in the workspace (absolute paths). */
  findConfigs(): Promise<string[]>;
  /** The text as the editor has it (unsaved edits included), else from disk; undefined if unreadable. */
  readText(path: string): Promise<string | undefined>;
  exists(path: string): Promise<boolean>;
  saveIfDirty(path: string): Promise<void>;
  /** The active editor's file, its text and the cursor offset. */
  activeFile(): { path: string; text: string; offset: number } | undefined;
  createFile(path: string, text: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  /** Replaces a file's whole text as one undoable edit. */
  replaceText(path: string, text: string): Promise<boolean>;
  /** One undoable edit of a file (plus new files it refers to). */
  applyEdits(path: string, edits: readonly TextEdit[], files: readonly GeneratedFile[]): Promise<boolean>;
  open(path: string): Promise<void>;
  reveal(path: string): Promise<void>;
  clipboard(text: string): Promise<void>;
  /** A save dialog, then the content written there; the chosen path or undefined. */
  saveAs(suggestedName: string, content: string): Promise<string | undefined>;
  /** Runs a VS Code command (ours or the workbench's). */
  execute(command: string, ...args: unknown[]): Promise<unknown>;
}

export interface Diagnostics {
  set(configPath: string, text: string, items: readonly ConfigDiagnostic[]): void;
  clear(configPath: string): void;
}

export interface PanelControl {
  show(preserveFocus: boolean): void;
}

export interface Services {
  ui: Ui;
  workspace: Workspace;
  session: StudySession;
  diagnostics: Diagnostics;
  panel: PanelControl;
  log: Logger;
  /** The chat trace bundled with the extension (copied next to new configs). */
  bundledTrace: string;
}
