// Each parameter against an objective, as small multiples (one scatter per parameter; failed trials as
// × in a lane above, at their parameter value) or as parallel coordinates. The default configuration
// and the best one are marked in every small multiple.
import type { ObjectiveSpec, ParameterInfo, TrialRecord } from '../../../src/protocol/study.js';
import type { PanelViewState } from '../../../src/protocol/webview.js';
import { axisTypeFor, paramAxis, paramX, type ParamAxis } from '../../logic/chart-data.js';
import { metricLabel } from '../../logic/format.js';
import { withAlpha, type Palette } from '../../logic/palette.js';
import { sloLinesFor } from '../../logic/slo.js';
import { classifyTrial, isMiss, isSearchTrial, metricValue } from '../../logic/trials.js';
import { h } from '../dom.js';
import { ChartRefresher, chartRegistry, registerChart, type Pane, type ViewContext } from '../pane.js';
import { ParallelCoordinates } from '../parallel-coordinates.js';
import type { TrialTooltip } from '../tooltip.js';
import { fontString, scatterOptions, styleMarker, themeAxis, type Pt, type ScatterChart, type ScatterDataset, integerTicks, optionsOf, valueTick } from './common.js';
import { failureLaneDatasets, stoppedEarlyDataset, styleStoppedEarly, themeFailureLane } from './progress-pane.js';
import { Chart } from './setup.js';

export type ParameterView = NonNullable<PanelViewState['parameterView']>;

const DEFAULT = 0;
const BEST = 1;
const VIOLATES = 2;
const RETEST = 3;
const OBS = 4;
const INFEASIBLE = 5;
const ERROR = 6;
const STOPPED = 7;
const LANE_Y = 0.5;

class ParameterChart {
  readonly chart: ScatterChart;
  readonly box: HTMLElement;
  private readonly axis: ParamAxis;

  constructor(private readonly info: ParameterInfo, objective: ObjectiveSpec, ctx: ViewContext, tooltip: TrialTooltip) {
    this.axis = paramAxis(info);
    const canvas = h('canvas', { 'aria-label': `${objective.metric} against ${info.name}` });
    this.box = h('div', { class: 'chart-box small-multiple', 'data-chart': `param:${info.name}` }, h('div', { class: 'small-title', text: info.name }), h('div', { class: 'small-canvas' }, canvas));
    const p = ctx.palette;
    const datasets: ScatterDataset[] = [];
    datasets[DEFAULT] = { label: 'default', data: [] };
    datasets[BEST] = { label: 'best', data: [] };
    datasets[VIOLATES] = { label: 'violates SLO or constraint', data: [] };
    datasets[RETEST] = { label: 'robustness re-test', data: [] };
    datasets[OBS] = { label: 'feasible', data: [] };
    const [inf, err] = failureLaneDatasets(p);
    datasets[INFEASIBLE] = inf;
    datasets[ERROR] = err;
    for (const d of [inf, err]) d.pointRadius = 5;
    datasets[STOPPED] = stoppedEarlyDataset(p);
    const options = scatterOptions(p, tooltip);
    options.plugins = { ...options.plugins, legend: { display: false }, sloLines: { lines: sloLinesFor(objective.metric, ctx.snapshot.slo).map((l) => ({ axis: 'y', value: l.value, bound: l.bound, label: `SLO ≤ ${l.value}` })) } };
    const a = this.axis;
    options.scales = {
      x: a.kind === 'category'
        ? { type: 'linear', min: -0.5, max: (a.labels?.length ?? 1) - 0.5, afterBuildTicks: integerTicks(() => a.labels?.length ?? 0), ticks: { autoSkip: false, maxRotation: 0, callback: (v) => a.labels?.[Number(v)] ?? '' } }
        : { type: a.kind, min: a.min, max: a.max, ticks: { callback: valueTick, maxRotation: 0, autoSkip: a.kind !== 'logarithmic' } },
      y: { type: 'linear', stack: 'v', stackWeight: 6, ticks: { callback: valueTick, maxRotation: 0 }, title: { display: true, text: metricLabel(objective.metric) } },
      lane: { type: 'linear', axis: 'y', position: 'left', stack: 'v', stackWeight: 1, min: 0, max: 1, offset: true, ticks: { display: false }, grid: { display: false } },
    };
    this.chart = new Chart<'scatter', Pt[]>(canvas, { type: 'scatter', data: { datasets }, options });
    registerChart(`param:${info.name}`, this.chart);
    this.applyTheme(p);
  }

  place(t: TrialRecord, objective: ObjectiveSpec, ctx: ViewContext): void {
    const x = paramX(this.axis, t.params[this.info.name], t.trial);
    if (x === undefined) return;
    const ds = this.chart.data.datasets;
    const cls = classifyTrial(t, ctx.snapshot.slo);
    if (cls === 'infeasible' || cls === 'error') {
      ds[cls === 'error' ? ERROR : INFEASIBLE].data.push({ x, y: LANE_Y, trial: t.trial });
      return;
    }
    const y = metricValue(t, objective.metric);
    if (y === undefined) return;
    const pt = { x, y, trial: t.trial };
    if (!isSearchTrial(t)) ds[RETEST].data.push(pt);
    else if (isMiss(cls)) ds[VIOLATES].data.push(pt);
    else if (cls === 'stopped-early') ds[STOPPED].data.push(pt);
    else ds[OBS].data.push(pt);
    if (t.source === 'default' && ds[DEFAULT].data.length === 0) ds[DEFAULT].data.push(pt);
  }

  clear(): void {
    for (const d of this.chart.data.datasets) d.data = [];
  }

  finish(bestTrial: number | undefined, yType: 'linear' | 'logarithmic'): void {
    const ds = this.chart.data.datasets;
    ds[BEST].data = ds[OBS].data.filter((pt) => pt.trial === bestTrial).slice(0, 1);
    const y = optionsOf(this.chart).scales?.y;
    if (y) y.type = yType;
    this.box.dataset.failedMarkers = String(ds[INFEASIBLE].data.length + ds[ERROR].data.length);
  }

  values(): number[] {
    const ds = this.chart.data.datasets;
    return [DEFAULT, VIOLATES, RETEST, OBS, STOPPED].flatMap((i) => ds[i].data.map((pt) => pt.y));
  }

  applyTheme(p: Palette): void {
    const ds = this.chart.data.datasets;
    styleMarker(ds[DEFAULT], { label: '', shape: 'star', color: 'yellow', radius: 8 }, p);
    ds[DEFAULT].pointBorderWidth = 2;
    styleMarker(ds[BEST], { label: '', shape: 'rectRot', color: 'green', radius: 7 }, p);
    styleMarker(ds[VIOLATES], { label: '', shape: 'circle', color: 'red', radius: 3.5 }, p, true);
    styleMarker(ds[RETEST], { label: '', shape: 'rectRot', color: 'purple', radius: 4 }, p, true);
    styleMarker(ds[OBS], { label: '', shape: 'circle', color: 'blue', radius: 3 }, p);
    themeFailureLane(ds[INFEASIBLE], ds[ERROR], p);
    styleStoppedEarly(ds[STOPPED], p);
    const o = optionsOf(this.chart);
    for (const id of ['x', 'y', 'lane']) themeAxis(o.scales?.[id], p);
    if (o.plugins?.sloLines) Object.assign(o.plugins.sloLines, { color: p.red, shade: withAlpha(p.red, 0.08), font: fontString(p, 0.85) });
  }

  destroy(): void {
    chartRegistry.delete(`param:${this.info.name}`);
    this.chart.destroy();
  }
}

export class ParameterPane implements Pane {
  readonly element = h('div', { class: 'pane parameter-pane' });
  private readonly refresher = new ChartRefresher();
  private readonly grid = h('div', { class: 'small-multiples' });
  private readonly parallel: ParallelCoordinates;
  private readonly viewSelect = h('vscode-single-select', { 'aria-label': 'Parameter view', class: 'view-select' });
  private readonly objectiveSelect = h('vscode-single-select', { 'aria-label': 'Objective', class: 'objective-select' });
  private readonly legend = h('div', { class: 'html-legend' });
  private charts: ParameterChart[] = [];
  private key = '';
  private view: ParameterView;
  private objectiveMetric: string | undefined;
  private last: ViewContext | undefined;

  constructor(private readonly tooltip: TrialTooltip, initial: PanelViewState, private readonly onChange: (view: ParameterView, objective: string | undefined) => void) {
    this.view = initial.parameterView ?? 'small-multiples';
    this.objectiveMetric = initial.parameterObjective;
    this.parallel = new ParallelCoordinates(tooltip);
    this.viewSelect.append(h('vscode-option', { value: 'small-multiples', text: 'Small multiples' }), h('vscode-option', { value: 'parallel-coordinates', text: 'Parallel coordinates' }));
    this.viewSelect.setAttribute('value', this.view);
    this.viewSelect.addEventListener('change', () => {
      const v = (this.viewSelect as unknown as { value: string }).value;
      this.setView(v === 'parallel-coordinates' ? 'parallel-coordinates' : 'small-multiples');
    });
    this.objectiveSelect.addEventListener('change', () => {
      this.objectiveMetric = (this.objectiveSelect as unknown as { value: string }).value;
      this.onChange(this.view, this.objectiveMetric);
      if (this.last) this.rebuild(this.last, true);
    });
    const toolbar = h('div', { class: 'pane-toolbar' }, h('label', { text: 'View' }), this.viewSelect, h('label', { class: 'objective-label', text: 'Objective' }), this.objectiveSelect, this.legend);
    this.element.append(toolbar, this.grid, this.parallel.element);
    this.showView();
  }

  get currentView(): ParameterView {
    return this.view;
  }

  setView(view: ParameterView): void {
    if (view === this.view) return;
    this.view = view;
    (this.viewSelect as unknown as { value: string }).value = view;
    this.onChange(this.view, this.objectiveMetric);
    this.showView();
    if (this.last) this.rebuild(this.last);
  }

  private showView(): void {
    this.grid.hidden = this.view !== 'small-multiples';
    this.parallel.element.hidden = this.view !== 'parallel-coordinates';
    this.element.dataset.view = this.view;
    this.legend.hidden = this.view !== 'small-multiples';
  }

  private objective(ctx: ViewContext): ObjectiveSpec | undefined {
    const objs = ctx.snapshot.objectives;
    return objs.find((o) => o.metric === this.objectiveMetric) ?? objs[0];
  }

  rebuild(ctx: ViewContext, force = false): void {
    this.last = ctx;
    const objective = this.objective(ctx);
    if (!objective) return;
    const key = JSON.stringify([ctx.snapshot.parameters, objective, ctx.snapshot.objectives]);
    if (key !== this.key || force) {
      for (const c of this.charts) {
        this.refresher.forget(c.chart);
        c.destroy();
      }
      this.charts = ctx.snapshot.parameters.map((info) => new ParameterChart(info, objective, ctx, this.tooltip));
      this.grid.replaceChildren(...this.charts.map((c) => c.box));
      for (const c of this.charts) this.refresher.track(c.chart, c.box);
      this.objectiveSelect.replaceChildren(...ctx.snapshot.objectives.map((o) => h('vscode-option', { value: o.metric, text: o.metric })));
      this.objectiveSelect.setAttribute('value', objective.metric);
      (this.objectiveSelect as unknown as { value: string }).value = objective.metric;
      this.objectiveSelect.hidden = ctx.snapshot.objectives.length < 2;
      this.element.querySelector('.objective-label')?.toggleAttribute('hidden', ctx.snapshot.objectives.length < 2);
      this.renderLegend();
      this.key = key;
    }
    if (this.view === 'parallel-coordinates') {
      this.parallel.invalidate();
      this.parallel.rebuild(ctx);
      return;
    }
    for (const c of this.charts) {
      c.clear();
      for (const t of ctx.snapshot.trials) c.place(t, objective, ctx);
    }
    this.finish(ctx);
    for (const c of this.charts) this.refresher.refresh(c.chart, undefined);
  }

  trialAdded(ctx: ViewContext, trial: TrialRecord): void {
    this.last = ctx;
    const objective = this.objective(ctx);
    if (!objective) return;
    if (this.view === 'parallel-coordinates') {
      this.parallel.rebuild(ctx);
      return;
    }
    for (const c of this.charts) c.place(trial, objective, ctx);
    this.finish(ctx);
    for (const c of this.charts) this.refresher.refresh(c.chart);
  }

  private finish(ctx: ViewContext): void {
    const best = ctx.derived.chosenTrial;
    const yType = axisTypeFor(this.charts[0]?.values() ?? []);
    for (const c of this.charts) c.finish(best, yType);
  }

  applyTheme(ctx: ViewContext): void {
    this.last = ctx;
    for (const c of this.charts) {
      c.applyTheme(ctx.palette);
      this.refresher.refresh(c.chart);
    }
    this.parallel.applyTheme(ctx);
  }

  setVisible(visible: boolean): void {
    this.refresher.setVisible(visible);
    this.parallel.setVisible(visible);
  }

  private renderLegend(): void {
    const item = (cls: string, text: string) => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${cls}` }), text);
    this.legend.replaceChildren(
      item('swatch-feasible', 'feasible'), item('swatch-violates', 'violates SLO or constraint'), item('swatch-best', 'best'),
      item('swatch-default', 'default'), item('swatch-failed', 'failed (lane above)'),
    );
  }
}
