// Entry of the panel's browser bundle (scripts/build.mjs -> dist/webview/main.js, an IIFE).
// Only the @vscode-elements components the panel uses are imported, each from its own module.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import { App } from './app.js';
import { exposeTestHooks } from './test-hooks.js';
import { connectToHost } from './vscode-api.js';

function start(): void {
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const app = new App(connectToHost(), root);
  // Browser tests set this flag before the bundle loads; VS Code never does.
  if ((globalThis as { __scootTestHooks?: boolean }).__scootTestHooks === true) exposeTestHooks(app);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
