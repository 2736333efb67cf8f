/* global window, document, sessionStorage, MessageEvent, structuredClone */
// Plays VS Code's webview side inside the harness page: acquireVsCodeApi (once per page, as in VS
// Code), getState/setState kept across reloads (sessionStorage stands in for VS Code's state store),
// messages to the host forwarded to the Node test (window.__hostReceive, exposed by Playwright), theme
// variables on <html> and the theme class on <body>, and a record of CSP violations.
(function () {
  'use strict';
  const config = window.__harnessConfig || {};
  const STATE_KEY = 'scoot-panel-state';
  const posted = [];
  const violations = [];
  let stateWrites = 0;
  let acquired = false;
  let state = null;
  try {
    state = JSON.parse(sessionStorage.getItem(STATE_KEY) || 'null');
  } catch {
    state = null;
  }
  window.__scootTestHooks = true;

  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });

  function applyTheme(kind, vars) {
    const body = document.body;
    body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    body.classList.add(kind === 'light' ? 'vscode-light' : 'vscode-dark');
    body.setAttribute('data-vscode-theme-kind', kind === 'light' ? 'vscode-light' : 'vscode-dark');
    const root = document.documentElement;
    for (const name of Array.from(root.style)) if (name.startsWith('--vscode-')) root.style.removeProperty(name);
    for (const [name, value] of Object.entries(vars || {})) root.style.setProperty(name, value);
  }
  applyTheme(config.theme, config.vars);

  window.acquireVsCodeApi = function acquireVsCodeApi() {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage(message) {
        const copy = structuredClone(message);
        posted.push(copy);
        if (typeof window.__hostReceive === 'function') window.__hostReceive(copy);
      },
      getState() {
        return state;
      },
      setState(next) {
        state = structuredClone(next);
        stateWrites++;
        sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
        return next;
      },
    });
  };

  window.__harness = {
    posted,
    violations,
    applyTheme,
    send(message) {
      window.dispatchEvent(new MessageEvent('message', { data: message }));
    },
    state() {
      return state;
    },
    stateWrites() {
      return stateWrites;
    },
    clearState() {
      state = null;
      sessionStorage.removeItem(STATE_KEY);
    },
  };
})();
