// Study progress on a terminal: one redrawn line (trial k/N, best so far, ETA); on a pipe, one line
// per finished trial; with --json, one JSON object per event that matters.

import type { StudyEvent } from '../study/events.js';
import type { StudySummary, TrialRecord } from '../protocol/study.js';
import { describeEngine } from '../study/engine-label.js';
import { formatDuration, formatMetric } from './format.js';

export type ProgressMode = 'tty' | 'lines' | 'json' | 'quiet';

function objectiveText(summary: StudySummary, metrics: TrialRecord['metrics']): string {
  return summary.objectives.map((o) => `${o.metric} ${formatMetric(o.metric, metrics?.[o.metric])}`).join(', ');
}

/** The best so far, with its trial: a line about another trial must not read as that trial's figures. */
function bestText(summary: StudySummary): string {
  if (!summary.best) return 'best so far: none';
  return `best so far: trial ${summary.best.trial} (${objectiveText(summary, summary.best.metrics)})`;
}

/** A finished trial with its own figures; a re-test says which trial and arrival order it re-ran. */
function trialText(r: TrialRecord, summary: StudySummary): string {
  const what = r.status !== 'ok' ? `${r.status}: ${r.reason ?? r.reasonCode ?? ''}`
    : r.earlyStop ? `stopped early (${r.earlyStop.rule}): ${r.earlyStop.reason}` : objectiveText(summary, r.metrics);
  const source = r.source === 'robustness' ? `re-test of trial ${r.retestOf} with arrival-order seed ${r.arrivalSeed}` : r.source;
  return `trial ${r.trial} (${source}) ${what}`;
}

export class ProgressPrinter {
  private lastLine = '';
  private budget = 0;
  private evaluated = 0;
  private running = 0;

  constructor(
    private readonly mode: ProgressMode,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  handle(event: StudyEvent): void {
    switch (event.type) {
      case 'started':
        this.budget = event.snapshot.budget;
        this.evaluated = event.snapshot.trials.filter((t) => t.source !== 'robustness').length;
        if (this.mode === 'json') this.json({ event: 'started', study: event.snapshot.study, studyDir: event.snapshot.studyDir, budget: this.budget, resumedTrials: event.snapshot.trials.length });
        else if (this.mode !== 'quiet') this.print(`SCOOT: study "${event.snapshot.study}" on ${describeEngine(event.snapshot.engine)} → ${event.snapshot.studyDir}${this.evaluated ? ` · resuming after ${this.evaluated} trials` : ''}`);
        break;
      case 'trial-started':
        this.running++;
        if (this.mode === 'tty') this.redraw(`trial ${event.running.trial} starting (${event.running.source})`);
        break;
      case 'trial-finished': {
        this.running--;
        if (event.record.source !== 'robustness') this.evaluated++;
        const r = event.record;
        if (this.mode === 'json') this.json({ event: 'trial', record: r, best: event.summary.best ?? null, etaSeconds: event.etaSeconds ?? null });
        else if (this.mode === 'lines') this.print(`${trialText(r, event.summary)} · ${this.evaluated}/${this.budget} · ${bestText(event.summary)}`);
        else if (this.mode === 'tty') {
          if (r.status !== 'ok' || r.earlyStop) this.print(trialText(r, event.summary));
          this.redraw(`${bestText(event.summary)} · ETA ${formatDuration(event.etaSeconds ?? NaN)}`);
        }
        break;
      }
      case 'log':
        if (this.mode === 'json') this.json({ event: 'log', level: event.level, message: event.message });
        else if (this.mode !== 'quiet' || event.level === 'error') this.print(`${event.level === 'info' ? '' : `${event.level}: `}${event.message}`);
        break;
      case 'finished':
        if (this.mode === 'tty') this.clear();
        break;
      default:
        break;
    }
  }

  private bar(): string {
    const width = 20;
    const done = this.budget ? Math.min(width, Math.round((this.evaluated / this.budget) * width)) : 0;
    return `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${this.evaluated}/${this.budget}`;
  }

  private redraw(tail: string): void {
    const columns = this.out.columns ?? 100;
    const line = `${this.bar()} ${this.running ? `(${this.running} running) ` : ''}${tail}`.slice(0, columns - 1);
    this.out.write(`\r\x1b[2K${line}`);
    this.lastLine = line;
  }

  private clear(): void {
    if (this.lastLine) this.out.write('\r\x1b[2K');
    this.lastLine = '';
  }

  private print(line: string): void {
    if (this.mode === 'tty') {
      this.clear();
      this.out.write(`${line}\n`);
    } else {
      this.out.write(`${line}\n`);
    }
  }

  private json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value)}\n`);
  }
}
