// Feasibility: the POF threshold δ each suggestion had to meet, by trial (it rises after a failure and
// relaxes after runs of successes, docs/ARCHITECTURE.md §1), with the trial's outcome as the marker; and the
// failed trials counted by reason code.
import type { ChartDataset, ChartOptions } from 'chart.js';
import type { TrialRecord } from '../../../src/protocol/study.js';
import { reasonCounts } from '../../logic/chart-data.js';
import type { Palette } from '../../logic/palette.js';
import { withAlpha } from '../../logic/palette.js';
import { classifyTrial } from '../../logic/trials.js';
import { h } from '../dom.js';
import { ChartRefresher, registerChart, type Pane, type ViewContext } from '../pane.js';
import type { TrialTooltip } from '../tooltip.js';
import { lineDataset, scatterOptions, styleMarker, themeAxis, themeLegend, type Pt, type ScatterChart, type ScatterDataset, optionsOf } from './common.js';
import { Chart } from './setup.js';

const LINE = 0;
const FEASIBLE = 1;
const FAILED = 2;

type BarChart = Chart<'bar', number[], string>;

export class FeasibilityPane implements Pane {
  readonly element = h('div', { class: 'pane feasibility-pane' });
  private readonly refresher = new ChartRefresher();
  private readonly summary = h('p', { class: 'pane-note feasibility-summary' });
  private readonly deltaBox = h('div', { class: 'chart-box delta-chart', 'data-chart': 'delta' });
  private readonly reasonsBox = h('div', { class: 'chart-box reasons-chart', 'data-chart': 'reasons' });
  private delta: ScatterChart | undefined;
  private reasons: BarChart | undefined;

  constructor(private readonly tooltip: TrialTooltip) {
    this.element.append(this.summary, h('div', { class: 'feasibility-grid' }, this.deltaBox, this.reasonsBox));
  }

  private ensureCharts(p: Palette): void {
    if (this.delta && this.reasons) return;
    const deltaCanvas = h('canvas', { 'aria-label': 'POF threshold by trial' });
    const reasonsCanvas = h('canvas', { 'aria-label': 'failed trials by reason' });
    this.deltaBox.replaceChildren(deltaCanvas);
    this.reasonsBox.replaceChildren(reasonsCanvas);
    const datasets: ScatterDataset[] = [];
    datasets[LINE] = lineDataset('δ (POF threshold)', p.foreground);
    datasets[FEASIBLE] = { label: 'trial ran', data: [] };
    datasets[FAILED] = { label: 'trial failed', data: [] };
    const options = scatterOptions(p, this.tooltip);
    options.scales = {
      x: { type: 'linear', title: { display: true, text: 'trial' }, ticks: { precision: 0 } },
      y: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'δ: required probability of feasibility' } },
    };
    this.delta = new Chart<'scatter', Pt[]>(deltaCanvas, { type: 'scatter', data: { datasets }, options });

    const barOptions: ChartOptions<'bar'> = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: 'y',
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'failed trials' } }, y: { ticks: { autoSkip: false } } },
    };
    const bars: ChartDataset<'bar', number[]> = { label: 'failed trials', data: [], borderWidth: 1 };
    this.reasons = new Chart<'bar', number[], string>(reasonsCanvas, { type: 'bar', data: { labels: [], datasets: [bars] }, options: barOptions });
    registerChart('delta', this.delta);
    registerChart('reasons', this.reasons);
    this.theme(p);
  }

  rebuild(ctx: ViewContext): void {
    this.ensureCharts(ctx.palette);
    if (!this.delta) return;
    for (const d of this.delta.data.datasets) d.data = [];
    const sorted = [...ctx.snapshot.trials].sort((a, b) => a.trial - b.trial);
    for (const t of sorted) this.placeDelta(t, ctx);
    this.updateReasons(ctx);
    this.refreshAll(undefined);
  }

  trialAdded(ctx: ViewContext, t: TrialRecord): void {
    if (!this.delta) return;
    const line = this.delta.data.datasets[LINE].data;
    // Parallel slots can finish out of order: keep the δ line sorted by trial number.
    if (line.length && t.pofThreshold !== undefined && line[line.length - 1].x > t.trial) {
      this.rebuild(ctx);
      return;
    }
    this.placeDelta(t, ctx);
    this.updateReasons(ctx);
    this.refreshAll('none');
  }

  applyTheme(ctx: ViewContext): void {
    this.theme(ctx.palette);
    this.refreshAll('none');
  }

  setVisible(visible: boolean): void {
    this.refresher.setVisible(visible);
  }

  private refreshAll(mode: 'none' | undefined): void {
    if (this.delta) this.refresher.refresh(this.delta, mode);
    if (this.reasons) this.refresher.refresh(this.reasons, mode);
  }

  private placeDelta(t: TrialRecord, ctx: ViewContext): void {
    if (!this.delta || t.pofThreshold === undefined) return;
    const ds = this.delta.data.datasets;
    const pt = { x: t.trial, y: t.pofThreshold, trial: t.trial };
    ds[LINE].data.push({ x: t.trial, y: t.pofThreshold });
    const cls = classifyTrial(t, ctx.snapshot.slo);
    ds[cls === 'infeasible' || cls === 'error' ? FAILED : FEASIBLE].data.push(pt);
  }

  private updateReasons(ctx: ViewContext): void {
    if (!this.reasons) return;
    const counts = reasonCounts(ctx.snapshot.trials);
    this.reasons.data.labels = counts.map((c) => c.code);
    this.reasons.data.datasets[0].data = counts.map((c) => c.count);
    const failed = counts.reduce((n, c) => n + c.count, 0);
    const total = ctx.snapshot.trials.length;
    const withDelta = ctx.snapshot.trials.filter((t) => t.pofThreshold !== undefined).length;
    this.summary.textContent = `${failed} of ${total} trials failed${total ? ` (${((100 * failed) / total).toFixed(0)}%)` : ''}` +
      (counts.length ? `: ${counts.map((c) => `${c.code} ${c.count}`).join(', ')}.` : '.') +
      (withDelta ? '' : ' No trial carries a POF threshold (δ applies to model-based suggestions only).');
    this.reasonsBox.dataset.reasons = counts.map((c) => `${c.code}=${c.count}`).join(',');
    this.reasonsBox.style.height = `${70 + 28 * Math.max(1, counts.length)}px`;
  }

  private theme(p: Palette): void {
    if (!this.delta || !this.reasons) return;
    const ds = this.delta.data.datasets;
    ds[LINE].borderColor = ds[LINE].backgroundColor = withAlpha(p.foreground, 0.6);
    ds[LINE].borderWidth = 1.5;
    styleMarker(ds[FEASIBLE], { label: '', shape: 'circle', color: 'green', radius: 3.5 }, p);
    ds[FAILED].pointStyle = 'crossRot';
    ds[FAILED].pointRadius = 6;
    ds[FAILED].borderWidth = 2;
    ds[FAILED].borderColor = ds[FAILED].backgroundColor = p.red;
    themeAxis(optionsOf(this.delta).scales?.x, p);
    themeAxis(optionsOf(this.delta).scales?.y, p);
    themeLegend(optionsOf(this.delta), p);
    const bars = this.reasons.data.datasets[0];
    bars.backgroundColor = withAlpha(p.red, 0.55);
    bars.borderColor = p.red;
    const o = optionsOf(this.reasons);
    themeAxis(o.scales?.x, p);
    themeAxis(o.scales?.y, p);
  }
}
