// How fast a load's requests completed against how fast they arrived, measured once the load has run
// to its end. Over the second half of the window in which requests were sent, as the saturation rule
// (early-stop.ts) compares them while the load runs: an engine that keeps up completes the requests of
// a stretch of time a latency later, so over a stretch that starts after its first requests have ended
// it completes as many as arrive; counting from the first send would charge it one latency's worth of
// requests still open at the end.

import type { LoadRates } from '../protocol/study.js';
import type { RequestRecord } from './record.js';

/** The load's arrival and completion rates over the second half of its sending window; undefined for fewer than two distinct send times. */
export function loadRates(records: readonly RequestRecord[]): LoadRates | undefined {
  if (records.length < 2) return undefined;
  let first = Infinity, last = -Infinity;
  for (const r of records) {
    first = Math.min(first, r.sendMs);
    last = Math.max(last, r.sendMs);
  }
  if (!(last > first)) return undefined;
  const mid = (first + last) / 2;
  const span = (last - mid) / 1000;
  const sent = records.filter((r) => r.sendMs > mid && r.sendMs <= last).length;
  const completed = records.filter((r) => r.ok && r.endMs > mid && r.endMs <= last).length;
  return { arrivalPerSec: sent / span, completionPerSec: completed / span };
}
