// Helpers for the test-electron suites, inside the extension host: activation, polling, and a recorder
// for the messages and quick picks the extension shows. The test files load through the extension's
// own folder, so VS Code hands them the same `vscode` API object as the extension: replacing
// window.show*Message there is what the extension calls.
import * as vscode from 'vscode';
import { readSummary, type Summary } from '../e2e/vscode/study-files.js';

export const EXTENSION_ID = 'scoot-tuning.scoot';

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function activateScoot(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded (extensionDevelopmentPath must be the repository)`);
  await ext.activate();
  return ext;
}

/** Polls until `probe` gives a value (not undefined/false). */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await delay(250);
  }
}

export async function waitForSummary(studyDir: string, done: (s: Summary) => boolean, timeoutMs: number): Promise<Summary> {
  return waitFor(() => {
    const s = readSummary(studyDir);
    return s && done(s) ? s : undefined;
  }, timeoutMs, `the study in ${studyDir} to finish`);
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;
type Pick = (items: unknown, options?: unknown) => Thenable<unknown>;

/** Records every message (answering none: as if dismissed) and, when armed, answers quick picks with their first item. */
export class MessageRecorder {
  private readonly messages: string[] = [];
  private readonly originals: Partial<Record<'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage' | 'showQuickPick', unknown>> = {};
  private picks: string[][] | undefined;

  install(): void {
    const w = vscode.window as unknown as Record<string, unknown>;
    for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const) {
      this.originals[name] = w[name];
      const record: Show = (message) => {
        this.messages.push(message);
        return Promise.resolve(undefined);
      };
      w[name] = record;
    }
    this.originals.showQuickPick = w.showQuickPick;
    const original = w.showQuickPick as Pick;
    const pick: Pick = async (items, options) => {
      if (!this.picks) return original.call(vscode.window, items, options);
      const list = (await items) as vscode.QuickPickItem[];
      this.picks.push(list.map((i) => [i.label, i.description, i.detail].filter(Boolean).join(' ')));
      return list[0];
    };
    w.showQuickPick = pick;
  }

  restore(): void {
    const w = vscode.window as unknown as Record<string, unknown>;
    for (const [name, fn] of Object.entries(this.originals)) w[name] = fn;
  }

  all(): string[] {
    return [...this.messages];
  }

  find(pattern: RegExp): string | undefined {
    return this.messages.find((m) => pattern.test(m));
  }

  /** From now on quick picks answer with their first item; the returned list fills with each pick's rows. */
  answerQuickPicksWithFirst(): string[][] {
    this.picks = [];
    return this.picks;
  }
}
