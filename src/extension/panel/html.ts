// The tuning panel's HTML (pure: no `vscode` import, so it is unit-tested and reused by the browser
// harness). CSP: nothing by default; only the nonce'd bundle runs; styles only from the extension's
// own files. No 'unsafe-inline' for styles: @vscode-elements (Lit) styles its shadow roots through
// constructable stylesheets (adoptedStyleSheets), which CSP does not govern, and the panel sets
// dynamic sizes through the CSSOM (element.style), which CSP does not govern either; only style
// attributes and <style> elements would need it, and the panel uses neither.

export interface PanelHtmlOptions {
  /** Webview URI of dist/webview/main.js. */
  scriptUri: string;
  /** Webview URI of media/panel.css. */
  styleUri: string;
  /** webview.cspSource. */
  cspSource: string;
  /** A fresh random value per render (base64 or hex). */
  nonce: string;
  title: string;
}

export class PanelHtmlError extends Error {
  override name = 'PanelHtmlError';
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** A whitespace-separated list of CSP source expressions: 'self' or host/scheme sources, nothing else. */
function isSourceList(cspSource: string): boolean {
  const sources = cspSource.trim().split(/\s+/);
  return cspSource.trim() !== '' && sources.every((s) => s === "'self'" || /^[^;,'"\s]+$/.test(s));
}

export function renderPanelHtml(o: PanelHtmlOptions): string {
  // A nonce or source that could break out of the attribute or the policy is a programming error.
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new PanelHtmlError('The panel nonce must be at least 16 base64/hex characters.');
  // VS Code desktop gives one source (https://*.vscode-cdn.net); the web workbench (code-server,
  // vscode.dev) gives a list ('self' https://*.vscode-cdn.net). Anything that could end the directive is refused.
  if (!isSourceList(o.cspSource)) throw new PanelHtmlError(`The webview cspSource "${o.cspSource}" is not a single CSP source expression or a list of them.`);
  const csp = contentSecurityPolicy(o.cspSource, o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
