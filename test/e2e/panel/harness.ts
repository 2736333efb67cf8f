// Browser harness for the tuning panel: a tiny HTTP server on 127.0.0.1 serving the panel's real HTML
// (renderPanelHtml, with its CSP) plus the VS Code stub, Debian's chromium through playwright-core, and
// FakeHost, which plays the extension host's side of the protocol from Node.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderPanelHtml } from '../../../src/extension/panel/html.js';
import type { HostToPanel, PanelToHost, PanelViewState } from '../../../src/protocol/webview.js';
import type { PanelTestHooks } from '../../../webview/test-hooks-types.js';
import { themeVariables, type ThemeName } from './themes.js';

export const repoRoot = join(__dirname, '..', '..', '..');
export const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');

const servedFiles: Record<string, string> = {
  '/dist/webview/main.js': 'dist/webview/main.js',
  '/media/panel.css': 'media/panel.css',
  '/harness/vscode-stub.js': 'test/e2e/panel/harness/vscode-stub.js',
};
const contentTypes: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

export interface PanelServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves /panel?theme=dark|light and the built assets; nothing else (no directory listing, no traversal). */
export async function startPanelServer(): Promise<PanelServer> {
  if (!existsSync(join(repoRoot, 'dist/webview/main.js'))) throw new Error('dist/webview/main.js is missing: run `node scripts/build.mjs --only webview` first');
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    void (async () => {
      if (url.pathname === '/panel') {
        const theme: ThemeName = url.searchParams.get('theme') === 'light' ? 'light' : 'dark';
        const nonce = randomBytes(18).toString('base64');
        const html = renderPanelHtml({ scriptUri: `${origin}/dist/webview/main.js`, styleUri: `${origin}/media/panel.css`, cspSource: origin, nonce, title: 'SCOOT tuning' });
        const config = JSON.stringify({ theme, vars: themeVariables[theme] }).replace(/</g, '\\u003c');
        const stub = `<script nonce="${nonce}">window.__harnessConfig = ${config};</script>\n<script nonce="${nonce}" src="${origin}/harness/vscode-stub.js"></script>\n`;
        const page = html.replace(/<script nonce=/, `${stub}<script nonce=`);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(page);
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const file = servedFiles[url.pathname] ?? (url.pathname === '/dist/webview/main.js.map' ? 'dist/webview/main.js.map' : undefined);
      const full = file ? normalize(join(repoRoot, file)) : undefined;
      if (!full || !full.startsWith(repoRoot + sep) || !existsSync(full)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': contentTypes[extname(full)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(await readFile(full));
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('panel server has no TCP address');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium, headless, no network side traffic; playwright-core gives it a fresh temporary --user-data-dir. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What the harness page exposes to the test, typed for page.evaluate (no DOM types in Node). */
export interface HarnessWindow {
  __harness: {
    posted: PanelToHost[];
    violations: { directive: string; blocked: string; sample: string }[];
    applyTheme(kind: ThemeName, vars: Record<string, string>): void;
    send(message: HostToPanel): void;
    state(): PanelViewState | null;
    stateWrites(): number;
    clearState(): void;
  };
  __scootPanel: PanelTestHooks;
}

/**
 * The extension host's side: answers `ready` with a message of the test's choosing (a snapshot,
 * `empty`, or nothing, to test restoring from getState alone) and records everything the panel posts.
 */
/** Polls an attribute until `accept` holds (page callbacks cannot use DOM types here: Node's lib has none). */
export async function waitForAttribute(page: Page, selector: string, name: string, accept: (value: string | null) => boolean, timeoutMs = 5000): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.getAttribute(selector, name);
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${selector}[${name}] stayed ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves after two animation frames in the page (a frame to lay out, one to paint). */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { requestAnimationFrame(cb: () => void): number };
    return new Promise<void>((r) => g.requestAnimationFrame(() => g.requestAnimationFrame(() => r())));
  });
}

export class FakeHost {
  readonly received: PanelToHost[] = [];
  onReady: HostToPanel | undefined;
  private waiters: { type: PanelToHost['type']; resolve: (m: PanelToHost) => void }[] = [];
  private readonly consumed = new Set<PanelToHost>();

  constructor(readonly page: Page) {}

  async attach(): Promise<void> {
    await this.page.exposeFunction('__hostReceive', (m: PanelToHost) => this.receive(m));
  }

  private receive(m: PanelToHost): void {
    this.received.push(m);
    const waiter = this.waiters.find((x) => x.type === m.type);
    if (waiter) {
      this.consumed.add(m);
      this.waiters = this.waiters.filter((x) => x !== waiter);
      waiter.resolve(m);
    }
    if (m.type === 'ready' && this.onReady) void this.send(this.onReady);
  }

  /** The oldest message of a type the test has not taken yet, waiting for it if need be. */
  next<T extends PanelToHost['type']>(type: T, timeoutMs = 5000): Promise<Extract<PanelToHost, { type: T }>> {
    const seen = this.received.find((m) => m.type === type && !this.consumed.has(m));
    if (seen) {
      this.consumed.add(seen);
      return Promise.resolve(seen as Extract<PanelToHost, { type: T }>);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${type}' message from the panel within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ type, resolve: (m) => { clearTimeout(timer); resolve(m as Extract<PanelToHost, { type: T }>); } });
    });
  }

  async send(message: HostToPanel): Promise<void> {
    // Callbacks run in the page: only the cast, no Node-side helper, may appear in them.
    await this.page.evaluate((m) => (globalThis as unknown as HarnessWindow).__harness.send(m), message);
  }
}

export async function openPanel(browser: Browser, server: PanelServer, theme: ThemeName, onReady: HostToPanel | undefined, viewport = { width: 1280, height: 860 }) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
  });
  const host = new FakeHost(page);
  host.onReady = onReady;
  await host.attach();
  await page.goto(`${server.origin}/panel?theme=${theme}`);
  return { page, host, errors };
}
