import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stop } from '../../../../src/study/loop/stop.js';

test('not stopped: no reason, nothing aborted', () => {
  const stop = new Stop();
  assert.equal(stop.reason, undefined);
  assert.equal(stop.abort.signal.aborted, false);
});

test('the first reason wins and aborts; a later one (a consequence of stopping) changes neither message nor kind', () => {
  const stop = new Stop();
  stop.because('the engine rejected its default configuration');
  stop.because('boom', 'internal');
  assert.deepEqual(stop.reason, { error: 'the engine rejected its default configuration', kind: 'setup' });
  assert.equal(stop.abort.signal.aborted, true);
});

test('an internal failure is kept as SCOOT\'s own', () => {
  const stop = new Stop();
  stop.because('cannot read properties of undefined', 'internal');
  assert.deepEqual(stop.reason, { error: 'cannot read properties of undefined', kind: 'internal' });
});
