// Parallel coordinates drawn on a plain canvas (Chart.js has no such chart): one axis per parameter,
// then the objectives oriented better-up, one polyline per trial. Failed trials run into a "failed"
// band above the objective axes, dashed. Hovering a line shows the trial's tooltip.
import { formatNumber, formatTick } from '../logic/format.js';
import type { Palette } from '../logic/palette.js';
import { withAlpha } from '../logic/palette.js';
import { FAILED_Y, pcAxes, pcLines, pcTicks, type PcAxis, type PcLine } from '../logic/parallel.js';
import { h } from './dom.js';
import type { ViewContext } from './pane.js';
import type { TrialTooltip } from './tooltip.js';

const MARGIN = { top: 58, right: 90, bottom: 24, left: 70 };

export class ParallelCoordinates {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { 'aria-label': 'parallel coordinates of parameters and objectives' });
  private axes: PcAxis[] = [];
  private lines: PcLine[] = [];
  private best: number | undefined;
  private palette: Palette | undefined;
  private visible = false;
  private stale = true;
  private hovered: number | undefined;
  private readonly resize = new ResizeObserver(() => this.draw());

  constructor(private readonly tooltip: TrialTooltip) {
    this.element = h('div', { class: 'chart-box parallel-box', 'data-chart': 'parallel' }, this.canvas);
    this.resize.observe(this.element);
    this.canvas.addEventListener('mousemove', (e) => this.onMove(e));
    this.canvas.addEventListener('mouseleave', () => {
      this.hovered = undefined;
      this.tooltip.hide();
      this.draw();
    });
  }

  rebuild(ctx: ViewContext): void {
    const s = ctx.snapshot;
    this.palette = ctx.palette;
    this.axes = pcAxes(s.parameters, s.objectives, s.trials);
    this.lines = pcLines(s.trials, this.axes, s.slo);
    const first = s.objectives[0];
    this.best = first ? ctx.derived.bestTrial(first) : undefined;
    this.element.dataset.lines = String(this.lines.length);
    this.element.dataset.failedLines = String(this.lines.filter((l) => l.cls === 'infeasible' || l.cls === 'error').length);
    this.element.dataset.axes = this.axes.map((a) => a.label).join(',');
    this.stale = true;
    if (this.visible && !this.element.hidden) this.draw();
  }

  applyTheme(ctx: ViewContext): void {
    this.palette = ctx.palette;
    this.stale = true;
    if (this.visible && !this.element.hidden) this.draw();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.draw();
  }

  private geometry() {
    const w = this.element.clientWidth;
    const hgt = this.element.clientHeight;
    const n = Math.max(1, this.axes.length);
    const xs = this.axes.map((_, i) => MARGIN.left + (n === 1 ? 0 : (i * (w - MARGIN.left - MARGIN.right)) / (n - 1)));
    const plotTop = MARGIN.top;
    const plotBottom = hgt - MARGIN.bottom;
    // The failed band sits above the top of the axes: y(1) is plotTop + band.
    const band = 22;
    const y = (u: number) => (u > 1 ? plotTop : plotTop + band + (1 - u) * (plotBottom - plotTop - band));
    return { w, hgt, xs, y };
  }

  private draw(): void {
    const p = this.palette;
    if (!p || this.element.hidden || !this.visible) return;
    const { w, hgt, xs, y } = this.geometry();
    if (w <= 0 || hgt <= 0) return;
    this.stale = false;
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(hgt * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(hgt * dpr);
      this.canvas.style.width = `${w}px`;
      this.canvas.style.height = `${hgt}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    const font = `${Math.max(10, p.fontSize - 2)}px ${p.fontFamily}`;
    ctx.font = font;
    const lineStyle = (l: PcLine): [string, number, number[]] => {
      if (l.trial === this.hovered) return [p.foreground, 2.5, []];
      if (l.trial === this.best) return [p.green, 2.5, []];
      if (l.cls === 'infeasible') return [withAlpha(p.red, 0.7), 1.2, [4, 3]];
      if (l.cls === 'error') return [withAlpha(p.orange, 0.7), 1.2, [4, 3]];
      if (l.cls === 'slo-violation') return [withAlpha(p.red, 0.35), 1, []];
      return [withAlpha(p.blue, 0.45), 1, []];
    };
    // Ordinary lines first, highlighted ones last so they stay on top.
    const order = [...this.lines].sort((a, b) => rankOf(a, this.hovered, this.best) - rankOf(b, this.hovered, this.best));
    for (const l of order) {
      const [color, width, dash] = lineStyle(l);
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.beginPath();
      let drawing = false;
      l.ys.forEach((u, i) => {
        if (u === undefined) {
          drawing = false;
          return;
        }
        if (drawing) ctx.lineTo(xs[i], y(u));
        else ctx.moveTo(xs[i], y(u));
        drawing = true;
      });
      ctx.stroke();
    }
    ctx.setLineDash([]);
    // Axes, names, ticks and the failed band label.
    ctx.fillStyle = p.foreground;
    ctx.strokeStyle = p.muted;
    ctx.lineWidth = 1;
    this.axes.forEach((a, i) => {
      const x = xs[i];
      ctx.beginPath();
      ctx.moveTo(x, y(1));
      ctx.lineTo(x, y(0));
      ctx.stroke();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.font = `bold ${font}`;
      // Names alternate between two rows so neighbours never overlap; each fits two axis gaps.
      const room = 2 * (xs.length > 1 ? xs[1] - xs[0] : w) - 8;
      const name = fitText(ctx, a.kind === 'objective' ? `${a.label} (${a.goal}, better ↑)` : a.label, room);
      ctx.fillText(name, x, MARGIN.top - (i % 2 === 0 ? 36 : 20));
      ctx.font = font;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      for (const t of pcTicks(a, a.kind === 'objective' ? formatNumber : formatTick)) ctx.fillText(t.text, x - 4, y(t.at));
      if (a.kind === 'objective') {
        ctx.fillStyle = p.red;
        ctx.textAlign = 'center';
        ctx.fillText('✕ failed', x, y(FAILED_Y) - 9);
        ctx.fillStyle = p.foreground;
      }
    });
  }

  private onMove(e: MouseEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    const { xs, y } = this.geometry();
    let bestD = 6;
    let found: number | undefined;
    for (const l of this.lines) {
      for (let i = 1; i < l.ys.length; i++) {
        const a = l.ys[i - 1];
        const b = l.ys[i];
        if (a === undefined || b === undefined || mx < xs[i - 1] - 2 || mx > xs[i] + 2) continue;
        const d = distanceToSegment(mx, my, xs[i - 1], y(a), xs[i], y(b));
        if (d < bestD) {
          bestD = d;
          found = l.trial;
        }
      }
    }
    if (found !== this.hovered) {
      this.hovered = found;
      this.draw();
    }
    if (found === undefined) this.tooltip.hide();
    else this.tooltip.showTrial(found, e.clientX, e.clientY);
  }
}

function rankOf(l: PcLine, hovered: number | undefined, best: number | undefined): number {
  if (l.trial === hovered) return 3;
  if (l.trial === best) return 2;
  return l.cls === 'feasible' ? 0 : 1;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The text, shortened with an ellipsis to fit `width` pixels. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}
