// Fakes of the small interfaces the extension's logic uses (services.ts, session sinks): a workspace on
// a real temporary folder (edits are applied to the files, as a WorkspaceEdit would), a scripted UI,
// and a scripted study run.

import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TextEdit } from '../../../src/launch/text-map.js';
import { applyEdits } from '../../../src/launch/text-map.js';
import type { ConfigDiagnostic } from '../../../src/extension/config/diagnostics-map.js';
import type { GeneratedFile, PickItem, Services, Ui, Workspace } from '../../../src/extension/services.js';
import { StudySession, type Run, type SessionSinks } from '../../../src/extension/study/session.js';
import type { StudyRunResult, StudyRunHandlers } from '../../../src/extension/study/worker-host.js';
import type { StartStudyRequest } from '../../../src/worker/messages.js';
import type { HostToPanel } from '../../../src/protocol/webview.js';

export interface Shown {
  kind: 'info' | 'warn' | 'error' | 'pick' | 'progress';
  message: string;
  actions: string[];
  items?: PickItem<unknown>[];
}

/** Answers are consumed in order by the prompts that match them (message substring → action). */
export class FakeUi implements Ui {
  shown: Shown[] = [];
  answers: { match: string | RegExp; answer: string | ((items: PickItem<unknown>[]) => unknown) }[] = [];
  cancelProgress = false;
  progressReports: string[] = [];

  answer(match: string | RegExp, answer: string | ((items: PickItem<unknown>[]) => unknown)): this {
    this.answers.push({ match, answer });
    return this;
  }

  private take(message: string): (typeof this.answers)[number] | undefined {
    const i = this.answers.findIndex((a) => (typeof a.match === 'string' ? message.includes(a.match) : a.match.test(message)));
    return i >= 0 ? this.answers.splice(i, 1)[0] : undefined;
  }

  private async say(kind: Shown['kind'], message: string, actions: string[]): Promise<string | undefined> {
    this.shown.push({ kind, message, actions });
    const a = this.take(message);
    return typeof a?.answer === 'string' ? a.answer : undefined;
  }

  info(message: string, ...actions: string[]) {
    return this.say('info', message, actions);
  }
  warn(message: string, ...actions: string[]) {
    return this.say('warn', message, actions);
  }
  error(message: string, ...actions: string[]) {
    return this.say('error', message, [...actions, 'Show Logs']);
  }
  async pick<T>(items: readonly PickItem<T>[], title: string): Promise<T | undefined> {
    this.shown.push({ kind: 'pick', message: title, actions: [], items: [...items] as PickItem<unknown>[] });
    const a = this.take(title);
    if (!a) return undefined;
    if (typeof a.answer === 'function') return a.answer([...items] as PickItem<unknown>[]) as T | undefined;
    return items.find((i) => i.label.includes(a.answer as string))?.value;
  }
  async progress(title: string, task: (report: (m: string) => void, cancelled: AbortSignal) => Promise<void>): Promise<void> {
    this.shown.push({ kind: 'progress', message: title, actions: [] });
    const controller = new AbortController();
    const running = task((m) => this.progressReports.push(m), controller.signal);
    if (this.cancelProgress) controller.abort();
    await running;
  }
  messages(kind?: Shown['kind']): string[] {
    return this.shown.filter((s) => !kind || s.kind === kind).map((s) => s.message);
  }
}

export class FakeWorkspace implements Workspace {
  trusted = true;
  /** Unsaved editor contents by path. */
  openDocs = new Map<string, string>();
  active: { path: string; text: string; offset: number } | undefined;
  executed: { command: string; args: unknown[] }[] = [];
  opened: string[] = [];
  revealed: string[] = [];
  clipboardText = '';
  applied: { path: string; edits: readonly TextEdit[]; files: readonly GeneratedFile[] }[] = [];
  commandHandler: ((command: string, ...args: unknown[]) => Promise<unknown>) | undefined;

  constructor(readonly dir: string) {}

  static async create(t: { after(fn: () => Promise<void>): void }): Promise<FakeWorkspace> {
    const dir = await mkdtemp(join(tmpdir(), 'scoot-ext-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    return new FakeWorkspace(dir);
  }

  async write(rel: string, text: string): Promise<string> {
    const path = join(this.dir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    return path;
  }

  isTrusted() {
    return this.trusted;
  }
  root() {
    return this.dir;
  }
  async findConfigs(): Promise<string[]> {
    const { readdir } = await import('node:fs/promises');
    const out: string[] = [];
    const walk = async (d: string) => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== '.scoot' && e.name !== 'node_modules') await walk(join(d, e.name));
        else if (e.name === 'scoot.config.json') out.push(join(d, e.name));
      }
    };
    await walk(this.dir);
    return out.sort();
  }
  async readText(path: string) {
    if (this.openDocs.has(path)) return this.openDocs.get(path);
    try {
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  }
  async exists(path: string) {
    return stat(path).then(() => true, () => false);
  }
  async saveIfDirty(path: string) {
    const text = this.openDocs.get(path);
    if (text !== undefined) await writeFile(path, text);
    this.openDocs.delete(path);
  }
  activeFile() {
    return this.active;
  }
  async createFile(path: string, text: string) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  async copyFile(from: string, to: string) {
    await mkdir(dirname(to), { recursive: true });
    await copyFile(from, to);
  }
  async replaceText(path: string, text: string) {
    await writeFile(path, text);
    return true;
  }
  async applyEdits(path: string, edits: readonly TextEdit[], files: readonly GeneratedFile[]) {
    this.applied.push({ path, edits, files });
    const text = (await this.readText(path)) ?? '';
    await writeFile(path, applyEdits(text, edits));
    for (const f of files) await writeFile(f.path, f.content);
    return true;
  }
  async open(path: string) {
    this.opened.push(path);
  }
  async reveal(path: string) {
    this.revealed.push(path);
  }
  async clipboard(text: string) {
    this.clipboardText = text;
  }
  async saveAs(name: string, content: string) {
    const path = join(this.dir, name);
    await writeFile(path, content);
    return path;
  }
  async execute(command: string, ...args: unknown[]) {
    this.executed.push({ command, args });
    return this.commandHandler?.(command, ...args);
  }
}

/** A study run that plays what the test tells it to. */
export class FakeRun implements Run {
  readonly done: Promise<StudyRunResult>;
  finish!: (result: StudyRunResult) => void;
  stopped = 0;
  disposed = false;
  killed = 0;
  constructor(
    readonly request: StartStudyRequest,
    readonly handlers: StudyRunHandlers,
  ) {
    this.done = new Promise((r) => (this.finish = r));
  }
  stop() {
    this.stopped++;
  }
  async dispose() {
    this.disposed = true;
    this.finish({ status: 'failed', error: { name: 'WorkerError', message: 'disposed' } });
  }
  killSync() {
    this.killed++;
  }
}

export interface Harness {
  services: Services;
  ui: FakeUi;
  workspace: FakeWorkspace;
  runs: FakeRun[];
  panelMessages: HostToPanel[];
  statusTexts: string[];
  terminalText: () => string;
  logs: string[];
  diagnostics: Map<string, { text: string; items: readonly ConfigDiagnostic[] }>;
  panelShown: boolean[];
}

export async function harness(t: { after(fn: () => Promise<void>): void }): Promise<Harness> {
  const ui = new FakeUi();
  const workspace = await FakeWorkspace.create(t);
  const runs: FakeRun[] = [];
  const panelMessages: HostToPanel[] = [];
  const statusTexts: string[] = [];
  const terminal: string[] = [];
  const logs: string[] = [];
  const diagnostics = new Map<string, { text: string; items: readonly ConfigDiagnostic[] }>();
  const panelShown: boolean[] = [];
  const sinks: SessionSinks = {
    status: { show: (s) => statusTexts.push(s.text) },
    terminal: () => ({ write: (text) => terminal.push(text) }),
    panel: { post: (m) => panelMessages.push(m) },
    log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    runningChanged: () => undefined,
  };
  const session = new StudySession((request, handlers) => {
    const run = new FakeRun(request, handlers);
    runs.push(run);
    return run;
  }, sinks, ['scoot']);
  const services: Services = {
    ui,
    workspace,
    session,
    diagnostics: { set: (p, text, items) => diagnostics.set(p, { text, items }), clear: (p) => diagnostics.delete(p) },
    panel: { show: (preserveFocus) => panelShown.push(preserveFocus) },
    log: sinks.log,
    bundledTrace: join(process.cwd(), 'traces', 'chat.jsonl'),
  };
  return { services, ui, workspace, runs, panelMessages, statusTexts, terminalText: () => terminal.join(''), logs, diagnostics, panelShown };
}
