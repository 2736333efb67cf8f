// Playwright helpers for VS Code's web workbench as code-server serves it: the trust dialog, the
// command palette, notifications, the status bar, code lenses, quick picks and webview frames.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { delay, repoRoot } from './code-server.js';

export const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');

/** docs/ARCHITECTURE.md §9: Debian's chromium, headless, nothing that talks to the network on its own. */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function shoot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `vscode-${name}.png`);
  await page.screenshot({ path });
  return path;
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  // The explorer lists the folder once the workspace is loaded.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
}

/** Answers the startup trust dialog ("Do you trust the authors of the files in this folder?"). */
export async function answerTrust(page: Page, trust: boolean): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'trust the authors' });
  await dialog.waitFor({ timeout: 60_000 });
  await dialog.locator('.monaco-button').filter({ hasText: trust ? 'Yes, I trust the authors' : "No, I don't trust the authors" }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
}

export async function isRestrictedMode(page: Page): Promise<boolean> {
  return (await page.locator('.statusbar-item').filter({ hasText: 'Restricted Mode' }).count()) > 0;
}

/** Waits until the extension host has activated everything it was asked to ("Activating Extensions..." gone). */
export async function waitForExtensionHost(page: Page): Promise<void> {
  await page.locator('.statusbar-item').filter({ hasText: 'Activating Extensions' }).waitFor({ state: 'detached', timeout: 90_000 }).catch(() => undefined);
}

/**
 * Runs a command by its palette label, e.g. "SCOOT: Start Tuning". Retries while the palette does not
 * list it yet: right after a window opens, extension contributions are still being scanned.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 60_000): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: label }).first();
  const until = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    const opened = await input.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (opened) {
      await input.fill(`>${label}`);
      const listed = await row.waitFor({ timeout: 10_000 }).then(() => true, () => false);
      if (listed) {
        // The palette refines its list as it types; click the exact entry rather than trusting the first row.
        await row.click();
        await input.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
        return;
      }
    } else {
      // Focus may be inside a webview, which swallows the keybinding: click the status bar first.
      await page.locator('.monaco-workbench .part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    }
    if (Date.now() > until) {
      const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts().catch(() => []);
      await page.keyboard.press('Escape');
      throw new Error(`the command palette does not list "${label}" within ${timeoutMs / 1000} s (rows: ${JSON.stringify(rows.slice(0, 5))})`);
    }
  }
}

/** Texts of the notification toasts on screen and in the notification center. */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message').allInnerTexts();
}

export async function waitForNotification(page: Page, pattern: RegExp, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await notifications(page)).find((t) => pattern.test(t));
    if (found) return found;
    if (Date.now() > until) {
      // A toast hides after a while; the notification center still lists it.
      await runCommand(page, 'Notifications: Show Notifications').catch(() => undefined);
      await delay(500);
      const all = await notifications(page);
      const late = all.find((t) => pattern.test(t));
      await page.keyboard.press('Escape');
      if (late) return late;
      throw new Error(`no notification matching ${pattern} within ${timeoutMs / 1000} s; shown: ${JSON.stringify(all)}`);
    }
    await delay(250);
  }
}

/** Clicks a button of the toast whose message matches. */
export async function clickNotificationButton(page: Page, message: RegExp, button: string): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ has: page.locator('.notification-list-item-message', { hasText: message }) }).first();
  await toast.locator('.monaco-button').filter({ hasText: button }).first().click();
}

export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
}

export async function statusBarTexts(page: Page): Promise<string[]> {
  return page.locator('.statusbar-item').allInnerTexts();
}

/** Opens a workspace file through Quick Open (Ctrl+P). */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: name }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).first().waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
}

export function codeLens(page: Page, text: RegExp) {
  return page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: text });
}

export async function codeLensTexts(page: Page): Promise<string[]> {
  return page.locator('.monaco-editor .codelens-decoration a').allInnerTexts();
}

/** Rows of the open quick pick (labels with their descriptions/details). */
export async function quickPickRows(page: Page): Promise<string[]> {
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor({ timeout: 30_000 });
  return rows.allInnerTexts();
}

/** The frame (inside a webview's nested iframes) whose document has `selector`. */
export async function webviewFrame(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.$(selector).then((h) => h !== null, () => false);
      if (found) return frame;
    }
    if (Date.now() > until) throw new Error(`no webview frame with ${selector} within ${timeoutMs / 1000} s (frames: ${page.frames().map((f) => f.url()).join(', ')})`);
    await delay(250);
  }
}
