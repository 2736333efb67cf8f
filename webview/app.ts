// The panel application: applies host messages to the model, tells the tabs what changed, posts the
// user's actions back, and keeps the view state (snapshot, tab, sort, parameter view) for a reload.
import type { StudySnapshot, TrialRecord } from '../src/protocol/study.js';
import type { ExportFormat, HostToPanel, PanelViewState } from '../src/protocol/webview.js';
import { describeTrial } from './logic/chart-data.js';
import { exportFileName, trialsCsv, trialsJson } from './logic/csv.js';
import type { Palette } from './logic/palette.js';
import { Derived } from './model/derived.js';
import { StudyModel } from './model/study-model.js';
import { FeasibilityPane } from './ui/charts/feasibility-pane.js';
import { ObjectivePane, objectiveMode } from './ui/charts/objective-pane.js';
import { ParameterPane } from './ui/charts/parameter-pane.js';
import { ProgressPane } from './ui/charts/progress-pane.js';
import { h } from './ui/dom.js';
import { Header } from './ui/header.js';
import type { Pane, ViewContext } from './ui/pane.js';
import { currentPalette, watchTheme } from './ui/theme.js';
import { TrialTooltip } from './ui/tooltip.js';
import { TrialsTable } from './ui/trials-table.js';
import type { HostChannel } from './vscode-api.js';

export const TAB_IDS = ['progress', 'objectives', 'parameters', 'feasibility', 'trials'] as const;
export type TabId = (typeof TAB_IDS)[number];

const STATE_DELAY_MS = 400;

export class App {
  private model: StudyModel | undefined;
  private palette: Palette;
  private readonly tooltip: TrialTooltip;
  private readonly header: Header;
  private readonly panes: Record<TabId, Pane>;
  private readonly parameters: ParameterPane;
  private readonly table: TrialsTable;
  private readonly tabs: HTMLElement & { selectedIndex: number };
  private readonly tabHeaders: HTMLElement[];
  private readonly main: HTMLElement;
  private readonly empty = h('div', { class: 'empty-state', role: 'status' });
  private view: PanelViewState;
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private derived: Derived | undefined;
  private derivedFor: StudyModel | undefined;
  private derivedVersion = -1;

  constructor(private readonly host: HostChannel, root: HTMLElement) {
    this.view = host.getState() ?? {};
    this.palette = currentPalette();
    this.tooltip = new TrialTooltip((trial) => {
      const t = this.model?.trialByNumber(trial);
      return t && this.model ? describeTrial(t, this.model.snapshot.objectives, this.model.snapshot.slo) : undefined;
    });
    this.header = new Header({ stop: () => this.host.post({ type: 'stop' }), resume: () => this.host.post({ type: 'resume' }) });
    this.parameters = new ParameterPane(this.tooltip, this.view, (parameterView, parameterObjective) => {
      this.view = { ...this.view, parameterView, parameterObjective };
      this.saveState(true);
    });
    this.table = new TrialsTable({
      apply: (trial) => this.host.post({ type: 'apply', trial }),
      copyFlags: (trial) => this.host.post({ type: 'copyFlags', trial }),
      exportAs: (format) => this.exportAs(format),
      sortChanged: (sort) => {
        this.view = { ...this.view, sort };
        this.saveState(true);
      },
    }, this.view.sort);
    this.panes = {
      progress: new ProgressPane(this.tooltip),
      objectives: new ObjectivePane(this.tooltip),
      parameters: this.parameters,
      feasibility: new FeasibilityPane(this.tooltip),
      trials: this.table,
    };
    const labels: Record<TabId, string> = { progress: 'Progress', objectives: 'Objectives', parameters: 'Parameters', feasibility: 'Feasibility', trials: 'Trials' };
    this.tabHeaders = TAB_IDS.map((id) => h('vscode-tab-header', { slot: 'header', 'data-tab': id, text: labels[id] }));
    const panels = TAB_IDS.map((id) => h('vscode-tab-panel', { 'data-tab': id }, this.panes[id].element));
    const initialTab = Math.max(0, TAB_IDS.indexOf((this.view.tab ?? 'progress') as TabId));
    this.tabs = h('vscode-tabs', { 'selected-index': initialTab, panel: true }, ...this.tabHeaders, ...panels) as HTMLElement & { selectedIndex: number };
    this.tabs.addEventListener('vsc-tabs-select', () => this.onTabChange());
    this.main = h('main', { class: 'panel-main' }, this.header.element, this.tabs);
    root.replaceChildren(this.main, this.empty);
    this.empty.hidden = true;
    this.main.hidden = true;

    watchTheme((p) => this.applyTheme(p));
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.onMessage(e.data));
    if (this.view.snapshot) this.load(this.view.snapshot, false);
    else this.showEmpty('Waiting for the study…');
    this.host.post({ type: 'ready' });
  }

  private get activeTab(): TabId {
    return TAB_IDS[this.tabs.selectedIndex] ?? 'progress';
  }

  /** A context for the model as it is now; derived values are recomputed only after a change. */
  private context(): ViewContext | undefined {
    if (!this.model) return undefined;
    if (!this.derived || this.derivedFor !== this.model || this.derivedVersion !== this.model.version) {
      this.derived = new Derived(this.model.snapshot);
      this.derivedFor = this.model;
      this.derivedVersion = this.model.version;
    }
    return { snapshot: this.model.snapshot, palette: this.palette, derived: this.derived };
  }

  onMessage(data: unknown): void {
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') return;
    const msg = data as HostToPanel;
    const now = Date.now();
    switch (msg.type) {
      case 'snapshot':
        this.load(msg.snapshot, true);
        break;
      case 'trial':
        this.trialFinished(msg.trial, msg.summary, now);
        break;
      case 'running':
        if (!this.model) return;
        this.model.setRunning(msg.running);
        this.header.update(this.model, (this.context() as ViewContext).derived, now);
        this.saveState(false);
        break;
      case 'status':
        if (!this.model) return;
        this.model.setStatus(msg.status, msg.elapsedSeconds, msg.etaSeconds, msg.error, now);
        this.header.setStatusOnly(this.model, now);
        this.updateTicker();
        this.saveState(false);
        break;
      case 'empty':
        this.model = undefined;
        this.view = { ...this.view, snapshot: undefined };
        this.showEmpty(msg.message);
        this.saveState(true);
        break;
    }
  }

  private load(snapshot: StudySnapshot, save: boolean): void {
    const now = Date.now();
    this.model = new StudyModel(snapshot, now);
    this.empty.hidden = true;
    this.main.hidden = false;
    const ctx = this.context() as ViewContext;
    const mode = objectiveMode(snapshot.objectives, snapshot.slo);
    const objectiveTab = this.tabHeaders[TAB_IDS.indexOf('objectives')];
    objectiveTab.textContent = mode.kind === 'front' ? 'Pareto front' : mode.kind === 'tradeoff' ? 'Trade-off' : 'Objectives';
    this.header.update(this.model, ctx.derived, now);
    this.header.setStatusOnly(this.model, now);
    for (const id of TAB_IDS) this.panes[id].setVisible(false);
    for (const id of TAB_IDS) this.panes[id].rebuild(ctx);
    this.panes[this.activeTab].setVisible(true);
    this.updateTabCounts();
    this.updateTicker();
    if (save) this.saveState(true);
  }

  private trialFinished(trial: TrialRecord, summary: StudySnapshot['summary'], now: number): void {
    if (!this.model) return;
    const change = this.model.addTrial(trial, summary);
    const ctx = this.context() as ViewContext;
    if (change.kind === 'replaced') for (const id of TAB_IDS) this.panes[id].rebuild(ctx);
    else for (const id of TAB_IDS) this.panes[id].trialAdded(ctx, trial);
    this.header.update(this.model, ctx.derived, now);
    this.updateTabCounts();
    this.saveState(false);
  }

  private updateTabCounts(): void {
    const n = this.model?.trials.length ?? 0;
    this.tabHeaders[TAB_IDS.indexOf('trials')].textContent = `Trials (${n})`;
  }

  private onTabChange(): void {
    this.tooltip.hide();
    for (const id of TAB_IDS) this.panes[id].setVisible(id === this.activeTab);
    this.view = { ...this.view, tab: this.activeTab };
    this.saveState(true);
  }

  private applyTheme(p: Palette): void {
    this.palette = p;
    const ctx = this.context();
    if (!ctx) return;
    for (const id of TAB_IDS) this.panes[id].applyTheme(ctx);
  }

  private showEmpty(message: string): void {
    this.empty.textContent = message;
    this.empty.hidden = false;
    this.main.hidden = true;
    this.updateTicker();
  }

  private exportAs(format: ExportFormat): void {
    if (!this.model) return;
    const s = this.model.snapshot;
    const content = format === 'csv' ? trialsCsv(s) : trialsJson(s);
    this.host.post({ type: 'export', format, content, suggestedName: exportFileName(s.study, format) });
  }

  /** Elapsed time and ETA count between host reports while the study is live. */
  private updateTicker(): void {
    const status = this.model?.snapshot.status;
    const isLive = status === 'running' || status === 'starting' || status === 'stopping';
    if (isLive && !this.ticker) {
      this.ticker = setInterval(() => {
        if (this.model) this.header.tick(this.model, Date.now());
      }, 1000);
    } else if (!isLive && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  /**
   * The snapshot grows with every trial, so routine saves are coalesced: the first change schedules
   * one save STATE_DELAY_MS later and later changes ride along (never postponed, so a burst of
   * trials cannot starve it). User choices (tab, sort, view) are saved at once.
   */
  private saveState(immediate: boolean): void {
    const write = () => {
      if (this.stateTimer) clearTimeout(this.stateTimer);
      this.stateTimer = undefined;
      this.host.setState({ ...this.view, snapshot: this.model?.snapshot, tab: this.activeTab, sort: this.table.currentSort, parameterView: this.parameters.currentView });
    };
    if (immediate) write();
    else if (!this.stateTimer) this.stateTimer = setTimeout(write, STATE_DELAY_MS);
  }
}
