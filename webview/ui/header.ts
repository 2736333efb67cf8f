// The panel header: study, engine, status, budget, elapsed time, ETA, the best result against the
// default configuration, running trials, and Stop/Resume.
import type { StudySnapshot, StudyStatus } from '../../src/protocol/study.js';
import { formatDuration, formatMetric, formatPercentChange } from '../logic/format.js';
import { relativeChange } from '../logic/goals.js';
import { defaultTrial } from '../logic/highlights.js';
import type { Derived } from '../model/derived.js';
import { metricValue } from '../logic/trials.js';
import type { StudyModel } from '../model/study-model.js';
import { h, setText } from './dom.js';

const live: ReadonlySet<StudyStatus> = new Set(['starting', 'running']);
const resumable: ReadonlySet<StudyStatus> = new Set(['stopped', 'failed']);

export interface HeaderCallbacks {
  stop(): void;
  resume(): void;
}

interface ButtonElement extends HTMLElement {
  disabled: boolean;
}

export class Header {
  readonly element: HTMLElement;
  private readonly name = h('h1', { class: 'study-name' });
  private readonly engine = h('span', { class: 'engine' });
  private readonly status = h('vscode-badge', { class: 'status-badge', 'data-status': '' });
  private readonly stop = h('vscode-button', { secondary: true, 'data-action': 'stop', text: 'Stop' }) as ButtonElement;
  private readonly resume = h('vscode-button', { 'data-action': 'resume', text: 'Resume' }) as ButtonElement;
  private readonly budget = h('span', { class: 'stat', 'data-stat': 'budget' });
  private readonly progress = h('vscode-progress-bar', { class: 'budget-bar', 'aria-label': 'Budget used' }) as HTMLElement & { value: number; max: number };
  private readonly elapsed = h('span', { class: 'stat', 'data-stat': 'elapsed' });
  private readonly eta = h('span', { class: 'stat', 'data-stat': 'eta' });
  private readonly failed = h('span', { class: 'stat', 'data-stat': 'failed' });
  private readonly best = h('div', { class: 'best-row', 'data-stat': 'best' });
  private readonly running = h('div', { class: 'running-row', 'data-stat': 'running' });
  private readonly error = h('div', { class: 'error-row', role: 'alert' });

  constructor(callbacks: HeaderCallbacks) {
    this.stop.addEventListener('click', () => {
      if (this.stop.disabled) return;
      this.stop.disabled = true;
      setText(this.stop, 'Stopping…');
      callbacks.stop();
    });
    this.resume.addEventListener('click', () => {
      if (this.resume.disabled) return;
      this.resume.disabled = true;
      callbacks.resume();
    });
    this.element = h('header', { class: 'study-header' },
      h('div', { class: 'title-row' }, this.name, this.engine, this.status, h('span', { class: 'toolbar-spacer' }), this.stop, this.resume),
      h('div', { class: 'stats-row' }, this.budget, this.progress, this.elapsed, this.eta, this.failed),
      this.best, this.running, this.error);
  }

  /** Everything derived from the study (call after a snapshot or a trial). */
  update(model: StudyModel, derived: Derived, now: number): void {
    const s = model.snapshot;
    setText(this.name, s.study);
    setText(this.engine, s.engine);
    this.updateStatus(s.status);
    const evaluated = model.evaluatedCount;
    const retests = s.trials.length - evaluated;
    setText(this.budget, `Budget ${evaluated} / ${s.budget}${retests ? ` (+${retests} re-tests)` : ''}`);
    this.progress.max = Math.max(1, s.budget);
    this.progress.value = Math.min(evaluated, s.budget);
    const infeasible = s.trials.filter((t) => t.status === 'infeasible').length;
    const errors = s.trials.filter((t) => t.status === 'error').length;
    const stopped = s.trials.filter((t) => t.status === 'ok' && t.earlyStop).length;
    setText(this.failed, `Infeasible ${infeasible}${errors ? ` · errors ${errors}` : ''}${stopped ? ` · stopped early ${stopped}` : ''}`);
    this.updateBest(s, derived);
    this.updateRunning(s);
    this.tick(model, now);
  }

  /** Elapsed and ETA only: called every second while a study runs. */
  tick(model: StudyModel, now: number): void {
    const s = model.snapshot;
    setText(this.elapsed, `Elapsed ${formatDuration(model.elapsedNow(now))}`);
    const eta = model.etaNow(now);
    setText(this.eta, live.has(s.status) && eta !== undefined ? `ETA ${formatDuration(eta)}` : '');
    this.eta.hidden = !(live.has(s.status) && eta !== undefined);
  }

  private updateStatus(status: StudyStatus): void {
    setText(this.status, status);
    this.status.dataset.status = status;
    this.stop.disabled = !live.has(status);
    setText(this.stop, status === 'stopping' ? 'Stopping…' : 'Stop');
    this.resume.disabled = !resumable.has(status);
  }

  setStatusOnly(model: StudyModel, now: number): void {
    const s = model.snapshot;
    this.updateStatus(s.status);
    setText(this.error, s.error ?? '');
    this.error.hidden = !s.error;
    this.tick(model, now);
  }

  /** The configuration the study chose (summary.json's best), each objective against the default. */
  private updateBest(s: StudySnapshot, derived: Derived): void {
    const marks = derived.highlights;
    const def = defaultTrial(s.trials);
    const t = marks.chosen === undefined ? undefined : s.trials.find((x) => x.trial === marks.chosen);
    const parts = s.objectives.map((o) => {
      const v = t ? metricValue(t, o.metric) : undefined;
      if (!t || v === undefined) return `${o.metric}: no feasible trial yet`;
      const ref = def ? metricValue(def, o.metric) : undefined;
      const change = ref === undefined || t === def ? '' : ` (${formatPercentChange(relativeChange(v, ref))} vs default)`;
      return `${o.metric} ${formatMetric(o.metric, v)} at #${t.trial}${change}`;
    });
    setText(this.best, `Best: ${parts.join(' · ')}${marks.front.size ? ` · Pareto front: ${marks.front.size} trials` : ''}`);
    setText(this.error, s.error ?? '');
    this.error.hidden = !s.error;
  }

  private updateRunning(s: StudySnapshot): void {
    const text = s.running.length
      ? `Running: ${[...s.running].sort((a, b) => a.trial - b.trial).map((r) => `#${r.trial} (${r.source}, slot ${r.slot}, ${r.phase})`).join(' · ')}`
      : '';
    setText(this.running, text);
    this.running.hidden = !text;
  }
}
