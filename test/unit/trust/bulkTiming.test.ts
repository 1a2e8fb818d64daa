import assert from 'node:assert/strict';
import { certificateUrl, npmBulkAdvisoryUrl, pypiReleaseUrl } from '../../../server/src/service/registryUrls';
import { type TrustItem, type TrustSettings, createTrustService, trustKey } from '../../../server/src/service/trust/trustService';
import { FakeClock, FakeHttp, MemoryCache, deferred, json } from '../../helpers/ports';

const API = 'http://127.0.0.1:8123';
const NPM = 'http://127.0.0.1:8124';
const PYPI = 'http://127.0.0.1:8125/';
const SETTINGS: TrustSettings = { apiUrl: API, npmRegistryUrl: NPM, pypiUrl: PYPI, advisoryFallback: true, cacheTtlMs: 60_000 };

describe('trustService: when the npm bulk POST leaves', () => {
  it('as soon as every npm version has its SIGMA answer, without waiting for the PyPI fallbacks of the batch', async () => {
    const npmItems: TrustItem[] = [{ registry: 'npm', name: 'a', version: '1.0.0' }, { registry: 'npm', name: 'b', version: '1.0.0' }];
    const pypiItem: TrustItem = { registry: 'pypi', name: 'slow', version: '1.0.0' };
    const bulkSent = deferred<void>();
    const events: string[] = [];
    const http = new FakeHttp().on(npmBulkAdvisoryUrl(NPM), () => {
      events.push('bulk');
      bulkSent.resolve();
      return json(200, {});
    });
    for (const item of [...npmItems, pypiItem]) http.on(certificateUrl(API, item.registry, item.name, item.version), json(404, undefined));
    // The PyPI fallback answers only once the bulk POST was sent (or after a second, to fail rather than hang).
    http.on(pypiReleaseUrl(PYPI, 'slow', '1.0.0'), async () => {
      await Promise.race([bulkSent.promise, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      events.push('pypi release');
      return json(404, undefined);
    });
    const service = createTrustService({ http, cache: new MemoryCache(), clock: new FakeClock() });
    const results = await service.checkVersions([...npmItems, pypiItem], SETTINGS);
    assert.deepEqual(events, ['bulk', 'pypi release']);
    assert.equal(http.calls.filter((c) => c.method === 'POST').length, 1);
    for (const item of [...npmItems, pypiItem]) assert.equal(results.get(trustKey(item))?.status, 'uncertified');
  });
});
