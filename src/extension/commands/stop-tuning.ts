// SCOOT: Stop Tuning — the running trials' engines are shut down cleanly; the study can be resumed.

import type { Services } from '../services.js';

export function stopTuning(s: Services) {
  return async (): Promise<void> => {
    if (!s.session.active) {
      await s.ui.info('No SCOOT study is running.');
      return;
    }
    s.session.stop();
  };
}
