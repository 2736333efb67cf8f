// Follows a file another machine appends to (a Slurm job's output on the shared file system): polls
// its size and hands over whatever was added, decoded as UTF-8 across chunk boundaries.

import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export class FileTail {
  private offset = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();
  private readonly decoder = new StringDecoder('utf8');
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly onText: (text: string) => void,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.tick();
  }

  /** Reads what is left and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.reading;
    await this.readNew();
    const rest = this.decoder.end();
    if (rest !== '') this.onText(rest);
  }

  private tick(): void {
    if (this.stopped) return;
    this.reading = this.readNew().finally(() => {
      if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.intervalMs);
    });
  }

  private async readNew(): Promise<void> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return; // not created yet (the job has not started)
    }
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        const text = this.decoder.write(buffer.subarray(0, bytesRead));
        if (text !== '') this.onText(text);
      }
    } finally {
      await handle.close();
    }
  }
}
