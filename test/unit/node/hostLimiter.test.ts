/**
 * The per-host cap and its congestion window (shared/node/http/hostLimiter.ts, docs/decisions.md
 * "Concurrency policy"): 429/503 halve what a host may have in flight, answers grow it back, and
 * `sigma.maxConcurrentRequests` is never exceeded.
 */
import assert from 'node:assert/strict';
import { HostLimiter, type Release } from '../../../shared/node/http/hostLimiter';

const HOST = 'registry.example:443';

async function grant(limiter: HostLimiter): Promise<Release> {
  const release = await limiter.acquire(HOST);
  assert.ok(release, 'not granted');
  return release;
}

describe('node/hostLimiter: congestion window', () => {
  it('halves once per round on 429/503, never below 1, and grows back by one per window of answers up to the limit', async () => {
    const limiter = new HostLimiter(8);
    const round = await Promise.all(Array.from({ length: 8 }, () => grant(limiter)));
    let waiting = 0;
    const queued = Array.from({ length: 8 }, () => limiter.acquire(HOST).then((r) => (waiting--, r)));
    waiting = 8;
    // The whole round answers 429: one halving, not eight.
    for (const release of round) release('congested');
    assert.deepEqual(limiter.allowed(), { [HOST]: 4 });
    await Promise.resolve();
    assert.equal(limiter.inFlight()[HOST], 4);
    assert.equal(waiting, 4);
    // A 429 from the new round halves again; 1 is the floor.
    const second = (await Promise.all(queued.slice(0, 4))) as Release[];
    second[0]('congested');
    assert.deepEqual(limiter.allowed(), { [HOST]: 2 });
    for (const r of second.slice(1)) r('answered');
    for (const waiter of queued.slice(4)) ((await waiter) as Release)('answered');
    assert.equal(waiting, 0);
    // Two in flight; the first one's 503 halves, the second one's (same round) does not again.
    const [a, b] = [await grant(limiter), await grant(limiter)];
    const before = limiter.allowed()[HOST];
    a('congested');
    const halved = limiter.allowed()[HOST];
    assert.equal(halved, Math.max(1, Math.floor(before / 2)));
    b('congested');
    assert.equal(limiter.allowed()[HOST], halved);
    // The floor is 1.
    for (let i = 0; i < 5; i++) (await grant(limiter))('congested');
    assert.deepEqual(limiter.allowed(), { [HOST]: 1 });
    // Answers grow the window again, one per window's worth, and never past the limit.
    let answers = 0;
    while (limiter.allowed()[HOST] < 8) {
      (await grant(limiter))('answered');
      answers++;
      assert.ok(answers < 100, 'the window never grew back');
    }
    for (let i = 0; i < 20; i++) (await grant(limiter))('answered');
    assert.deepEqual(limiter.allowed(), { [HOST]: 8 });
    assert.ok(limiter.maxInFlight()[HOST] <= 8);
  });

  it('a failure without an answer (timeout, reset, abort) leaves the window as it is', async () => {
    const limiter = new HostLimiter(4);
    (await grant(limiter))();
    assert.deepEqual(limiter.allowed(), { [HOST]: 4 });
  });

  it('follows a changed limit while the host never pushed back, and keeps a congested window under it', async () => {
    const limiter = new HostLimiter(4);
    (await grant(limiter))('answered');
    limiter.setLimit(16);
    assert.deepEqual(limiter.allowed(), { [HOST]: 16 });
    (await grant(limiter))('congested');
    assert.deepEqual(limiter.allowed(), { [HOST]: 8 });
    limiter.setLimit(32);
    assert.deepEqual(limiter.allowed(), { [HOST]: 8 });
    limiter.setLimit(4);
    assert.deepEqual(limiter.allowed(), { [HOST]: 4 });
  });
});
