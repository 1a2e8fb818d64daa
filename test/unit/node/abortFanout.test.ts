/** One abort listener per signal, however many waiters (shared/node/http/abortFanout.ts). */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { onAbort } from '../../../shared/node/http/abortFanout';

describe('onAbort', () => {
  it('adds one listener to the signal for any number of waiters, and calls each waiter still waiting once', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const stops = Array.from({ length: 50 }, (_, i) => onAbort(controller.signal, () => calls.push(i)));
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    stops[3]();
    controller.abort();
    controller.abort();
    assert.equal(calls.length, 49);
    assert.ok(!calls.includes(3), 'a waiter that stopped waiting is not called');
  });

  it('calls at once for a signal that has already aborted', () => {
    let called = 0;
    onAbort(AbortSignal.abort(), () => called++);
    assert.equal(called, 1);
  });
});
