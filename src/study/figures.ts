// Numbers as people read them, the same in the terminal and in report.md: metric values with their unit
// (protocol/metrics.ts) and a precision that fits their size, changes as signed percentages.

import { compactUnit } from '../protocol/metrics.js';

export function formatMetric(name: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const short = compactUnit(name);
  const unit = short === 'ms' ? ' ms' : short;
  const a = Math.abs(value);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit}`;
}

export function formatPercent(p: number): string {
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(p).toFixed(1)}%`;
}
