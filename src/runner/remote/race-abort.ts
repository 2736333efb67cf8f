// A remote trial waits for whichever comes first: the engine's first sign of life or death, or the
// user's cancel. The abort listener must go again afterwards: one signal spans a whole study, and a
// listener per trial would pile up on it.

/** The first of `events` to settle, or `aborted` as soon as the signal fires (at once if it has). */
export async function raceWithAbort<T>(events: readonly Promise<T>[], signal: AbortSignal, aborted: T): Promise<T> {
  let onAbort: (() => void) | undefined;
  const abortedEvent = new Promise<T>((resolve) => {
    onAbort = () => resolve(aborted);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([...events, abortedEvent]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
