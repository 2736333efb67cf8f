// raceWithAbort: the remote evaluators' wait for the engine's first event or the user's cancel.

import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { raceWithAbort } from '../../../src/runner/remote/race-abort.js';

const never = new Promise<string>(() => {});

describe('raceWithAbort', () => {
  it('returns the first event and leaves no listener on the signal', async () => {
    const controller = new AbortController();
    const result = await raceWithAbort([never, Promise.resolve('launched')], controller.signal, 'aborted');
    assert.equal(result, 'launched');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('returns the aborted value when the signal fires first, and removes its listener', async () => {
    const controller = new AbortController();
    const pending = raceWithAbort([never], controller.signal, 'aborted');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    controller.abort();
    assert.equal(await pending, 'aborted');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('answers at once for a signal that has already fired, without adding a listener', async () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal(await raceWithAbort([never], controller.signal, 'aborted'), 'aborted');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('passes a rejected event on to the caller', async () => {
    const controller = new AbortController();
    await assert.rejects(raceWithAbort([Promise.reject(new Error('tail failed')), never], controller.signal, 'aborted'), /tail failed/);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
