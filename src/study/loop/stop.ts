// Why the loop stopped every slot, if it did: a set-up the user must fix (the engine rejected its
// default, the benchmark printed no objective) or SCOOT's own failure. The first reason wins; later
// ones are consequences of stopping.

/** Whose the error is: the set-up's (the user fixes the config or the benchmark) or SCOOT's own. */
export type ErrorKind = 'setup' | 'internal';

export interface LoopFailure {
  error: string;
  kind: ErrorKind;
}

export class Stop {
  /** Aborts every running trial and keeps slots from taking new jobs. */
  readonly abort = new AbortController();
  private first: LoopFailure | undefined;

  /** The first reason given; undefined when the loop was never stopped (or only cancelled). */
  get reason(): LoopFailure | undefined {
    return this.first;
  }

  because(error: string, kind: ErrorKind = 'setup'): void {
    this.first ??= { error, kind };
    this.abort.abort();
  }
}
