// All trials in a sortable table, virtualised: only the rows in view (plus a margin) exist in the DOM,
// recycled from a small pool, so 500 trials cost the same as 30 and a new trial is a binary insertion
// into the sort order plus a redraw of the visible window. A row element keeps its trial for as long as
// that trial stays in the window; only rows whose trial left it are recycled. Recycling by position
// instead re-labelled the element under the pointer whenever the window moved (a scroll, a new trial
// sorted above), so a click pressed on one trial's Apply could land as another trial's.
import type { TrialRecord } from '../../src/protocol/study.js';
import type { ExportFormat, PanelViewState } from '../../src/protocol/webview.js';
import { cellText, insertionPoint, sortedOrder, tableColumns, type Column } from '../logic/table.js';
import type { Highlights } from '../logic/highlights.js';
import { h } from './dom.js';
import type { Pane, ViewContext } from './pane.js';

export const ROW_HEIGHT = 26;
const OVERSCAN = 8;
const ACTIONS_CH = 17;
const TRIAL_CH = 8;

export interface TableCallbacks {
  apply(trial: number): void;
  copyFlags(trial: number): void;
  exportAs(format: ExportFormat): void;
  sortChanged(sort: NonNullable<PanelViewState['sort']>): void;
}

interface PooledRow {
  tr: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
  apply: HTMLButtonElement;
  copy: HTMLButtonElement;
}

export class TrialsTable implements Pane {
  readonly element = h('div', { class: 'pane trials-pane' });
  private readonly count = h('span', { class: 'table-count' });
  private readonly scroller = h('div', { class: 'table-scroll', tabindex: 0, 'aria-label': 'Trials' });
  private readonly table = h('table', { class: 'trials-table', role: 'grid' });
  private readonly colgroup = h('colgroup');
  private readonly headRow = h('tr');
  private readonly tbody = h('tbody');
  private readonly topSpacer = h('tr', { class: 'spacer', 'aria-hidden': 'true' });
  private readonly bottomSpacer = h('tr', { class: 'spacer', 'aria-hidden': 'true' });
  private columns: Column[] = [];
  private columnsKey = '';
  private widths: number[] = [];
  private trials: readonly TrialRecord[] = [];
  private order: number[] = [];
  private marks: Highlights = { chosen: undefined, front: new Set() };
  /** Rows showing a trial of the current window, by trial number. */
  private rows = new Map<number, PooledRow>();
  /** Rows free for the next trial that enters the window. */
  private spare: PooledRow[] = [];
  private sort: NonNullable<PanelViewState['sort']>;
  private visible = false;
  private stale = true;
  private frame = 0;

  constructor(private readonly callbacks: TableCallbacks, initial: PanelViewState['sort']) {
    this.sort = initial ?? { column: 'trial', descending: false };
    const csv = h('vscode-button', { secondary: true, 'data-export': 'csv', text: 'Export CSV' });
    const json = h('vscode-button', { secondary: true, 'data-export': 'json', text: 'Export JSON' });
    csv.addEventListener('click', () => this.callbacks.exportAs('csv'));
    json.addEventListener('click', () => this.callbacks.exportAs('json'));
    const toolbar = h('div', { class: 'pane-toolbar' }, this.count, h('span', { class: 'toolbar-spacer' }), csv, json);
    this.table.append(this.colgroup, h('thead', {}, this.headRow), this.tbody);
    this.scroller.append(this.table);
    this.element.append(toolbar, this.scroller);
    this.topSpacer.append(h('td'));
    this.bottomSpacer.append(h('td'));
    this.scroller.addEventListener('scroll', () => this.scheduleRender(), { passive: true });
    new ResizeObserver(() => this.scheduleRender()).observe(this.scroller);
    this.tbody.addEventListener('click', (e) => this.onBodyClick(e));
    this.headRow.addEventListener('click', (e) => this.onHeadClick(e));
    this.headRow.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.onHeadClick(e);
      }
    });
  }

  get currentSort(): NonNullable<PanelViewState['sort']> {
    return this.sort;
  }

  rebuild(ctx: ViewContext): void {
    const s = ctx.snapshot;
    this.trials = s.trials;
    this.setColumns(tableColumns(s));
    this.marks = ctx.derived.highlights;
    // Room for the bold label and the sort arrow.
    this.widths = this.columns.map((c) => c.label.length + 4);
    for (const t of s.trials) this.widen(t);
    this.applyWidths();
    this.order = sortedOrder(this.trials, this.sortColumn(), this.sort.descending);
    this.updateCount();
    this.invalidate();
  }

  trialAdded(ctx: ViewContext, trial: TrialRecord): void {
    const s = ctx.snapshot;
    this.trials = s.trials;
    const cols = tableColumns(s);
    if (cols.map((c) => c.id).join('\u0000') !== this.columnsKey) {
      this.rebuild(ctx);
      return;
    }
    this.marks = ctx.derived.highlights;
    if (this.widen(trial)) this.applyWidths();
    const index = s.trials.indexOf(trial);
    this.order.splice(insertionPoint(this.order, this.trials, index, this.sortColumn(), this.sort.descending), 0, index);
    this.updateCount();
    this.invalidate();
  }

  applyTheme(): void {
    // Colours come from CSS variables; nothing to redraw.
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.render();
  }

  private invalidate(): void {
    this.stale = true;
    if (this.visible) this.render();
  }

  private scheduleRender(): void {
    if (this.frame || !this.visible) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private sortColumn(): Column {
    return this.columns.find((c) => c.id === this.sort.column) ?? this.columns[0];
  }

  private setColumns(cols: Column[]): void {
    const key = cols.map((c) => c.id).join('\u0000');
    if (key === this.columnsKey) return;
    this.columns = cols;
    this.columnsKey = key;
    if (!cols.some((c) => c.id === this.sort.column)) this.sort = { column: 'trial', descending: false };
    const heads = cols.map((c) => {
      const th = h('th', { scope: 'col', tabindex: 0, 'data-column': c.id, class: [c.numeric ? 'num' : '', c.objective ? 'objective' : ''].join(' ').trim() || undefined, title: `Sort by ${c.label}` }, h('span', { class: 'th-label', text: c.label }), h('span', { class: 'sort-indicator', 'aria-hidden': 'true' }));
      return th;
    });
    this.headRow.replaceChildren(heads[0], h('th', { scope: 'col', class: 'actions-head', text: 'actions' }), ...heads.slice(1));
    this.colgroup.replaceChildren(...[0, -1, ...cols.slice(1).map((_, i) => i + 1)].map(() => h('col')));
    for (const spacer of [this.topSpacer, this.bottomSpacer]) spacer.firstElementChild?.setAttribute('colspan', String(cols.length + 1));
    for (const r of [...this.rows.values(), ...this.spare]) r.tr.remove();
    this.rows.clear();
    this.spare = [];
    this.updateSortIndicators();
  }

  /** Grows column widths (in ch) to fit a trial's text; true when any grew. */
  private widen(t: TrialRecord): boolean {
    let grew = false;
    this.columns.forEach((c, i) => {
      const cap = c.kind === 'reason' ? 60 : 36;
      const w = Math.min(cap, cellText(t, c).length + 2);
      if (w > this.widths[i]) {
        this.widths[i] = w;
        grew = true;
      }
    });
    return grew;
  }

  private applyWidths(): void {
    const cols = this.colgroup.children;
    // The trial column has a fixed width: the sticky actions column is positioned right after it (CSS `left: 9ch`).
    const widths = [TRIAL_CH, ACTIONS_CH, ...this.widths.slice(1)];
    widths.forEach((w, i) => {
      const col = cols[i] as HTMLElement | undefined;
      if (col) col.style.width = `${Math.max(4, w) + 1}ch`;
    });
    this.table.style.width = `${widths.reduce((a, w) => a + Math.max(4, w) + 1, 0)}ch`;
  }

  private updateCount(): void {
    const failed = this.trials.filter((t) => t.status !== 'ok').length;
    const col = this.sortColumn();
    this.count.textContent = `${this.trials.length} trials${failed ? ` · ${failed} failed` : ''} · sorted by ${col.label} ${this.sort.descending ? '↓' : '↑'}`;
    this.element.dataset.rows = String(this.trials.length);
  }

  private updateSortIndicators(): void {
    for (const th of this.headRow.querySelectorAll<HTMLElement>('th[data-column]')) {
      const active = th.dataset.column === this.sort.column;
      th.setAttribute('aria-sort', active ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      const ind = th.querySelector('.sort-indicator');
      if (ind) ind.textContent = active ? (this.sort.descending ? '▼' : '▲') : '';
    }
  }

  private onHeadClick(e: Event): void {
    const th = (e.target as Element | null)?.closest<HTMLElement>('th[data-column]');
    const id = th?.dataset.column;
    if (!id) return;
    this.sort = id === this.sort.column ? { column: id, descending: !this.sort.descending } : { column: id, descending: false };
    this.order = sortedOrder(this.trials, this.sortColumn(), this.sort.descending);
    this.updateSortIndicators();
    this.updateCount();
    this.callbacks.sortChanged(this.sort);
    this.scroller.scrollTop = 0;
    this.invalidate();
  }

  private onBodyClick(e: Event): void {
    const button = (e.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
    const trial = Number(button?.closest<HTMLElement>('tr')?.dataset.trial);
    if (!button || button.disabled || !Number.isInteger(trial)) return;
    if (button.dataset.action === 'apply') this.callbacks.apply(trial);
    else if (button.dataset.action === 'copy') this.callbacks.copyFlags(trial);
  }

  private makeRow(): PooledRow {
    const apply = h('button', { type: 'button', class: 'row-action', 'data-action': 'apply', text: 'Apply' });
    const copy = h('button', { type: 'button', class: 'row-action', 'data-action': 'copy', text: 'Copy flags' });
    const cells = this.columns.map((c) => h('td', { class: [c.numeric ? 'num' : '', c.objective ? 'objective' : '', `col-${c.kind}`].join(' ').trim() }));
    const actions = h('td', { class: 'actions' }, apply, copy);
    const tr = h('tr', {}, cells[0], actions, ...cells.slice(1));
    return { tr, cells, apply, copy };
  }

  private render(): void {
    this.stale = false;
    const headerHeight = this.headRow.offsetHeight || ROW_HEIGHT;
    const viewport = this.scroller.clientHeight || 600;
    const total = this.order.length;
    const first = Math.max(0, Math.floor((this.scroller.scrollTop - headerHeight) / ROW_HEIGHT) - OVERSCAN);
    const count = Math.max(0, Math.min(total - first, Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN));
    const shown = this.order.slice(first, first + count).map((i) => this.trials[i]);
    const keep = new Set(shown.map((t) => t.trial));
    for (const [trial, row] of this.rows) {
      if (keep.has(trial)) continue;
      this.rows.delete(trial);
      this.spare.push(row);
    }
    const window = shown.map((t, k) => {
      let row = this.rows.get(t.trial);
      if (!row) {
        row = this.spare.pop() ?? this.makeRow();
        this.rows.set(t.trial, row);
      }
      this.fill(row, t, first + k);
      return row.tr;
    });
    setHeight(this.topSpacer, first * ROW_HEIGHT);
    setHeight(this.bottomSpacer, Math.max(0, total - first - count) * ROW_HEIGHT);
    // Rows stay in place while the window is unchanged (the common case: a new trial lands outside
    // it); only a changed window re-attaches them, so an update does not re-lay out the whole table.
    const attached = this.tbody.children;
    const inPlace = attached.length === count + 2 && window.every((tr, k) => attached[k + 1] === tr);
    if (!inPlace) this.tbody.replaceChildren(this.topSpacer, ...window, this.bottomSpacer);
    this.tbody.dataset.first = String(first);
  }

  private fill(row: PooledRow, t: TrialRecord, position: number): void {
    const tr = row.tr;
    const best = this.marks.chosen === t.trial;
    const front = this.marks.front.has(t.trial);
    setData(tr, 'trial', String(t.trial));
    setData(tr, 'status', t.status);
    setData(tr, 'stoppedEarly', t.earlyStop ? t.earlyStop.rule : undefined);
    setAttr(tr, 'aria-rowindex', String(position + 2));
    const cls = [`status-${t.status}`, t.earlyStop ? 'stopped-early' : '', position % 2 ? 'odd' : '', front ? 'on-front' : '', best ? 'is-best' : '', t.source === 'default' ? 'is-default' : ''].join(' ').trim();
    if (tr.className !== cls) tr.className = cls;
    this.columns.forEach((c, i) => {
      const td = row.cells[i];
      const text = c.kind === 'trial' ? `${t.trial}${best ? ' ★' : front ? ' ◆' : ''}` : cellText(t, c);
      if (td.textContent !== text) td.textContent = text;
      if (c.kind === 'reason' || c.kind === 'status') setAttr(td, 'title', text || undefined);
    });
    const applicable = t.status === 'ok';
    if (row.apply.disabled === applicable) row.apply.disabled = !applicable;
    setAttr(row.apply, 'title', applicable ? `Apply trial ${t.trial}'s flags to the launch file` : 'Only a configuration that ran can be applied');
    setAttr(row.copy, 'title', `Copy trial ${t.trial}'s engine flags`);
  }
}

/** DOM writes only when the value changes: unchanged rows cost no style invalidation. */
function setAttr(el: Element, name: string, value: string | undefined): void {
  if (value === undefined) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setData(el: HTMLElement, key: string, value: string | undefined): void {
  if (value === undefined) {
    if (key in el.dataset) delete el.dataset[key];
  } else if (el.dataset[key] !== value) el.dataset[key] = value;
}

function setHeight(spacer: HTMLTableRowElement, px: number): void {
  const cell = spacer.firstElementChild as HTMLElement;
  const h = `${px}px`;
  if (cell.style.height !== h) cell.style.height = h;
  const hide = px === 0;
  if (spacer.hidden !== hide) spacer.hidden = hide;
}
