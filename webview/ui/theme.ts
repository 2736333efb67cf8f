// Follows VS Code's theme: it sets body classes vscode-light / vscode-dark / vscode-high-contrast and
// rewrites the --vscode-* variables on <html> when the user switches themes, so both are observed.
import { readPalette, themeKindFromClasses, type Palette } from '../logic/palette.js';

export function currentPalette(): Palette {
  const style = getComputedStyle(document.body);
  return readPalette((name) => style.getPropertyValue(name), themeKindFromClasses([...document.body.classList]));
}

export function watchTheme(onChange: (palette: Palette) => void): () => void {
  let pending = 0;
  const schedule = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange(currentPalette());
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
