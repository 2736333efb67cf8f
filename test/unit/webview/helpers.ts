// Small builders for webview unit tests.
import type { TrialRecord } from '../../../src/protocol/study.js';

export function trial(n: number, over: Partial<TrialRecord> = {}): TrialRecord {
  const start = Date.UTC(2025, 0, 1, 0, n * 5);
  return {
    trial: n,
    params: { 'max-num-seqs': 64 * (n + 1), 'enable-prefix-caching': n % 2 === 0 },
    status: 'ok',
    source: n === 0 ? 'default' : 'bo',
    slot: 0,
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 240_000).toISOString(),
    ...over,
  };
}
