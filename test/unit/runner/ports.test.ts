import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { baseUrl, PortAllocator, portState, waitPortFree } from '../../../src/runner/ports.js';
import { EvaluationSetupError, type Slot } from '../../../src/runner/types.js';

const slot = (id: number): Slot => ({ id, kind: 'local', gpus: [], label: `slot ${id}` });

async function listen(port = 0, host = '127.0.0.1'): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(port, host, r));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * A port below the kernel's ephemeral range (32768-60999 on Linux) with its neighbour free too. A port
 * freed from an ephemeral bind is a poor base: its neighbour is the next ephemeral port the kernel hands
 * to whatever connects next, and under concurrent tests something did, once in a full run.
 */
async function freePairBase(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 20000 + Math.floor(Math.random() * 10000);
    if ((await portState('127.0.0.1', base)) === 'free' && (await portState('127.0.0.1', base + 1)) === 'free') return base;
  }
  throw new Error('no free pair of ports in 20000-29999');
}

describe('ports', () => {
  it('tells a bound port from a free one, also across 127.0.0.1 and 0.0.0.0', async (t) => {
    const held = await listen();
    t.after(() => held.close());
    assert.equal(await portState('127.0.0.1', held.port), 'in-use');
    assert.equal(await portState('0.0.0.0', held.port), 'in-use', 'a wildcard bind is blocked by a loopback one');
    await held.close();
    assert.equal(await portState('127.0.0.1', held.port), 'free');
  });

  it('waits for a port to be released, and gives up after the timeout', async () => {
    const held = await listen();
    setTimeout(() => void held.close(), 150);
    assert.equal(await waitPortFree('127.0.0.1', held.port, 2000), true);
    const stuck = await listen();
    const started = Date.now();
    assert.equal(await waitPortFree('127.0.0.1', stuck.port, 300), false);
    assert.ok(Date.now() - started >= 300);
    await stuck.close();
  });

  it('gives slot 0 the configured port, other slots its neighbours, and never one port twice', async () => {
    const base = await freePairBase();
    const ports = new PortAllocator();
    const a = await ports.lease('127.0.0.1', slot(0), base);
    const b = await ports.lease('127.0.0.1', slot(1), base);
    assert.equal(a.port, base);
    assert.equal(b.port, base + 1);
    const free = await Promise.all([0, 1, 2, 3, 4].map(() => ports.lease('127.0.0.1', slot(5))));
    const all = [a, b, ...free].map((l) => l.port);
    assert.equal(new Set(all).size, all.length);
    for (const l of [a, b, ...free]) l.release();
    assert.equal(ports.isReserved(base), false);
  });

  it('moves a later slot to another port when its neighbour port is taken', async (t) => {
    const base = await freePairBase();
    let neighbour;
    try {
      neighbour = await listen(base + 1);
    } catch {
      t.skip('the neighbour port is taken by someone else');
      return;
    }
    t.after(() => neighbour.close());
    const lease = await new PortAllocator().lease('127.0.0.1', slot(1), base);
    assert.notEqual(lease.port, base + 1);
    assert.equal(await portState('127.0.0.1', lease.port), 'free');
  });

  it('reports a configured port in use, and a host that is not ours, as one-line set-up errors', async (t) => {
    const held = await listen();
    t.after(() => held.close());
    await assert.rejects(new PortAllocator().lease('127.0.0.1', slot(0), held.port), {
      name: 'EvaluationSetupError',
      message: `port ${held.port} is already in use by another process; free it or set engine.port`,
    });
    await assert.rejects(new PortAllocator().lease('192.0.2.1', slot(0)), (e: unknown) => e instanceof EvaluationSetupError && /not an address of this machine/.test(e.message));
    await assert.rejects(new PortAllocator().lease('127.0.0.1', slot(0), 70000), /engine.port must be 1-65535/);
  });

  it('builds client URLs for wildcard and IPv6 hosts', () => {
    assert.equal(baseUrl('0.0.0.0', 8000), 'http://127.0.0.1:8000');
    assert.equal(baseUrl('::', 8000), 'http://[::1]:8000');
    assert.equal(baseUrl('10.1.2.3', 81), 'http://10.1.2.3:81');
  });
});
