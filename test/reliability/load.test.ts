/**
 * Load and soak at CI size: 50 manifests of 200 dependencies open at once, 10 % of the packages
 * faulty, registry latency, then 4 measured re-check rounds after 3 of warm-up. `npm run soak` runs
 * the same with 10 000 re-checks.
 *
 * "No leak" is measured on the live heap: a full garbage collection through the inspector, then
 * heapUsed (test/soak/liveHeap.ts), after warm-up and at the end. RSS was measured first and could
 * not tell a leak from V8 sizing its heap: after 8 warm-up rounds it still grew 44.8 % once, and an
 * adaptive warm-up (until RSS set no new high for 3 rounds) went 298, 278, 288, 269 MB, stopped, and
 * then saw 327, 328, 327, 413 MB — steps of heap sizing and collection timing, on a machine at load
 * ~20, with no error and nothing retained. RSS is still reported in the figures.
 */
import assert from 'node:assert/strict';
import { runSoak } from '../soak/soak';

describe('reliability: load and soak (CI size)', function () {
  // 7 rounds of 10 000 re-checks each on a machine that may be shared (a round took 18 s at load ~20).
  this.timeout(600_000);

  it('50 × 200 dependencies with 10 % faults: no unhandled error, no leak, concurrency bounded, nothing wrongly approved', async () => {
    const figures = await runSoak({ manifests: 50, depsPerManifest: 200, uniquePackages: 1000, warmupRounds: 3, rounds: 4, faultRate: 0.1, latencyMs: 2, maxConcurrentRequests: 8 });
    const shown = JSON.stringify(figures, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v));
    console.log(`      ${shown}`);
    assert.equal(figures.dependenciesPerRound, 50 * 200, shown);
    assert.deepEqual(figures.errors, [], 'no unhandled rejection, uncaught exception or failed handler');
    assert.equal(figures.wronglyApproved, 0, 'nothing uncertified is shown as approved');
    // The registry counts a request until its response's 'close' event, which can run after the client
    // already read the whole answer, freed its slot and opened the next request on another socket (measured:
    // 9 once in a run of 8 734 requests with limit 8, never with a single fault kind): one over is that race.
    assert.ok(figures.registryMaxInFlight <= 8 + 1, `the registry never saw more than maxConcurrentRequests in flight: ${shown}`);
    assert.ok(figures.heapGrowth < 0.1, `the live heap grew under 10 % from after warm-up to the end: ${shown}`);
    // Keep-alive sockets (at most one per allowed request) may stay open; anything beyond is a leak.
    assert.ok(figures.fdsAtEnd <= figures.fdsAfterWarmup + 8, `no leaked sockets or handles: ${shown}`);
  });
});
