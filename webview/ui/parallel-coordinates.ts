// Parallel coordinates drawn on plain canvases (Chart.js has no such chart): one axis per parameter,
// then the objectives oriented better-up, one polyline per trial; failed trials run into a "failed"
// band above the objective axes. Two layers: every trial's line on the bottom canvas, drawn
// incrementally (a new trial adds one line unless an axis range changed), and on top the axes, the
// best trial and the hovered one, which are cheap to redraw.
import { formatNumber, formatTick } from '../logic/format.js';
import type { Palette } from '../logic/palette.js';
import { withAlpha } from '../logic/palette.js';
import { FAILED_Y, pcAxes, pcLines, pcTicks, type PcAxis, type PcLine } from '../logic/parallel.js';
import { h } from './dom.js';
import type { ViewContext } from './pane.js';
import type { TrialTooltip } from './tooltip.js';

const MARGIN = { top: 58, right: 90, bottom: 24, left: 70 };
const BAND = 22;

interface Geometry {
  w: number;
  hgt: number;
  xs: number[];
  y: (u: number) => number;
}

type LineStyle = { color: string; width: number };

export class ParallelCoordinates {
  readonly element: HTMLElement;
  private readonly linesCanvas = h('canvas', { 'aria-hidden': 'true' });
  private readonly overlay = h('canvas', { 'aria-label': 'parallel coordinates of parameters and objectives' });
  private axes: PcAxis[] = [];
  private axesKey = '';
  private lines: PcLine[] = [];
  private best: number | undefined;
  private palette: Palette | undefined;
  private visible = false;
  /** The lines layer must be redrawn from scratch (axes, size or theme changed, or drawn while hidden). */
  private linesStale = true;
  private drawnLines = 0;
  private drawnSize = '';
  private hovered: number | undefined;
  private readonly resize = new ResizeObserver(() => {
    this.linesStale = true;
    this.draw();
  });

  constructor(private readonly tooltip: TrialTooltip) {
    this.element = h('div', { class: 'chart-box parallel-box', 'data-chart': 'parallel' }, this.linesCanvas, this.overlay);
    this.resize.observe(this.element);
    this.overlay.addEventListener('mousemove', (e) => this.onMove(e));
    this.overlay.addEventListener('mouseleave', () => {
      this.hovered = undefined;
      this.tooltip.hide();
      this.drawOverlay();
    });
  }

  rebuild(ctx: ViewContext): void {
    const s = ctx.snapshot;
    this.palette = ctx.palette;
    this.axes = pcAxes(s.parameters, s.objectives, s.trials);
    const key = JSON.stringify(this.axes);
    if (key !== this.axesKey) this.linesStale = true;
    this.axesKey = key;
    this.lines = pcLines(s.trials, this.axes, s.slo);
    // A re-sent (replaced) trial changes a line already drawn.
    if (this.lines.length < this.drawnLines || this.lines.length !== s.trials.length) this.linesStale = true;
    this.best = ctx.derived.chosenTrial;
    this.element.dataset.lines = String(this.lines.length);
    this.element.dataset.failedLines = String(this.lines.filter((l) => l.cls === 'infeasible' || l.cls === 'error').length);
    this.element.dataset.axes = this.axes.map((a) => a.label).join(',');
    this.draw();
  }

  /** Force a full redraw on the next draw (a trial was replaced rather than added). */
  invalidate(): void {
    this.linesStale = true;
  }

  applyTheme(ctx: ViewContext): void {
    this.palette = ctx.palette;
    this.linesStale = true;
    this.draw();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.draw();
  }

  private geometry(): Geometry {
    const w = this.element.clientWidth;
    const hgt = this.element.clientHeight;
    const n = Math.max(1, this.axes.length);
    const xs = this.axes.map((_, i) => MARGIN.left + (n === 1 ? 0 : (i * (w - MARGIN.left - MARGIN.right)) / (n - 1)));
    const plotTop = MARGIN.top;
    const plotBottom = hgt - MARGIN.bottom;
    // The failed band sits above the top of the axes: y(1) is plotTop + BAND.
    const y = (u: number) => (u > 1 ? plotTop : plotTop + BAND + (1 - u) * (plotBottom - plotTop - BAND));
    return { w, hgt, xs, y };
  }

  private prepare(canvas: HTMLCanvasElement, g: Geometry): CanvasRenderingContext2D | undefined {
    const dpr = window.devicePixelRatio || 1;
    const width = Math.round(g.w * dpr);
    const height = Math.round(g.hgt * dpr);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      canvas.style.width = `${g.w}px`;
      canvas.style.height = `${g.hgt}px`;
    }
    const c = canvas.getContext('2d');
    c?.setTransform(dpr, 0, 0, dpr, 0, 0);
    return c ?? undefined;
  }

  private draw(): void {
    if (!this.palette || this.element.hidden || !this.visible) return;
    const g = this.geometry();
    if (g.w <= 0 || g.hgt <= 0) return;
    const size = `${g.w}x${g.hgt}`;
    if (size !== this.drawnSize) this.linesStale = true;
    this.drawnSize = size;
    const c = this.prepare(this.linesCanvas, g);
    if (!c) return;
    if (this.linesStale) {
      c.clearRect(0, 0, g.w, g.hgt);
      this.strokeLines(c, this.lines, g);
      this.linesStale = false;
    } else if (this.lines.length > this.drawnLines) {
      this.strokeLines(c, this.lines.slice(this.drawnLines), g);
    }
    this.drawnLines = this.lines.length;
    this.drawOverlay();
  }

  private styleOf(l: PcLine, p: Palette): LineStyle {
    switch (l.cls) {
      case 'feasible': return { color: withAlpha(p.blue, 0.45), width: 1 };
      case 'slo-violation':
      case 'outside-constraints': return { color: withAlpha(p.red, 0.35), width: 1 };
      case 'stopped-early': return { color: withAlpha(p.orange, 0.35), width: 1 };
      case 'infeasible': return { color: withAlpha(p.red, 0.6), width: 1.2 };
      case 'error': return { color: withAlpha(p.orange, 0.6), width: 1.2 };
    }
  }

  /** One stroke per line, solid (dashes multiply the raster cost of hundreds of polylines). */
  private strokeLines(c: CanvasRenderingContext2D, lines: readonly PcLine[], g: Geometry, style?: LineStyle): void {
    const p = this.palette;
    if (!p) return;
    for (const l of lines) {
      const st = style ?? this.styleOf(l, p);
      c.strokeStyle = st.color;
      c.lineWidth = st.width;
      c.beginPath();
      let drawing = false;
      l.ys.forEach((u, i) => {
        if (u === undefined) {
          drawing = false;
          return;
        }
        if (drawing) c.lineTo(g.xs[i], g.y(u));
        else c.moveTo(g.xs[i], g.y(u));
        drawing = true;
      });
      c.stroke();
    }
  }

  /** Axes, names, ticks, the best trial and the hovered trial. */
  private drawOverlay(): void {
    const p = this.palette;
    if (!p || this.element.hidden || !this.visible) return;
    const g = this.geometry();
    const c = this.prepare(this.overlay, g);
    if (!c) return;
    c.clearRect(0, 0, g.w, g.hgt);
    const best = this.lines.find((l) => l.trial === this.best);
    if (best) this.strokeLines(c, [best], g, { color: p.green, width: 2.5 });
    const hovered = this.lines.find((l) => l.trial === this.hovered);
    if (hovered) this.strokeLines(c, [hovered], g, { color: p.foreground, width: 2.5 });
    const font = `${Math.max(10, p.fontSize - 2)}px ${p.fontFamily}`;
    c.fillStyle = p.foreground;
    c.strokeStyle = p.muted;
    c.lineWidth = 1;
    this.axes.forEach((a, i) => {
      const x = g.xs[i];
      c.beginPath();
      c.moveTo(x, g.y(1));
      c.lineTo(x, g.y(0));
      c.stroke();
      c.textAlign = 'center';
      c.textBaseline = 'bottom';
      c.font = `bold ${font}`;
      // Names alternate between two rows so neighbours never overlap; each fits two axis gaps.
      const room = 2 * (g.xs.length > 1 ? g.xs[1] - g.xs[0] : g.w) - 8;
      c.fillText(fitText(c, a.kind === 'objective' ? `${a.label} (${a.goal}, better ↑)` : a.label, room), x, MARGIN.top - (i % 2 === 0 ? 36 : 20));
      c.font = font;
      c.textAlign = 'right';
      c.textBaseline = 'middle';
      for (const t of pcTicks(a, a.kind === 'objective' ? formatNumber : formatTick)) c.fillText(t.text, x - 4, g.y(t.at));
      if (a.kind === 'objective') {
        c.fillStyle = p.red;
        c.textAlign = 'center';
        c.fillText('✕ failed', x, g.y(FAILED_Y) - 9);
        c.fillStyle = p.foreground;
      }
    });
  }

  private onMove(e: MouseEvent): void {
    const rect = this.overlay.getBoundingClientRect();
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
      this.drawOverlay();
    }
    if (found === undefined) this.tooltip.hide();
    else this.tooltip.showTrial(found, e.clientX, e.clientY);
  }
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
