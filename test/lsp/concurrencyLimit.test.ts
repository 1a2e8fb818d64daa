/**
 * sigma.maxConcurrentRequests is a hard cap (issue 16, docs/decisions.md): counted at the local
 * registry, a cold check of 40 exact pins with latency never has more requests in flight than it.
 */
import assert from 'node:assert/strict';
import { generateBulkData } from '../registry';
import { startSession, type Session } from './session';

const LIMIT = 3;

describe('language server: sigma.maxConcurrentRequests is never exceeded', function () {
  let s: Session;
  const bulk = generateBulkData({ npmCount: 40, pypiCount: 0, uncertifiedFraction: 0, noSnapshotFraction: 0 });
  before(async () => {
    s = await startSession({ data: bulk.data, settings: { maxConcurrentRequests: LIMIT } });
    s.registry.setLatency(20);
  });
  after(() => s.close());

  it(`a cold check of 40 pins keeps at most ${LIMIT} requests in flight at the registry`, async () => {
    s.registry.resetStats();
    const deps = bulk.npmNames.map((n) => `"${n}": "1.0.0"`).join(', ');
    const from = s.client.notifications.length;
    await s.openAndWait('package.json', `{ "dependencies": { ${deps} } }`, () => true);
    await s.client.waitFor(() => s.client.notifications.slice(from).some((n) => n.method === 'sigma/summaryChanged' && (n.params as { checking: boolean }).checking === false), 'the check to finish', 30_000);
    assert.ok(s.registry.requests.filter((r) => r.endpoint === 'certificate').length >= 40, 'every pin was asked');
    // The registry counts a request until its response's 'close' event, which can run after the client
    // read the answer and sent the next one: one over is that race (test/reliability/load.test.ts).
    assert.ok(s.registry.maxInFlight() <= LIMIT + 1, `at most ${LIMIT} in flight (+1 counting race), saw ${s.registry.maxInFlight()}`);
    assert.ok(s.registry.maxInFlight() >= 2, 'the limit was used, not a sequential client');
  });
});
