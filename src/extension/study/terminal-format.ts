// What the "SCOOT: <study>" pseudoterminal shows: a header per trial, the engine's own output as it
// streams (lines tagged with the trial when several run at once), and each trial's outcome.

import type { StudyEvent } from '../../study/events.js';
import { formatMetric, shortMetric } from './metric-text.js';

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const CYAN = '\x1b[36m';
const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

function flags(params: Record<string, number | boolean | string>): string {
  return Object.entries(params)
    .map(([k, v]) => (typeof v === 'boolean' ? `${k}=${v}` : `${k}=${v}`))
    .join(' ');
}

export class TerminalFormatter {
  private parallel = 1;
  private objectives: string[] = [];
  /** Per trial, an unfinished last line (when lines are tagged). */
  private partial = new Map<number, string>();

  /** Terminal text for one event ('' for none); newlines are \r\n as a terminal wants them. */
  format(event: StudyEvent): string {
    switch (event.type) {
      case 'started':
        this.parallel = event.snapshot.parallel;
        this.objectives = event.snapshot.objectives.map((o) => o.metric);
        return `${BOLD}SCOOT: study "${event.snapshot.study}" (${event.snapshot.engine}), ${event.snapshot.budget} trials → ${event.snapshot.studyDir}${RESET}\r\n`;
      case 'trial-started':
        return `\r\n${CYAN}── trial ${event.running.trial} (${event.running.source}, slot ${event.running.slot}) ${flags(event.running.params)} ──${RESET}\r\n`;
      case 'engine-output':
        return this.output(event.trial, event.chunk);
      case 'trial-finished': {
        const r = event.record;
        const rest = this.flush(r.trial);
        if (r.status === 'ok') {
          const m = this.objectives.map((o) => `${shortMetric(o)} ${formatMetric(o, r.metrics?.[o])}`).join(', ');
          return `${rest}${GREEN}✓ trial ${r.trial} ok${m ? `: ${m}` : ''}${RESET}\r\n`;
        }
        return `${rest}${RED}✗ trial ${r.trial} ${r.status}${r.reason ? `: ${r.reason}` : ''}${RESET}\r\n`;
      }
      case 'finished':
        return `\r\n${BOLD}SCOOT: study ${event.status}${event.error ? `: ${event.error}` : ''} after ${event.summary.evaluated} trials${RESET}\r\n`;
      case 'log':
        return event.level === 'info' ? '' : `${event.level === 'error' ? RED : DIM}${event.level}: ${event.message}${RESET}\r\n`;
      default:
        return '';
    }
  }

  private output(trial: number, chunk: string): string {
    if (this.parallel <= 1) return chunk.replace(/\r?\n/g, '\r\n');
    const text = (this.partial.get(trial) ?? '') + chunk;
    const lines = text.split(/\r?\n/);
    this.partial.set(trial, lines.pop() ?? '');
    return lines.map((l) => `${DIM}[t${trial}]${RESET} ${l}\r\n`).join('');
  }

  private flush(trial: number): string {
    const rest = this.partial.get(trial);
    this.partial.delete(trial);
    return rest ? `${DIM}[t${trial}]${RESET} ${rest}\r\n` : '';
  }
}
