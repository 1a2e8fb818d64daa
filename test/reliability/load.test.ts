/**
 * Load and soak at CI size: 50 manifests of 200 dependencies open at once, 10 % of the packages
 * faulty, registry latency, then re-checks: warm-up rounds until the server's RSS levels off, then 4
 * measured rounds. `npm run soak` runs the same with 10 000 re-checks.
 *
 * Warm-up follows its own measurement (test/soak/soak.ts): V8 grows the heap to its working size over
 * the first rounds (measured over 24 rounds: 277 MB after 3, 319 MB after 10, then 327, 323 MB), and
 * how many rounds that takes depends on the machine's load; a fixed count (8) once compared a heap
 * still growing (rssGrowth 0.448). Warm-up therefore runs until RSS sets no new high for 3 rounds
 * (within 5 %), and the bound compares peaks: the highest RSS of the measured rounds against the
 * highest of warm-up. A server that keeps setting new highs for 20 rounds never levels off: a leak.
 */
import assert from 'node:assert/strict';
import { runSoak } from '../soak/soak';

describe('reliability: load and soak (CI size)', function () {
  // Up to 20 warm-up rounds of 10 000 re-checks each, on a machine that may be shared.
  this.timeout(900_000);

  it('50 × 200 dependencies with 10 % faults: no unhandled error, no leak, concurrency bounded, nothing wrongly approved', async () => {
    const figures = await runSoak({ manifests: 50, depsPerManifest: 200, uniquePackages: 1000, maxWarmupRounds: 20, rounds: 4, faultRate: 0.1, latencyMs: 2, maxConcurrentRequests: 8 });
    const shown = JSON.stringify(figures, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v));
    assert.equal(figures.dependenciesPerRound, 50 * 200, shown);
    assert.deepEqual(figures.errors, [], 'no unhandled rejection, uncaught exception or failed handler');
    assert.equal(figures.wronglyApproved, 0, 'nothing uncertified is shown as approved');
    // The registry counts a request until its response's 'close' event, which can run after the client
    // already read the whole answer, freed its slot and opened the next request on another socket (measured:
    // 9 once in a run of 8 734 requests with limit 8, never with a single fault kind): one over is that race.
    assert.ok(figures.registryMaxInFlight <= 8 + 1, `the registry never saw more than maxConcurrentRequests in flight: ${shown}`);
    assert.ok(figures.levelledOff, `RSS levelled off within 20 warm-up rounds (no new high beyond 5 % for 3 rounds): ${shown}`);
    assert.ok(figures.rssGrowth < 0.1, `the highest RSS of the measured rounds is under 10 % above the highest of warm-up: ${shown}`);
    // Keep-alive sockets (at most one per allowed request) may stay open; anything beyond is a leak.
    assert.ok(figures.fdsAtEnd <= figures.fdsAfterWarmup + 8, `no leaked sockets or handles: ${shown}`);
  });
});
