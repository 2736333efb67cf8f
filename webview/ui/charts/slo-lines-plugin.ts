// Draws SLO bounds as dashed lines with the violating side lightly shaded. A plugin rather than extra
// datasets so the bounds never enter the tooltip, the legend or the axis range of their own accord.
import type { Chart, ChartType, Plugin } from 'chart.js';
import type { BoundSide } from '../../../src/protocol/slo.js';

export interface SloLineSpec {
  /** Scale the value is on (e.g. "x", "y"). */
  axis: string;
  value: number;
  /** Which side violates the bound. */
  bound: BoundSide;
  label: string;
}

export interface SloLinesOptions {
  lines?: SloLineSpec[];
  color?: string;
  shade?: string;
  font?: string;
}

declare module 'chart.js' {
  // Merging requires Chart.js's own type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    sloLines?: SloLinesOptions;
  }
}

export const sloLinesPlugin: Plugin = {
  id: 'sloLines',
  afterDatasetsDraw(chart: Chart, _args: unknown, options: SloLinesOptions) {
    const lines = options.lines ?? [];
    if (!lines.length) return;
    const { ctx, chartArea } = chart;
    const yMain = chart.scales.y;
    for (const line of lines) {
      const scale = chart.scales[line.axis];
      if (!scale || line.value < scale.min || line.value > scale.max) continue;
      const p = scale.getPixelForValue(line.value);
      const horizontal = !scale.isHorizontal();
      const top = yMain ? yMain.top : chartArea.top;
      const bottom = yMain ? yMain.bottom : chartArea.bottom;
      ctx.save();
      // Shade the side that violates the bound: above a max on a y axis (pixel values grow downwards, and reversed axes flip it).
      const pHigh = scale.getPixelForValue(scale.max);
      const violatingTowardsHigh = line.bound === 'max';
      const edge = violatingTowardsHigh ? pHigh : scale.getPixelForValue(scale.min);
      if (options.shade) {
        ctx.fillStyle = options.shade;
        if (horizontal) ctx.fillRect(chartArea.left, Math.min(p, edge), chartArea.right - chartArea.left, Math.abs(edge - p));
        else ctx.fillRect(Math.min(p, edge), top, Math.abs(edge - p), bottom - top);
      }
      ctx.strokeStyle = options.color ?? 'red';
      ctx.fillStyle = options.color ?? 'red';
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      if (horizontal) {
        ctx.moveTo(chartArea.left, p);
        ctx.lineTo(chartArea.right, p);
      } else {
        ctx.moveTo(p, top);
        ctx.lineTo(p, bottom);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      if (options.font) ctx.font = options.font;
      if (horizontal) {
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        ctx.fillText(line.label, chartArea.right - 4, p - 3);
      } else {
        ctx.textAlign = 'left';
        ctx.textBaseline = 'top';
        ctx.fillText(line.label, p + 4, top + 4);
      }
      ctx.restore();
    }
  },
};
