// Shared Chart.js options: no animation (live updates must be instant), theme colours applied from the
// palette on creation and on every theme change, and the HTML tooltip.
import type { Chart, ChartDataset, ChartOptions } from 'chart.js';
import { sourceMarker, type PointShape, type SourceMarker } from '../../logic/markers.js';
import { formatTick } from '../../logic/format.js';
import { withAlpha, type Palette } from '../../logic/palette.js';
import type { TrialSource } from '../../../src/protocol/study.js';
import type { TrialTooltip } from '../tooltip.js';

export interface Pt {
  x: number;
  y: number;
  trial?: number;
  /** Marker shape of this point when its dataset mixes sources (SLO violators keep their source's shape). */
  shape?: PointShape;
}

export type ScatterChart = Chart<'scatter', Pt[]>;
export type ScatterDataset = ChartDataset<'scatter', Pt[]>;

export function fontString(p: Palette, scale = 1): string {
  return `${Math.round(p.fontSize * scale)}px ${p.fontFamily}`;
}

/** Datasets that explain themselves on the plot. */
const hiddenFromLegend = new Set(['front outline']);

/**
 * Tick labels for value axes: grouped numbers, and on log axes only 1-2-5 mantissas (Chart.js labels
 * 1, 1.5, 2, 3, ... which collide on a 300× range).
 */
export function valueTick(this: { type: string }, value: number | string): string {
  const v = Number(value);
  if (this.type === 'logarithmic') {
    if (v <= 0) return '';
    const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
    const exact = Math.abs(v / 10 ** Math.floor(Math.log10(v) + 1e-9) - mantissa) < 1e-6;
    return exact && (mantissa === 1 || mantissa === 2 || mantissa === 5) ? formatTick(v) : '';
  }
  return formatTick(v);
}

/** Ticks at the integers 0..n-1 only (categorical axes drawn on a linear scale). */
export function integerTicks(count: () => number): (axis: { ticks: { value: number }[] }) => void {
  return (axis) => {
    axis.ticks = Array.from({ length: count() }, (_, i) => ({ value: i }));
  };
}

export function scatterOptions(p: Palette, tooltip: TrialTooltip): ChartOptions<'scatter'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', intersect: true },
    // Parsing stays on: with `parsing: false` Chart.js assumes data sorted by x and takes an axis's range
    // from the first and last point only, which drops outliers off a scatter plot.
    // Points on the edge of the range (a parameter at its bound) are drawn whole.
    datasets: { scatter: { clip: 8 } },
    font: { family: p.fontFamily, size: Math.max(10, p.fontSize - 1) },
    plugins: {
      legend: {
        position: 'bottom',
        labels: {
          usePointStyle: true,
          boxHeight: 7,
          color: p.foreground,
          filter: (item, data) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 && !hiddenFromLegend.has(item.text),
        },
      },
      tooltip: { enabled: false, external: tooltip.external },
    },
  } as ChartOptions<'scatter'>;
}

interface Colored {
  color?: unknown;
}

/** The colour-bearing parts of a scale's options (any scale type). */
export interface AxisColors {
  ticks?: Colored;
  grid?: Colored;
  border?: Colored;
  title?: Colored;
}

/**
 * Colours of an axis from the palette (ticks, grid, border, title). Called on `chart.config.options`
 * (the plain objects Chart.js re-reads on every update), never on the resolved `chart.options` proxies.
 */
export function themeAxis(axis: unknown, p: Palette): void {
  if (!axis || typeof axis !== 'object') return;
  const a = axis as AxisColors;
  (a.ticks ??= {}).color = p.foreground;
  (a.grid ??= {}).color = p.grid;
  (a.border ??= {}).color = p.grid;
  if (a.title) a.title.color = p.foreground;
}

export function themeLegend(options: { plugins?: unknown }, p: Palette): void {
  const legend = (options.plugins as { legend?: { labels?: Colored } } | undefined)?.legend;
  if (legend?.labels) legend.labels.color = p.foreground;
}

export function styleMarker(ds: ScatterDataset, marker: SourceMarker, p: Palette, hollow = false): void {
  const color = p[marker.color];
  ds.pointStyle = marker.shape;
  ds.pointRadius = marker.radius;
  ds.pointHoverRadius = marker.radius + 2;
  ds.borderColor = color;
  ds.backgroundColor = hollow ? 'transparent' : withAlpha(color, 0.75);
  ds.pointBorderWidth = hollow ? 1.5 : 1;
}

export function sourceDataset(source: TrialSource, p: Palette): ScatterDataset {
  const ds: ScatterDataset = { label: sourceMarker(source).label, data: [] };
  styleMarker(ds, sourceMarker(source), p);
  return ds;
}

export function lineDataset(label: string, color: string, dashed = false): ScatterDataset {
  return {
    label,
    data: [],
    showLine: true,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    borderDash: dashed ? [4, 3] : undefined,
    pointRadius: 0,
    pointHoverRadius: 0,
    pointHitRadius: 0,
    // The legend draws a line for it (usePointStyle).
    pointStyle: 'line',
  };
}

/** Violators keep the shape of their source; the dataset's own style makes them hollow and red. */
export function shapeFromPoint(ctx: { raw?: unknown }): PointShape {
  return (ctx.raw as Pt | undefined)?.shape ?? 'circle';
}

/** The chart's own (unresolved) options: Chart.js re-reads them on every update, so theme and axis changes go here. */
export function optionsOf<O extends object>(chart: { config: { options?: O } }): O {
  const o = chart.config.options;
  if (!o) throw new Error('Chart.js chart without options');
  return o;
}
