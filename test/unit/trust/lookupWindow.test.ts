/**
 * Lookups start as earlier ones finish (trustService.ts, `lookupWindow`): a batch of thousands (the
 * whole tree) does not set every lookup up before the first request leaves (docs/benchmarks.md).
 */
import assert from 'node:assert/strict';
import { certificateUrl, npmBulkAdvisoryUrl } from '../../../server/src/service/registryUrls';
import { type TrustItem, type TrustSettings, createTrustService, lookupWindow, trustKey } from '../../../server/src/service/trust/trustService';
import { seedCertificate } from '../../helpers/answers';
import { FakeClock, FakeHttp, MemoryCache, deferred, json } from '../../helpers/ports';

const API = 'http://127.0.0.1:8123';
const NPM = 'http://127.0.0.1:8124';
const SETTINGS: TrustSettings = { apiUrl: API, npmRegistryUrl: NPM, pypiUrl: 'http://127.0.0.1:8125/', advisoryFallback: true, cacheTtlMs: 60_000, maxConcurrentRequests: 2 };

/** Lets every pending promise continuation run (the fake HTTP answers only when released). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('trustService: lookups start as slots free up', () => {
  it('keeps only a window of lookups started, in the batch order, and finishes every item', async () => {
    const items: TrustItem[] = Array.from({ length: 100 }, (_, i) => ({ registry: 'npm', name: `p${i}`, version: '1.0.0' }));
    const gate = deferred<void>();
    const http = new FakeHttp().on(/\/packages\/npm\//, async (req) => {
      await gate.promise;
      const name = /\/npm\/([^/]+)\//.exec(req.url)?.[1] ?? '';
      return json(200, seedCertificate({ registrySource: 'npm', packageName: name, packageVersion: '1.0.0', registryAdvisories: [] }));
    });
    const service = createTrustService({ http, cache: new MemoryCache(), clock: new FakeClock() });
    const done = service.checkVersions(items, SETTINGS);
    await settle();
    const window = lookupWindow(SETTINGS);
    assert.ok(window < items.length);
    assert.equal(http.calls.length, window, 'lookups beyond the window were started before any answer');
    assert.deepEqual(
      http.calls.map((c) => c.url),
      items.slice(0, window).map((i) => certificateUrl(API, 'npm', i.name, i.version)),
    );
    gate.resolve();
    const results = await done;
    assert.equal(results.size, items.length);
    for (const item of items) assert.equal(results.get(trustKey(item))?.status, 'approved');
    assert.equal(http.calls.length, items.length);
  });

  it('scales the window with sigma.maxConcurrentRequests', () => {
    assert.equal(lookupWindow({ maxConcurrentRequests: 8 }), 32);
    assert.equal(lookupWindow({ maxConcurrentRequests: 64 }), 256);
    assert.equal(lookupWindow({ maxConcurrentRequests: 1 }), 16);
  });

  it('asks for the bulk advisory POST to go ahead of queued lookups', async () => {
    const items: TrustItem[] = [{ registry: 'npm', name: 'a', version: '1.0.0' }];
    const http = new FakeHttp().on(certificateUrl(API, 'npm', 'a', '1.0.0'), json(404, undefined)).on(npmBulkAdvisoryUrl(NPM), json(200, {}));
    const service = createTrustService({ http, cache: new MemoryCache(), clock: new FakeClock() });
    await service.checkVersions(items, SETTINGS);
    const post = http.calls.find((c) => c.method === 'POST');
    assert.equal(post?.priority, 'first');
  });
});
