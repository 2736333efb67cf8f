// One HTML tooltip for every chart (Chart.js's `external` hook): themed by VS Code's hover-widget
// colours, filled through textContent only (reasons are engine output), and visible to the DOM tests.
import type { Chart, TooltipModel } from 'chart.js';
import type { TrialDescription } from '../logic/chart-data.js';
import { h } from './dom.js';

export type DescribeTrial = (trial: number) => TrialDescription | undefined;

interface RawPoint {
  trial?: number;
}

export class TrialTooltip {
  readonly element: HTMLDivElement;
  private readonly title: HTMLDivElement;
  private readonly body: HTMLDivElement;

  constructor(private readonly describe: DescribeTrial) {
    this.title = h('div', { class: 'tooltip-title' });
    this.body = h('div', { class: 'tooltip-body' });
    this.element = h('div', { class: 'chart-tooltip', role: 'tooltip', hidden: true }, this.title, this.body);
    document.body.append(this.element);
  }

  /** Chart.js `plugins.tooltip.external`. */
  readonly external = (args: { chart: Chart; tooltip: TooltipModel<'scatter'> | TooltipModel<'bar'> }): void => {
    const { chart, tooltip } = args;
    const point = tooltip.dataPoints?.find((d) => typeof (d.raw as RawPoint | undefined)?.trial === 'number');
    const trial = point ? (point.raw as RawPoint).trial : undefined;
    const description = trial === undefined ? undefined : this.describe(trial);
    if (tooltip.opacity === 0 || !description) {
      this.hide();
      return;
    }
    const rect = chart.canvas.getBoundingClientRect();
    this.show(trial as number, description, rect.left + tooltip.caretX, rect.top + tooltip.caretY);
  };

  /** Shows a trial's description next to a point given in client coordinates (for views drawn without Chart.js). */
  showTrial(trial: number, clientX: number, clientY: number): void {
    const description = this.describe(trial);
    if (description) this.show(trial, description, clientX, clientY);
    else this.hide();
  }

  private show(trial: number, description: TrialDescription, x: number, y: number): void {
    this.title.textContent = description.title;
    this.body.replaceChildren(...description.lines.map((l) => h('div', { text: l })));
    this.element.dataset.trial = String(trial);
    this.element.hidden = false;
    const w = this.element.offsetWidth;
    const hgt = this.element.offsetHeight;
    let left = x + 12;
    let top = y + 12;
    if (left + w > window.innerWidth - 4) left = Math.max(4, x - w - 12);
    if (top + hgt > window.innerHeight - 4) top = Math.max(4, y - hgt - 12);
    this.element.style.left = `${left + window.scrollX}px`;
    this.element.style.top = `${top + window.scrollY}px`;
  }

  hide(): void {
    this.element.hidden = true;
    delete this.element.dataset.trial;
  }
}
