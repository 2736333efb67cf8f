// Incremental Server-Sent Events parser: bytes arrive in arbitrary TCP-sized pieces, so events, lines,
// the `\r\n` pair and multi-byte UTF-8 characters may all be split across chunks.

import { StringDecoder } from 'node:string_decoder';

export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private data: string[] = [];
  private pendingCr = false;

  /** Feeds bytes; returns the data payloads of the events completed by them. */
  push(chunk: Buffer | string): string[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.pendingCr) {
      // A `\r` ended the previous chunk: a `\n` now is the second half of the same line break.
      this.pendingCr = false;
      if (text.startsWith('\n')) text = text.slice(1);
    }
    this.buffer += text;
    return this.drain();
  }

  /** End of stream: an event not followed by a blank line still counts (as `vllm bench serve` accepts it). */
  end(): string[] {
    this.buffer += this.decoder.end();
    const events = this.drain();
    if (this.buffer !== '') this.line(this.buffer);
    this.buffer = '';
    if (this.data.length) events.push(this.data.join('\n'));
    this.data = [];
    return events;
  }

  private drain(): string[] {
    const events: string[] = [];
    let start = 0;
    for (;;) {
      const cr = this.buffer.indexOf('\r', start);
      const lf = this.buffer.indexOf('\n', start);
      if (cr < 0 && lf < 0) break;
      let eol: number;
      let next: number;
      if (lf >= 0 && (cr < 0 || lf < cr)) {
        eol = lf;
        next = lf + 1;
      } else {
        eol = cr;
        if (cr + 1 === this.buffer.length) {
          this.pendingCr = true;
          next = cr + 1;
        } else {
          next = this.buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
        }
      }
      const line = this.buffer.slice(start, eol);
      start = next;
      if (line === '') {
        if (this.data.length) events.push(this.data.join('\n'));
        this.data = [];
      } else {
        this.line(line);
      }
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): void {
    if (line.startsWith(':')) return; // comment / keep-alive ping
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== 'data') return; // event:, id:, retry: do not matter for OpenAI streams
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.data.push(value);
  }
}
