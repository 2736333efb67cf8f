// Log lines in vLLM 0.4's format ("INFO 05-09 00:49:33 llm_engine.py:100] message") and uvicorn's
// ("INFO:     Uvicorn running on ..."), so log-scraping written for the real engine works here.

import type { Writable } from 'node:stream';

export type Level = 'INFO' | 'WARNING' | 'ERROR';

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export class EngineLog {
  constructor(private readonly out: Writable, private readonly err: Writable) {}

  line(level: Level, source: string, message: string): void {
    const text = `${level} ${stamp(new Date())} ${source}] ${message}\n`;
    (level === 'ERROR' ? this.err : this.out).write(text);
  }

  info(source: string, message: string): void {
    this.line('INFO', source, message);
  }

  warn(source: string, message: string): void {
    this.line('WARNING', source, message);
  }

  error(source: string, message: string): void {
    this.line('ERROR', source, message);
  }

  uvicorn(message: string): void {
    this.out.write(`INFO:     ${message}\n`);
  }

  /** A Python-style traceback ending in `exception`, on stderr, as the engine prints before dying. */
  traceback(frames: readonly string[], exception: string): void {
    const lines = ['Traceback (most recent call last):', ...frames.map((f) => `  File "${f}"`), exception];
    this.err.write(lines.join('\n') + '\n');
  }
}
