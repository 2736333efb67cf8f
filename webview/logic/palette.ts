// Chart colours from VS Code's theme variables (webviews get every theme colour as --vscode-*), with
// the default Dark+/Light+ values as fallbacks for hosts that omit one.
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Palette {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  red: string;
  blue: string;
  green: string;
  yellow: string;
  orange: string;
  purple: string;
  fontFamily: string;
  fontSize: number;
}

const fallbacks: Record<'light' | 'dark', Omit<Palette, 'kind' | 'fontFamily' | 'fontSize'>> = {
  dark: { foreground: '#cccccc', muted: '#cccccca6', grid: '#cccccc33', background: '#1e1e1e', red: '#f14c4c', blue: '#3794ff', green: '#89d185', yellow: '#cca700', orange: '#d18616', purple: '#b180d7' },
  light: { foreground: '#616161', muted: '#717171', grid: '#61616133', background: '#ffffff', red: '#e51400', blue: '#1a85ff', green: '#388a34', yellow: '#bf8803', orange: '#d18616', purple: '#652d90' },
};

/** Body classes VS Code sets on a webview: vscode-light, vscode-dark, vscode-high-contrast (+ vscode-high-contrast-light). */
export function themeKindFromClasses(classes: readonly string[]): ThemeKind {
  if (classes.includes('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.includes('vscode-high-contrast')) return 'high-contrast';
  if (classes.includes('vscode-light')) return 'light';
  return 'dark';
}

/** `get` reads one CSS custom property (getComputedStyle(...).getPropertyValue). */
export function readPalette(get: (name: string) => string, kind: ThemeKind): Palette {
  const base = fallbacks[kind === 'light' || kind === 'high-contrast-light' ? 'light' : 'dark'];
  const v = (name: string, fallback: string) => get(name).trim() || fallback;
  const foreground = v('--vscode-charts-foreground', v('--vscode-editor-foreground', base.foreground));
  const size = Number.parseFloat(get('--vscode-font-size'));
  return {
    kind,
    foreground,
    muted: v('--vscode-descriptionForeground', base.muted),
    grid: v('--vscode-charts-lines', base.grid),
    background: v('--vscode-editor-background', base.background),
    red: v('--vscode-charts-red', base.red),
    blue: v('--vscode-charts-blue', base.blue),
    green: v('--vscode-charts-green', base.green),
    yellow: v('--vscode-charts-yellow', base.yellow),
    orange: v('--vscode-charts-orange', base.orange),
    purple: v('--vscode-charts-purple', base.purple),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.isFinite(size) && size > 0 ? size : 13,
  };
}

/** A colour with alpha, for fills: works on #rgb/#rrggbb; other syntaxes (rgba(), names) are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255).toString(16).padStart(2, '0');
  if (/^#[0-9a-f]{6}$/i.test(c)) return c + a;
  if (/^#[0-9a-f]{3}$/i.test(c)) return '#' + [...c.slice(1)].map((ch) => ch + ch).join('') + a;
  return c;
}
