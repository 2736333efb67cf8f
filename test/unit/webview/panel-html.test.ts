import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, PanelHtmlError, renderPanelHtml } from '../../../src/extension/panel/html.js';

const options = {
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'bm9uY2Utbm9uY2Utbm9uY2U=',
  title: 'SCOOT: bot <a100> & "x2"',
};

test('CSP: nothing by default, nonce scripts, styles and fonts from the extension only, no unsafe-inline', () => {
  assert.equal(
    contentSecurityPolicy(options.cspSource, options.nonce),
    "default-src 'none'; script-src 'nonce-bm9uY2Utbm9uY2Utbm9uY2U='; style-src https://*.vscode-cdn.net; img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net",
  );
  const html = renderPanelHtml(options);
  assert.ok(!html.includes('unsafe-inline') && !html.includes('unsafe-eval'));
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;nonce-${options.nonce}&#39;;`));
});

test('the bundle is the only script, carries the nonce, and comes after the app root', () => {
  const html = renderPanelHtml(options);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.deepEqual(scripts, [`<script nonce="${options.nonce}" src="${options.scriptUri}">`]);
  assert.ok(html.indexOf('<div id="app"></div>') < html.indexOf('<script'));
  assert.ok(html.includes(`<link rel="stylesheet" href="${options.styleUri}">`));
  assert.ok(!/\sstyle=/.test(html), 'no inline style attributes (the CSP would block them)');
});

test('the title is escaped', () => {
  assert.ok(renderPanelHtml(options).includes('<title>SCOOT: bot &lt;a100&gt; &amp; &quot;x2&quot;</title>'));
});

test('a nonce or source that could break the policy is refused with a clear error', () => {
  assert.throws(() => renderPanelHtml({ ...options, nonce: 'short' }), PanelHtmlError);
  assert.throws(() => renderPanelHtml({ ...options, nonce: `${options.nonce}"><script>` }), /nonce must be/);
  assert.throws(() => renderPanelHtml({ ...options, cspSource: "'self'; script-src *" }), /not a single CSP source/);
});

test('the web workbench\'s source list (code-server, vscode.dev) is accepted; quotes and separators are not', () => {
  const web = "'self' https://*.vscode-cdn.net";
  assert.ok(renderPanelHtml({ ...options, cspSource: web }).includes(`style-src &#39;self&#39; https://*.vscode-cdn.net;`));
  assert.throws(() => renderPanelHtml({ ...options, cspSource: "https://a 'unsafe-inline'" }), /not a single CSP source/);
  assert.throws(() => renderPanelHtml({ ...options, cspSource: 'https://a, https://b' }), /not a single CSP source/);
  assert.throws(() => renderPanelHtml({ ...options, cspSource: '   ' }), PanelHtmlError);
});
