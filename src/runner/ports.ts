// TCP ports for engines on this machine: which port a trial's engine gets, whether a port is free,
// and how to reach an engine that listens on a host such as 0.0.0.0.
//
// A port is "free" when we can bind it ourselves on the engine's host: that is exactly what the engine
// will try, so the probe answers the question that matters (a connect probe would miss a socket bound
// to another interface, which still blocks 0.0.0.0).

import net from 'node:net';
import { EvaluationSetupError, type Slot } from './types.js';

export type PortState = 'free' | 'in-use';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function bindProbe(host: string, port: number): Promise<{ state: PortState; port: number } | { error: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve({ state: 'in-use', port });
      else resolve({ error: err });
    });
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve({ state: 'free', port: bound }));
    });
  });
}

function bindError(host: string, port: number, err: NodeJS.ErrnoException): EvaluationSetupError {
  if (err.code === 'EACCES') return new EvaluationSetupError(`cannot listen on port ${port} at ${host} (permission denied); choose a port above 1023 with engine.port`);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return new EvaluationSetupError(`engine.host "${host}" is not an address of this machine; use 127.0.0.1 or 0.0.0.0`);
  return new EvaluationSetupError(`cannot probe port ${port} at ${host}: ${err.message}`);
}

/** Whether the engine could bind `port` on `host` right now. Other errors (bad host) are set-up errors. */
export async function portState(host: string, port: number): Promise<PortState> {
  const r = await bindProbe(host, port);
  if ('error' in r) throw bindError(host, port, r.error);
  return r.state;
}

/** Polls until `port` can be bound again (an engine released it) or `timeoutMs` passes. */
export async function waitPortFree(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await portState(host, port)) === 'free') return true;
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
}

/** The address a client uses to reach a server bound to `host` (wildcards mean "this machine"). */
export function connectHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

export function baseUrl(host: string, port: number): string {
  const h = connectHost(host);
  return `http://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:${port}`;
}

export interface PortLease {
  readonly port: number;
  /** Lets the port be handed out again; idempotent. */
  release(): void;
}

/**
 * Hands out ports to concurrent trials of this process. Between choosing a port and the engine
 * binding it there is a window in which another trial could pick the same number; the reservations
 * close that window within this process.
 */
export class PortAllocator {
  private readonly reserved = new Set<number>();

  /**
   * The port for a trial on `slot`: the configured `basePort` for slot 0 (a set-up error if something
   * else holds it), basePort + slot.id for other slots when free, otherwise any free port.
   */
  async lease(host: string, slot: Slot, basePort?: number): Promise<PortLease> {
    if (basePort !== undefined) {
      if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65535) throw new EvaluationSetupError(`engine.port must be 1-65535, got ${basePort}`);
      const preferred = basePort + slot.id;
      if (slot.id === 0) {
        if (this.reserved.has(preferred) || (await portState(host, preferred)) === 'in-use')
          throw new EvaluationSetupError(`port ${preferred} is already in use by another process; free it or set engine.port`);
        return this.reserve(preferred);
      }
      if (preferred <= 65535 && !this.reserved.has(preferred) && (await portState(host, preferred)) === 'free') return this.reserve(preferred);
    }
    for (let attempt = 0; attempt < 50; attempt++) {
      const r = await bindProbe(host, 0);
      if ('error' in r) throw bindError(host, 0, r.error);
      if (!this.reserved.has(r.port)) return this.reserve(r.port);
    }
    throw new EvaluationSetupError(`no free TCP port found on ${host}`);
  }

  isReserved(port: number): boolean {
    return this.reserved.has(port);
  }

  private reserve(port: number): PortLease {
    this.reserved.add(port);
    let released = false;
    return {
      port,
      release: () => {
        if (released) return;
        released = true;
        this.reserved.delete(port);
      },
    };
  }
}

/** One allocator per process: every evaluator of a study shares the host's ports. */
export const hostPorts = new PortAllocator();
