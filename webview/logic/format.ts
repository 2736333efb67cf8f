// Number, duration and label formatting for the panel (en-US digits so exports and screenshots are stable).
import { metricFacts } from '../../src/protocol/metrics.js';
import type { ParamValue } from '../../src/protocol/study.js';

/** Unit of a metric (protocol/metrics.ts, docs/ARCHITECTURE.md §5; times in milliseconds). */
export function metricUnit(metric: string): string {
  return metricFacts(metric).unit;
}

export function metricLabel(metric: string): string {
  const unit = metricUnit(metric);
  return unit ? `${metric} (${unit})` : metric;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Compact but precise: 12,345 · 123.4 · 12.34 · 1.234 · 0.01234. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const a = Math.abs(value);
  if (a >= 1000) return grouped.format(value);
  if (a >= 100) return value.toFixed(1);
  if (a >= 10) return value.toFixed(2);
  if (a >= 1) return value.toFixed(3);
  if (a === 0) return '0';
  return value.toPrecision(3);
}

export function formatMetric(metric: string, value: number | undefined): string {
  if (value === undefined) return '';
  const unit = metricUnit(metric);
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

export function formatParam(value: ParamValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return String(value);
}

/** 45s · 4m 05s · 1h 02m · 2d 03h. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${String(h % 24).padStart(2, '0')}h`;
}

/** "−45.2%" / "+68.3%" with a true minus sign. */
export function formatPercentChange(change: number | undefined): string {
  if (change === undefined || !Number.isFinite(change)) return '';
  const pct = change * 100;
  const text = Math.abs(pct) >= 10 ? Math.abs(pct).toFixed(0) : Math.abs(pct).toFixed(1);
  if (text === '0' || text === '0.0') return '±0%';
  return `${pct < 0 ? '−' : '+'}${text}%`;
}

const tickFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** Axis tick labels: no trailing zeros (100, 0.5, 12.5, 10,000). */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  return tickFormat.format(Number(value.toPrecision(6)));
}
