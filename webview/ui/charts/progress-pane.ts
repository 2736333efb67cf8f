// Objective(s) against trial number: a marker per trial source, SLO violators hollow, the best-so-far
// step line, failed trials as × in a lane above the plot, and the SLO bound when it is on the objective.
import type { ObjectiveSpec, SloSpec, TrialRecord, TrialSource } from '../../../src/protocol/study.js';
import { bestSoFarLine } from '../../logic/best-so-far.js';
import { axisTypeFor } from '../../logic/chart-data.js';
import { metricLabel } from '../../logic/format.js';
import { sourceMarker, sourceOrder } from '../../logic/markers.js';
import { withAlpha, type Palette } from '../../logic/palette.js';
import { sloLinesFor } from '../../logic/slo.js';
import { classifyTrial, isMiss, metricValue } from '../../logic/trials.js';
import { h } from '../dom.js';
import { ChartRefresher, registerChart, type Pane, type ViewContext } from '../pane.js';
import type { TrialTooltip } from '../tooltip.js';
import { lineDataset, scatterOptions, sourceDataset, styleMarker, themeAxis, themeLegend, fontString, type Pt, type ScatterChart, type ScatterDataset, optionsOf, shapeFromPoint, valueTick } from './common.js';
import { Chart } from './setup.js';

const VIOLATES = sourceOrder.length;
const STOPPED = VIOLATES + 1;
const BEST = STOPPED + 1;
const INFEASIBLE = BEST + 1;
const ERROR = INFEASIBLE + 1;
const LANE_Y = 0.5;

export function failureLaneDatasets(p: Palette): [ScatterDataset, ScatterDataset] {
  const mk = (label: string, color: string): ScatterDataset => ({
    label, data: [], yAxisID: 'lane', pointStyle: 'crossRot', pointRadius: 6, pointHoverRadius: 8, borderWidth: 2, borderColor: color, backgroundColor: color,
  });
  return [mk('infeasible', p.red), mk('error', p.orange)];
}

/** Trials stopped early: hollow triangles, since their values are bounds and the truth lies beyond them. */
export function stoppedEarlyDataset(p: Palette): ScatterDataset {
  const ds: ScatterDataset = { label: 'stopped early (bound)', data: [] };
  styleStoppedEarly(ds, p);
  return ds;
}

export function styleStoppedEarly(ds: ScatterDataset, p: Palette): void {
  styleMarker(ds, { label: '', shape: 'triangle', color: 'orange', radius: 5 }, p, true);
}

export function themeFailureLane(infeasible: ScatterDataset, error: ScatterDataset, p: Palette): void {
  infeasible.borderColor = infeasible.backgroundColor = p.red;
  error.borderColor = error.backgroundColor = p.orange;
}

function sloSpecs(metric: string, axis: string, slo: SloSpec) {
  return sloLinesFor(metric, slo).map((l) => ({ axis, value: l.value, bound: l.bound, label: `SLO ${metric} ${l.bound === 'max' ? '≤' : '≥'} ${l.value}` }));
}

class ObjectiveProgressChart {
  readonly chart: ScatterChart;
  readonly box: HTMLElement;

  constructor(private readonly objective: ObjectiveSpec, index: number, ctx: ViewContext, tooltip: TrialTooltip) {
    const canvas = h('canvas', { 'aria-label': `${objective.metric} by trial` });
    this.box = h('div', { class: 'chart-box progress-chart', 'data-chart': `progress-${index}` }, canvas);
    const p = ctx.palette;
    const datasets: ScatterDataset[] = sourceOrder.map((s: TrialSource) => sourceDataset(s, p));
    const violates: ScatterDataset = { label: 'violates SLO or constraint', data: [] };
    styleMarker(violates, { label: '', shape: 'circle', color: 'red', radius: 5 }, p, true);
    datasets.push(violates, stoppedEarlyDataset(p), lineDataset('best so far', p.green), ...failureLaneDatasets(p));
    const options = scatterOptions(p, tooltip);
    options.scales = {
      x: { type: 'linear', title: { display: true, text: 'trial' }, ticks: { precision: 0 } },
      y: { type: 'linear', stack: 'v', stackWeight: 8, ticks: { callback: valueTick, maxRotation: 0 }, title: { display: true, text: `${metricLabel(objective.metric)} · ${objective.goal === 'min' ? 'minimise' : 'maximise'}` } },
      lane: { type: 'linear', axis: 'y', position: 'left', stack: 'v', stackWeight: 1, min: 0, max: 1, offset: true, ticks: { display: false }, grid: { display: false }, title: { display: true, text: '✕' } },
    };
    options.plugins = { ...options.plugins, sloLines: { lines: sloSpecs(objective.metric, 'y', ctx.snapshot.slo) } };
    this.chart = new Chart<'scatter', Pt[]>(canvas, { type: 'scatter', data: { datasets }, options });
    registerChart(`progress-${index}`, this.chart);
    this.applyTheme(p);
  }

  private dataset(i: number): ScatterDataset {
    return this.chart.data.datasets[i];
  }

  /** Which dataset a trial's marker belongs to, and where. */
  private place(t: TrialRecord, slo: SloSpec): [number, Pt] | undefined {
    const cls = classifyTrial(t, slo);
    if (cls === 'infeasible') return [INFEASIBLE, { x: t.trial, y: LANE_Y, trial: t.trial }];
    if (cls === 'error') return [ERROR, { x: t.trial, y: LANE_Y, trial: t.trial }];
    const v = metricValue(t, this.objective.metric);
    if (v === undefined) return undefined;
    const pt = { x: t.trial, y: v, trial: t.trial };
    if (isMiss(cls)) return [VIOLATES, { ...pt, shape: sourceMarker(t.source).shape }];
    if (cls === 'stopped-early') return [STOPPED, pt];
    const si = sourceOrder.indexOf(t.source);
    return [si < 0 ? sourceOrder.indexOf('bo') : si, pt];
  }

  private updateDerived(ctx: ViewContext): void {
    const trials = ctx.snapshot.trials;
    let last = 0;
    for (const t of trials) if (t.trial > last) last = t.trial;
    this.dataset(BEST).data = bestSoFarLine(ctx.derived.improvements(this.objective), last);
    const values: number[] = [];
    for (let i = 0; i < INFEASIBLE; i++) if (i !== BEST) for (const pt of this.dataset(i).data) values.push(pt.y);
    const y = optionsOf(this.chart).scales?.y;
    if (y) y.type = axisTypeFor(values);
    this.box.dataset.failedMarkers = String(this.dataset(INFEASIBLE).data.length + this.dataset(ERROR).data.length);
  }

  rebuild(ctx: ViewContext): void {
    const buckets: Pt[][] = this.chart.data.datasets.map(() => []);
    for (const t of ctx.snapshot.trials) {
      const placed = this.place(t, ctx.snapshot.slo);
      if (placed) buckets[placed[0]].push(placed[1]);
    }
    buckets.forEach((b, i) => {
      if (i !== BEST) this.dataset(i).data = b;
    });
    const opts = optionsOf(this.chart).plugins;
    if (opts) opts.sloLines = { ...opts.sloLines, lines: sloSpecs(this.objective.metric, 'y', ctx.snapshot.slo) };
    this.updateDerived(ctx);
  }

  trialAdded(ctx: ViewContext, t: TrialRecord): void {
    const placed = this.place(t, ctx.snapshot.slo);
    if (placed) this.dataset(placed[0]).data.push(placed[1]);
    this.updateDerived(ctx);
  }

  applyTheme(p: Palette): void {
    const ds = this.chart.data.datasets;
    sourceOrder.forEach((s, i) => Object.assign(ds[i], sourceDataset(s, p), { data: ds[i].data }));
    styleMarker(ds[VIOLATES], { label: '', shape: 'circle', color: 'red', radius: 5 }, p, true);
    ds[VIOLATES].pointStyle = shapeFromPoint;
    styleStoppedEarly(ds[STOPPED], p);
    ds[BEST].borderColor = ds[BEST].backgroundColor = p.green;
    themeFailureLane(ds[INFEASIBLE], ds[ERROR], p);
    const o = optionsOf(this.chart);
    for (const id of ['x', 'y', 'lane']) themeAxis(o.scales?.[id], p);
    themeLegend(o, p);
    if (o.plugins?.sloLines) Object.assign(o.plugins.sloLines, { color: p.red, shade: withAlpha(p.red, 0.08), font: fontString(p, 0.9) });
  }

  destroy(): void {
    this.chart.destroy();
  }
}

export class ProgressPane implements Pane {
  readonly element = h('div', { class: 'pane progress-pane' });
  private charts: ObjectiveProgressChart[] = [];
  private readonly refresher = new ChartRefresher();
  private key = '';

  constructor(private readonly tooltip: TrialTooltip) {}

  rebuild(ctx: ViewContext): void {
    const key = JSON.stringify(ctx.snapshot.objectives);
    if (key !== this.key) {
      for (const c of this.charts) {
        this.refresher.forget(c.chart);
        c.destroy();
      }
      this.charts = ctx.snapshot.objectives.map((o, i) => new ObjectiveProgressChart(o, i, ctx, this.tooltip));
      this.element.replaceChildren(...this.charts.map((c) => c.box));
      this.key = key;
    }
    for (const c of this.charts) {
      c.rebuild(ctx);
      this.refresher.refresh(c.chart, undefined);
    }
  }

  trialAdded(ctx: ViewContext, trial: TrialRecord): void {
    for (const c of this.charts) {
      c.trialAdded(ctx, trial);
      this.refresher.refresh(c.chart);
    }
  }

  applyTheme(ctx: ViewContext): void {
    for (const c of this.charts) {
      c.applyTheme(ctx.palette);
      this.refresher.refresh(c.chart);
    }
  }

  setVisible(visible: boolean): void {
    this.refresher.setVisible(visible);
  }
}
