// What every tab of the panel implements, and the bookkeeping that keeps hidden tabs cheap: a chart
// on a hidden tab is only marked stale, and redrawn once when its tab is shown.
import type { Chart } from 'chart.js';
import type { StudySnapshot, TrialRecord } from '../../src/protocol/study.js';
import type { Palette } from '../logic/palette.js';
import type { Derived } from '../model/derived.js';

export interface ViewContext {
  snapshot: StudySnapshot;
  palette: Palette;
  /** Shared per-update computations (fresh after every change of the snapshot). */
  derived: Derived;
}

export interface Pane {
  readonly element: HTMLElement;
  /** Redraw everything from the snapshot (first load, a new snapshot, a replaced trial). */
  rebuild(ctx: ViewContext): void;
  /** One more finished trial, already appended to ctx.snapshot.trials. */
  trialAdded(ctx: ViewContext, trial: TrialRecord): void;
  applyTheme(ctx: ViewContext): void;
  setVisible(visible: boolean): void;
}

/** What the refresher needs of a chart (any Chart.js chart type). */
export interface Updatable {
  update(mode?: 'none'): void;
}

export class ChartRefresher {
  private visible = false;
  private readonly stale = new Set<Updatable>();

  refresh(chart: Updatable, mode: 'none' | undefined = 'none'): void {
    if (this.visible) chart.update(mode);
    else this.stale.add(chart);
  }

  forget(chart: Updatable): void {
    this.stale.delete(chart);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) return;
    for (const c of this.stale) c.update('none');
    this.stale.clear();
  }

  get isVisible(): boolean {
    return this.visible;
  }
}

/** Charts by id, for the browser tests (exposed only when the page opts in; see main.ts). */
export const chartRegistry = new Map<string, Chart>();

/** Registers any chart type under an id (Chart.js's generics are invariant, hence the widening). */
export function registerChart(id: string, chart: object): void {
  chartRegistry.set(id, chart as Chart);
}
