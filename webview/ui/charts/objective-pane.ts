// The objective space. Two objectives: every feasible observation, the study's Pareto set (summary.json's:
// points and the outline of the region they dominate), the default configuration as reference point, SLO
// bounds on either axis, SLO violators hollow and robustness re-tests. One objective with an SLO: the objective
// against the SLO metric, with the bound and the best configuration. Failed configurations have no
// metrics, so they get a strip of their own above the plot: × by trial number, one row per reason.
import type { ObjectiveSpec, SloSpec, TrialRecord } from '../../../src/protocol/study.js';
import { axisTypeFor } from '../../logic/chart-data.js';
import { metricLabel } from '../../logic/format.js';
import { sourceMarker } from '../../logic/markers.js';
import { withAlpha, type Palette } from '../../logic/palette.js';
import { frontStaircase, paretoFront, type FrontPoint } from '../../logic/pareto.js';
import { sloLinesFor } from '../../logic/slo.js';
import { classifyTrial, isMiss, isSearchTrial, metricValue, reasonCodeOf } from '../../logic/trials.js';
import { h } from '../dom.js';
import { ChartRefresher, registerChart, type Pane, type ViewContext } from '../pane.js';
import type { TrialTooltip } from '../tooltip.js';
import { fontString, lineDataset, scatterOptions, styleMarker, themeAxis, themeLegend, type Pt, type ScatterChart, type ScatterDataset, integerTicks, optionsOf, shapeFromPoint, valueTick } from './common.js';
import { failureLaneDatasets, stoppedEarlyDataset, styleStoppedEarly, themeFailureLane } from './progress-pane.js';
import { Chart } from './setup.js';

export type ObjectiveMode =
  | { kind: 'front'; x: ObjectiveSpec; y: ObjectiveSpec }
  | { kind: 'tradeoff'; x: ObjectiveSpec; y: ObjectiveSpec }
  | { kind: 'none' };

/** Two objectives: the first two against each other. One objective with an SLO on another metric: objective (y) against that metric (x). */
export function objectiveMode(objectives: readonly ObjectiveSpec[], slo: SloSpec): ObjectiveMode {
  if (objectives.length >= 2) return { kind: 'front', x: objectives[0], y: objectives[1] };
  const sloMetric = Object.keys(slo).find((m) => m !== objectives[0]?.metric);
  if (objectives.length === 1 && sloMetric) return { kind: 'tradeoff', x: { metric: sloMetric, goal: slo[sloMetric].max !== undefined ? 'min' : 'max' }, y: objectives[0] };
  return { kind: 'none' };
}

// Dataset indices; lower indices are drawn on top (Chart.js draws the last dataset first).
const DEFAULT = 0;
const FRONT = 1;
const OUTLINE = 2;
const VIOLATES = 3;
const RETEST = 4;
const OBS = 5;
const STOPPED = 6;

interface FrontEntry extends FrontPoint {
  pt: Pt;
}

export class ObjectivePane implements Pane {
  readonly element = h('div', { class: 'pane objective-pane' });
  private readonly refresher = new ChartRefresher();
  private mode: ObjectiveMode = { kind: 'none' };
  private modeKey = '';
  private chart: ScatterChart | undefined;
  private strip: ScatterChart | undefined;
  private readonly mainBox = h('div', { class: 'chart-box objective-chart', 'data-chart': 'objective' });
  private readonly stripBox = h('div', { class: 'chart-box failure-strip', 'data-chart': 'objective-failures' });
  private readonly note = h('p', { class: 'pane-note' });
  /** Where each feasible trial is drawn, so the study's front can be picked out of them. */
  private feasible = new Map<number, Pt>();
  private reasons: string[] = [];

  constructor(private readonly tooltip: TrialTooltip) {}

  rebuild(ctx: ViewContext): void {
    const mode = objectiveMode(ctx.snapshot.objectives, ctx.snapshot.slo);
    const key = JSON.stringify(mode);
    if (key !== this.modeKey) this.create(mode, ctx);
    if (!this.chart || !this.strip) return;
    const ds = this.chart.data.datasets;
    for (const d of ds) d.data = [];
    this.feasible.clear();
    for (const t of ctx.snapshot.trials) this.place(t, ctx);
    this.finish(ctx);
    this.rebuildStrip(ctx);
    this.refresher.refresh(this.chart, undefined);
    this.refresher.refresh(this.strip, undefined);
  }

  trialAdded(ctx: ViewContext, t: TrialRecord): void {
    if (!this.chart || !this.strip) return;
    this.place(t, ctx);
    this.finish(ctx);
    if (t.status !== 'ok') this.addToStrip(t);
    this.updateStripRange(ctx);
    this.refresher.refresh(this.chart);
    this.refresher.refresh(this.strip);
  }

  applyTheme(ctx: ViewContext): void {
    if (!this.chart || !this.strip) return;
    this.themeMain(ctx.palette);
    this.themeStrip(ctx.palette);
    this.refresher.refresh(this.chart);
    this.refresher.refresh(this.strip);
  }

  setVisible(visible: boolean): void {
    this.refresher.setVisible(visible);
  }

  private create(mode: ObjectiveMode, ctx: ViewContext): void {
    for (const c of [this.chart, this.strip]) {
      if (!c) continue;
      this.refresher.forget(c);
      c.destroy();
    }
    this.chart = this.strip = undefined;
    this.mode = mode;
    this.modeKey = JSON.stringify(mode);
    if (mode.kind === 'none') {
      this.note.textContent = 'The objective space needs two objectives, or one objective and an SLO on another metric.';
      this.element.replaceChildren(this.note);
      return;
    }
    const p = ctx.palette;
    const stripCanvas = h('canvas', { 'aria-label': 'failed trials by reason' });
    const mainCanvas = h('canvas', { 'aria-label': 'objective space' });
    this.stripBox.replaceChildren(stripCanvas);
    this.mainBox.replaceChildren(mainCanvas);
    this.note.textContent = mode.kind === 'front'
      ? `Pareto front of ${mode.x.metric} (${mode.x.goal}) and ${mode.y.metric} (${mode.y.goal}) over feasible trials that meet every SLO; the default configuration is the reference point.`
      : `${mode.y.metric} (${mode.y.goal === 'max' ? 'maximise' : 'minimise'}) against ${mode.x.metric}, which carries an SLO.`;
    this.element.replaceChildren(this.note, this.stripBox, this.mainBox);

    const frontLabel = mode.kind === 'front' ? 'Pareto front' : 'best';
    const datasets: ScatterDataset[] = [];
    datasets[DEFAULT] = { label: 'default (reference)', data: [] };
    datasets[FRONT] = { label: frontLabel, data: [] };
    datasets[OUTLINE] = lineDataset('front outline', p.green);
    datasets[VIOLATES] = { label: 'violates SLO or constraint', data: [] };
    datasets[RETEST] = { label: 'robustness re-test', data: [] };
    datasets[OBS] = { label: mode.kind === 'front' ? 'feasible' : 'meets SLO', data: [] };
    datasets[STOPPED] = stoppedEarlyDataset(p);
    const options = scatterOptions(p, this.tooltip);
    const title = (o: ObjectiveSpec) => `${metricLabel(o.metric)}${mode.kind === 'front' || o === mode.y ? ` · ${o.goal === 'min' ? 'minimise' : 'maximise'}` : ''}`;
    options.scales = {
      x: { type: 'linear', ticks: { callback: valueTick, maxRotation: 0 }, title: { display: true, text: title(mode.x) } },
      y: { type: 'linear', ticks: { callback: valueTick, maxRotation: 0 }, title: { display: true, text: title(mode.y) } },
    };
    options.plugins = { ...options.plugins, sloLines: { lines: [] } };
    this.chart = new Chart<'scatter', Pt[]>(mainCanvas, { type: 'scatter', data: { datasets }, options });

    const stripOptions = scatterOptions(p, this.tooltip);
    stripOptions.plugins = { ...stripOptions.plugins, legend: { display: false } };
    stripOptions.scales = {
      x: { type: 'linear', min: 0, ticks: { precision: 0, includeBounds: false }, title: { display: true, text: 'trial' } },
      y: { type: 'linear', afterBuildTicks: integerTicks(() => this.reasons.length), ticks: { autoSkip: false, callback: (v) => this.reasons[Number(v)] ?? '' }, grid: { display: false } },
    };
    const [infeasible, error] = failureLaneDatasets(p);
    infeasible.yAxisID = error.yAxisID = 'y';
    this.strip = new Chart<'scatter', Pt[]>(stripCanvas, { type: 'scatter', data: { datasets: [infeasible, error] }, options: stripOptions });
    registerChart('objective', this.chart);
    registerChart('objective-failures', this.strip);
    this.themeMain(p);
    this.themeStrip(p);
  }

  private place(t: TrialRecord, ctx: ViewContext): void {
    const chart = this.chart;
    if (!chart || this.mode.kind === 'none') return;
    const { x: xo, y: yo } = this.mode;
    const x = metricValue(t, xo.metric);
    const y = metricValue(t, yo.metric);
    if (t.status !== 'ok' || x === undefined || y === undefined) return;
    const pt: Pt = { x, y, trial: t.trial };
    const ds = chart.data.datasets;
    const cls = classifyTrial(t, ctx.snapshot.slo);
    if (!isSearchTrial(t)) ds[RETEST].data.push(pt);
    else if (isMiss(cls)) ds[VIOLATES].data.push({ ...pt, shape: sourceMarker(t.source).shape });
    else if (cls === 'stopped-early') ds[STOPPED].data.push(pt);
    else {
      ds[OBS].data.push(pt);
      this.feasible.set(t.trial, pt);
    }
    if (t.source === 'default' && ds[DEFAULT].data.length === 0) ds[DEFAULT].data.push(pt);
  }

  /** Derived datasets (front or best, outline), axis types and SLO lines, after points were placed. */
  private finish(ctx: ViewContext): void {
    const chart = this.chart;
    if (!chart || this.mode.kind === 'none') return;
    const { x: xo, y: yo } = this.mode;
    const ds = chart.data.datasets;
    if (this.mode.kind === 'front') {
      const entries = [...ctx.derived.highlights.front].flatMap((trial): FrontEntry[] => {
        const pt = this.feasible.get(trial);
        return pt ? [{ trial, values: [pt.x, pt.y], pt }] : [];
      });
      ds[FRONT].data = entries.map((f) => f.pt).sort((a, b) => a.x - b.x);
      // With more than two objectives a point of the set may be beaten in the two drawn: the outline
      // follows the ones that are not.
      ds[OUTLINE].data = frontStaircase(paretoFront(entries, [xo.goal, yo.goal]).map((f) => f.pt), [xo.goal, yo.goal]);
    } else {
      const chosen = ctx.derived.chosenTrial;
      ds[FRONT].data = ds[OBS].data.filter((pt) => pt.trial === chosen).slice(0, 1);
      ds[OUTLINE].data = [];
    }
    const xs: number[] = [];
    const ys: number[] = [];
    for (const d of ds) for (const pt of d.data) {
      xs.push(pt.x);
      ys.push(pt.y);
    }
    const scales = optionsOf(chart).scales;
    if (scales?.x) scales.x.type = axisTypeFor(xs);
    if (scales?.y) scales.y.type = axisTypeFor(ys);
    const lines = [
      ...sloLinesFor(xo.metric, ctx.snapshot.slo).map((l) => ({ axis: 'x', value: l.value, bound: l.bound, label: `SLO ${l.metric} ${l.bound === 'max' ? '≤' : '≥'} ${l.value}` })),
      ...sloLinesFor(yo.metric, ctx.snapshot.slo).map((l) => ({ axis: 'y', value: l.value, bound: l.bound, label: `SLO ${l.metric} ${l.bound === 'max' ? '≤' : '≥'} ${l.value}` })),
    ];
    const plugins = optionsOf(chart).plugins;
    if (plugins?.sloLines) plugins.sloLines.lines = lines;
    this.mainBox.dataset.frontCount = String(ds[FRONT].data.length);
    this.mainBox.dataset.frontTrials = ds[FRONT].data.map((pt) => pt.trial).join(',');
  }

  private rebuildStrip(ctx: ViewContext): void {
    if (!this.strip) return;
    this.reasons = [];
    for (const d of this.strip.data.datasets) d.data = [];
    for (const t of ctx.snapshot.trials) if (t.status !== 'ok') this.addToStrip(t);
    this.updateStripRange(ctx);
  }

  private addToStrip(t: TrialRecord): void {
    if (!this.strip) return;
    const code = reasonCodeOf(t);
    let row = this.reasons.indexOf(code);
    if (row < 0) {
      this.reasons.push(code);
      row = this.reasons.length - 1;
    }
    this.strip.data.datasets[t.status === 'error' ? 1 : 0].data.push({ x: t.trial, y: row, trial: t.trial });
  }

  private updateStripRange(ctx: ViewContext): void {
    if (!this.strip) return;
    let last = 0;
    for (const t of ctx.snapshot.trials) if (t.trial > last) last = t.trial;
    const scales = optionsOf(this.strip).scales;
    if (scales?.x) scales.x.max = Math.max(1, last + 0.5);
    if (scales?.y) {
      scales.y.min = -0.6;
      scales.y.max = Math.max(0, this.reasons.length - 1) + 0.6;
    }
    const failed = this.strip.data.datasets.reduce((n, d) => n + d.data.length, 0);
    this.stripBox.dataset.failedMarkers = String(failed);
    this.stripBox.dataset.rows = String(this.reasons.length);
    this.stripBox.hidden = failed === 0;
    // Height grows with the number of reason rows; set through CSSOM (no inline style attribute under the CSP).
    this.stripBox.style.height = `${58 + 22 * Math.max(1, this.reasons.length)}px`;
  }

  private themeMain(p: Palette): void {
    if (!this.chart) return;
    const ds = this.chart.data.datasets;
    styleMarker(ds[DEFAULT], { label: '', shape: 'star', color: 'yellow', radius: 9 }, p);
    ds[DEFAULT].pointBorderWidth = 2;
    if (this.mode.kind === 'front') styleMarker(ds[FRONT], { label: '', shape: 'circle', color: 'green', radius: 5 }, p);
    else styleMarker(ds[FRONT], { label: '', shape: 'rectRot', color: 'green', radius: 8 }, p);
    ds[OUTLINE].borderColor = ds[OUTLINE].backgroundColor = p.green;
    styleMarker(ds[VIOLATES], { label: '', shape: 'circle', color: 'red', radius: 4 }, p, true);
    ds[VIOLATES].pointStyle = shapeFromPoint;
    styleMarker(ds[RETEST], { label: '', shape: 'rectRot', color: 'purple', radius: 5 }, p, true);
    styleMarker(ds[OBS], { label: '', shape: 'circle', color: 'blue', radius: 3.5 }, p);
    styleStoppedEarly(ds[STOPPED], p);
    const o = optionsOf(this.chart);
    themeAxis(o.scales?.x, p);
    themeAxis(o.scales?.y, p);
    themeLegend(o, p);
    if (o.plugins?.sloLines) Object.assign(o.plugins.sloLines, { color: p.red, shade: withAlpha(p.red, 0.08), font: fontString(p, 0.9) });
  }

  private themeStrip(p: Palette): void {
    if (!this.strip) return;
    const [infeasible, error] = this.strip.data.datasets;
    themeFailureLane(infeasible, error, p);
    themeAxis(optionsOf(this.strip).scales?.x, p);
    themeAxis(optionsOf(this.strip).scales?.y, p);
  }
}
