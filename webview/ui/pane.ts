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
  /** Charts tracked for being on screen; untracked charts count as on screen while the pane is visible. */
  private readonly onScreen = new Map<Updatable, boolean>();
  private observer: IntersectionObserver | undefined;
  private readonly byElement = new Map<Element, Updatable>();

  refresh(chart: Updatable, mode: 'none' | undefined = 'none'): void {
    if (this.visible && this.onScreen.get(chart) !== false) chart.update(mode);
    else this.stale.add(chart);
  }

  /** Skip drawing a chart while it is scrolled out of view (many small multiples); it catches up when it scrolls in. */
  track(chart: Updatable, element: Element): void {
    this.observer ??= new IntersectionObserver((entries) => {
      for (const e of entries) {
        const c = this.byElement.get(e.target);
        if (!c) continue;
        this.onScreen.set(c, e.isIntersecting);
        if (e.isIntersecting && this.visible && this.stale.delete(c)) c.update('none');
      }
    }, { rootMargin: '200px' });
    this.byElement.set(element, chart);
    this.observer.observe(element);
  }

  forget(chart: Updatable): void {
    this.stale.delete(chart);
    this.onScreen.delete(chart);
    for (const [el, c] of this.byElement) {
      if (c !== chart) continue;
      this.observer?.unobserve(el);
      this.byElement.delete(el);
    }
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) return;
    for (const c of this.stale) {
      if (this.onScreen.get(c) === false) continue;
      c.update('none');
      this.stale.delete(c);
    }
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
