// SCOOT: Show Tuning Panel.

import type { Services } from '../services.js';

export function showPanel(s: Services) {
  return async (): Promise<void> => {
    s.panel.show(false);
  };
}
