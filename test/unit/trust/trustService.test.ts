import assert from 'node:assert/strict';
import type { TrustFacts } from '../../../server/src/service/model';
import type { HttpRequest, HttpResult } from '../../../server/src/service/ports';
import { builtVerifyUrl, certificateUrl, npmBulkAdvisoryUrl, pypiReleaseUrl, statsUrl } from '../../../server/src/service/registryUrls';
import { type TrustItem, type TrustSettings, createTrustService, trustKey } from '../../../server/src/service/trust/trustService';
import { FakeClock, FakeHttp, MemoryCache, deferred, fail, json } from '../../helpers/ports';
import { seedCertificate } from '../../helpers/answers';

const API = 'http://127.0.0.1:8123';
const NPM = 'http://127.0.0.1:8124';
const PYPI = 'http://127.0.0.1:8125/';
const SETTINGS: TrustSettings = { apiUrl: API, npmRegistryUrl: NPM, pypiUrl: PYPI, advisoryFallback: true, cacheTtlMs: 60_000 };
const BULK = npmBulkAdvisoryUrl(NPM);

const npm = (name: string, version: string): TrustItem => ({ registry: 'npm', name, version });
const pypi = (name: string, version: string): TrustItem => ({ registry: 'pypi', name, version });
const certUrl = (item: TrustItem): string => certificateUrl(API, item.registry, item.name, item.version);
const verifyUrl = (item: TrustItem): string => builtVerifyUrl(API, item.registry, item.name, item.version);

function cert(item: TrustItem, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return seedCertificate({ registrySource: item.registry, packageName: item.name, packageVersion: item.version, ...overrides });
}

function setup(http = new FakeHttp(), clock = new FakeClock(), cache = new MemoryCache()) {
  const logged: string[] = [];
  const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
  return { http, clock, cache, logged, service: createTrustService({ http, cache, clock, logger }) };
}

function get(results: Map<string, TrustFacts>, item: TrustItem): TrustFacts {
  const facts = results.get(trustKey(item));
  assert.ok(facts, `no facts for ${trustKey(item)}`);
  return facts;
}

describe('trustService', () => {
  it('trustKey is registry:name@version', () => {
    assert.equal(trustKey(npm('@types/node', '20.0.0')), 'npm:@types/node@20.0.0');
  });

  it('a certificate with a snapshot: one request, verdict status, snapshot advisories, no verify, no fallback', async () => {
    const item = npm('lodash', '4.17.21');
    const row = { id: 'GHSA-x', aliases: [], source: 'npm', severity: 'high', title: 'bad' };
    const { http, service, clock } = setup(new FakeHttp().on(certUrl(item), json(200, cert(item, { registryAdvisories: [row] }))));
    const results = await service.checkVersions([item], SETTINGS);
    const facts = get(results, item);
    assert.deepEqual(http.urls(), [`GET ${certUrl(item)}`]);
    assert.equal(http.calls[0].headers?.authorization, undefined);
    assert.equal(facts.status, 'approved');
    assert.equal(facts.advisorySource, 'sigma');
    assert.deepEqual(facts.advisories, [{ id: 'GHSA-x', aliases: [], source: 'npm', severity: 'high', title: 'bad' }]);
    assert.equal(facts.freshness, 'live');
    assert.equal(facts.fetchedAt, clock.time);
    assert.equal(facts.error, undefined);
    assert.deepEqual(facts.rawCertificate, cert(item, { registryAdvisories: [row] }));
    // The example certificate's verifyEndpoint is on another origin, so the shown URL is built from the configured base.
    assert.equal(facts.certificate?.verifyUrl, verifyUrl(item));
  });

  it('keepRawCertificates: false reads the certificate the same and keeps no copy as received (the language server)', async () => {
    const item = npm('lodash', '4.17.21');
    const http = new FakeHttp().on(certUrl(item), json(200, cert(item)));
    const kept = get(await setup(http).service.checkVersions([item], SETTINGS), item);
    const service = createTrustService({ http: new FakeHttp().on(certUrl(item), json(200, cert(item))), cache: new MemoryCache(), clock: new FakeClock(), keepRawCertificates: false });
    const lean = get(await service.checkVersions([item], SETTINGS), item);
    assert.deepEqual(kept.rawCertificate, cert(item));
    assert.equal(lean.rawCertificate, null);
    assert.deepEqual({ ...lean, rawCertificate: kept.rawCertificate }, kept);
  });

  it('maps verdicts to statuses', async () => {
    const items = [npm('a', '1.0.0'), npm('b', '1.0.0'), npm('c', '1.0.0')];
    const verdicts = ['APPROVED', 'REJECTED', 'NEEDS_REVIEW'];
    const http = new FakeHttp();
    items.forEach((item, i) => http.on(certUrl(item), json(200, cert(item, { councilVerdict: verdicts[i] }))));
    const results = await setup(http).service.checkVersions(items, SETTINGS);
    assert.deepEqual(items.map((item) => get(results, item).status), ['approved', 'rejected', 'conditional']);
  });

  it('404 is uncertified (not an error) and gets registry advisories labelled as registry data', async () => {
    const item = npm('left-pad', '1.3.0');
    const http = new FakeHttp().on(certUrl(item), json(404, undefined)).on(BULK, json(200, { 'left-pad': [{ id: 7, title: 'x', severity: 'low', vulnerable_versions: '<=1.3.0' }] }));
    const facts = get(await setup(http).service.checkVersions([item], SETTINGS), item);
    assert.equal(facts.status, 'uncertified');
    assert.equal(facts.certificate, null);
    assert.equal(facts.rawCertificate, null);
    assert.equal(facts.advisorySource, 'registry');
    assert.deepEqual(facts.advisories.map((a) => a.id), ['7']);
    assert.equal(facts.error, undefined);
    assert.equal(facts.networkFailure, undefined);
  });

  it('asks verify only when the certificate has no snapshot, and merges its advisories and integrity fields', async () => {
    const withSnapshot = npm('has-snapshot', '1.0.0');
    const without = npm('no-snapshot', '2.0.0');
    const verifyPayload = {
      ...cert(without, { registryAdvisories: [{ id: 5, title: 'from verify', severity: 'moderate' }] }),
      registryAdvisorySummary: { text: 'One advisory.', count: 1 },
      integrity: { fileSetHash: 'fs-hash', councilRoundId: 'round-3', signer: 'sigma-1' },
    };
    const http = new FakeHttp()
      .on(certUrl(withSnapshot), json(200, cert(withSnapshot)))
      .on(certUrl(without), json(200, cert(without, { registryAdvisories: null, registryAdvisorySummary: null })))
      .on(verifyUrl(without), json(200, verifyPayload));
    const results = await setup(http).service.checkVersions([withSnapshot, without], SETTINGS);
    assert.deepEqual(http.urls().sort(), [`GET ${certUrl(without)}`, `GET ${certUrl(withSnapshot)}`, `GET ${verifyUrl(without)}`].sort());
    const facts = get(results, without);
    assert.equal(facts.status, 'approved');
    assert.equal(facts.advisorySource, 'verify');
    assert.deepEqual(facts.advisories.map((a) => a.title), ['from verify']);
    assert.equal(facts.certificate?.fileSetHash, 'fs-hash');
    assert.equal(facts.certificate?.councilRoundId, 'round-3');
    assert.equal(facts.certificate?.registryAdvisorySummary, 'One advisory.');
    assert.deepEqual(facts.certificate?.details, { 'integrity.signer': 'sigma-1' });
    assert.equal(get(results, withSnapshot).advisorySource, 'sigma');
  });

  it('a snapshot short of registryAdvisoryCount is not "none": verify is asked for the rows; without rows anywhere the count and highest severity stay', async () => {
    const rowsInVerify = npm('rows-in-verify', '1.0.0');
    const countOnly = npm('count-only', '1.0.0');
    const verifyFails = npm('verify-fails', '1.0.0');
    const counted = { registryAdvisories: [], registryAdvisoryCount: 2, registryAdvisoryHighestSeverity: 'HIGH' };
    const rows = [{ id: 'GHSA-a', title: 'a', severity: 'high' }, { id: 'GHSA-b', title: 'b', severity: 'low' }];
    const http = new FakeHttp()
      .on(certUrl(rowsInVerify), json(200, cert(rowsInVerify, counted)))
      .on(verifyUrl(rowsInVerify), json(200, cert(rowsInVerify, { ...counted, registryAdvisories: rows })))
      .on(certUrl(countOnly), json(200, cert(countOnly, counted)))
      .on(verifyUrl(countOnly), json(200, cert(countOnly, counted)))
      .on(certUrl(verifyFails), json(200, cert(verifyFails, { ...counted, registryAdvisoryCount: 1, registryAdvisoryHighestSeverity: null })))
      .on(verifyUrl(verifyFails), json(500, undefined));
    const results = await setup(http).service.checkVersions([rowsInVerify, countOnly, verifyFails], SETTINGS);
    const withRows = get(results, rowsInVerify);
    assert.equal(withRows.advisorySource, 'verify');
    assert.deepEqual(withRows.advisories.map((a) => a.id), ['GHSA-a', 'GHSA-b']);
    assert.equal(withRows.advisoriesWithoutRows, undefined);
    assert.deepEqual(get(results, countOnly).advisoriesWithoutRows, { count: 2, highestSeverity: 'high' });
    assert.deepEqual(get(results, verifyFails).advisoriesWithoutRows, { count: 1, highestSeverity: 'unknown' });
    assert.ok(http.urls().includes(`GET ${verifyUrl(countOnly)}`));
    assert.equal(http.urls().filter((u) => u.startsWith('POST')).length, 0, 'SIGMA has a snapshot: no registry fallback');
  });

  it('follows a verifyEndpoint on the API origin, never one elsewhere', async () => {
    const same = npm('same', '1.0.0');
    const other = npm('other', '1.0.0');
    const custom = `${API}/custom/verify/same`;
    const http = new FakeHttp()
      .on(certUrl(same), json(200, cert(same, { registryAdvisories: null, verifyEndpoint: custom })))
      .on(certUrl(other), json(200, cert(other, { registryAdvisories: null, verifyEndpoint: 'https://evil.test/verify' })))
      .on(custom, json(200, cert(same)))
      .on(verifyUrl(other), json(200, cert(other)));
    const results = await setup(http).service.checkVersions([same, other], SETTINGS);
    assert.ok(http.urls().includes(`GET ${custom}`));
    assert.ok(!http.urls().some((url) => url.includes('evil.test')));
    assert.equal(get(results, same).certificate?.verifyUrl, custom);
    assert.equal(get(results, other).certificate?.verifyUrl, verifyUrl(other));
  });

  it('sends exactly ONE bulk POST for all npm versions without SIGMA advisory data', async () => {
    const uncertified = Array.from({ length: 12 }, (_, i) => npm(`pkg-${String(i).padStart(2, '0')}`, '1.0.0'));
    const noSnapshot = Array.from({ length: 6 }, (_, i) => npm(`nosnap-${i}`, `2.${i}.0`));
    const withSnapshot = Array.from({ length: 5 }, (_, i) => npm(`snap-${i}`, '3.0.0'));
    const failing = [npm('broken', '0.1.0'), npm('@scope/broken', '0.2.0')];
    const twoVersions = [npm('pkg-00', '0.9.0')];
    const http = new FakeHttp();
    for (const item of [...uncertified, ...twoVersions]) http.on(certUrl(item), json(404, undefined));
    for (const item of noSnapshot) http.on(certUrl(item), json(200, cert(item, { registryAdvisories: null }))).on(verifyUrl(item), json(404, undefined));
    for (const item of withSnapshot) http.on(certUrl(item), json(200, cert(item)));
    for (const item of failing) http.on(certUrl(item), fail('http', 'HTTP 503 after 3 attempts', 503));
    http.on(BULK, json(200, { 'pkg-00': [{ id: 1, title: 'old', severity: 'critical', vulnerable_versions: '<1.0.0' }], 'nosnap-1': [{ id: 2, title: 'any', severity: 'low' }] }));

    const all = [...uncertified, ...noSnapshot, ...withSnapshot, ...failing, ...twoVersions];
    const results = await setup(http).service.checkVersions(all, SETTINGS);
    const posts = http.calls.filter((call) => call.method === 'POST');
    assert.equal(posts.length, 1);
    const [post] = posts;
    assert.equal(post.url, BULK);
    assert.equal(post.gzipBody, true);
    const expectedBody: Record<string, string[]> = {};
    for (const item of [...uncertified, ...noSnapshot, ...failing, ...twoVersions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      expectedBody[item.name] = [...(expectedBody[item.name] ?? []), item.version].sort();
    }
    assert.equal(post.body, JSON.stringify(expectedBody));
    assert.deepEqual(Object.keys(JSON.parse(post.body ?? '{}')), Object.keys(expectedBody).sort());
    assert.equal(post.dedupeKey, `POST ${BULK} ${post.body}`);
    assert.equal(results.size, all.length);
    assert.deepEqual(get(results, twoVersions[0]).advisories.map((a) => a.id), ['1']);
    assert.deepEqual(get(results, uncertified[0]).advisories, []);
    assert.equal(get(results, uncertified[0]).advisorySource, 'registry');
    assert.deepEqual(get(results, noSnapshot[1]).advisories.map((a) => a.id), ['2']);
    assert.equal(get(results, withSnapshot[0]).advisorySource, 'sigma');
    const broken = get(results, failing[1]);
    assert.equal(broken.status, 'error');
    assert.equal(broken.advisorySource, 'registry');
  });

  describe('failures', () => {
    const cases: Array<[string, HttpResult, RegExp, boolean]> = [
      ['timeout', fail('timeout', 'no answer within 10000 ms'), /SIGMA certificate lookup failed: no answer within 10000 ms/, true],
      ['refused', fail('refused', 'connection refused'), /connection refused/, true],
      ['reset', fail('reset', 'connection reset'), /connection reset/, true],
      ['dns', fail('dns', 'host not found'), /host not found/, true],
      ['tls', fail('tls', 'certificate expired'), /certificate expired/, true],
      ['503 after retries', fail('http', 'HTTP 503 after retries', 503), /HTTP 503/, false],
      ['429 after retries', fail('http', 'HTTP 429 after retries', 429), /HTTP 429/, false],
      ['not JSON', fail('invalid-json', 'the answer is not JSON'), /not JSON/, false],
      ['too large', fail('too-large', 'answer larger than 2097152 bytes'), /larger than/, false],
      ['a 500 answered', json(500, undefined), /SIGMA answered HTTP 500/, false],
      ['a JSON array', json(200, []), /invalid answer: the answer is not a JSON object/, false],
      ['an identity mismatch', json(200, seedCertificate({ registrySource: 'npm', packageName: 'evil', packageVersion: '1.0.0' })), /certificate is for npm:evil@1\.0\.0, not npm:good@1\.0\.0/, false],
    ];
    for (const [label, answer, message, network] of cases) {
      it(`${label} → status error (never certified), plain message, networkFailure ${network}`, async () => {
        const item = npm('good', '1.0.0');
        const http = new FakeHttp().on(certUrl(item), answer).on(BULK, json(200, { good: [{ id: 3, title: 't', severity: 'high' }] }));
        const facts = get(await setup(http).service.checkVersions([item], SETTINGS), item);
        assert.equal(facts.status, 'error');
        assert.equal(facts.certificate, null);
        assert.match(facts.error ?? '', message);
        assert.equal(facts.networkFailure === true, network);
        // Registry advisories are still shown, labelled as registry data.
        assert.equal(facts.advisorySource, 'registry');
        assert.deepEqual(facts.advisories.map((a) => a.id), ['3']);
      });
    }

    it('an unusable name is an error for that version only, without any request', async () => {
      const bad = npm('..', '1.0.0');
      const good = npm('ok', '1.0.0');
      const http = new FakeHttp().on(certUrl(good), json(200, cert(good)));
      const results = await setup(http).service.checkVersions([bad, good], { ...SETTINGS, advisoryFallback: false });
      assert.deepEqual(http.urls(), [`GET ${certUrl(good)}`]);
      assert.equal(get(results, bad).status, 'error');
      assert.match(get(results, bad).error ?? '', /cannot look up/);
      assert.equal(get(results, good).status, 'approved');
    });

    it('a failed bulk POST leaves the SIGMA status and explains the missing advisories', async () => {
      const item = npm('lonely', '1.0.0');
      const http = new FakeHttp().on(certUrl(item), json(404, undefined)).on(BULK, fail('refused', 'connection refused'));
      const facts = get(await setup(http).service.checkVersions([item], SETTINGS), item);
      assert.equal(facts.status, 'uncertified');
      assert.deepEqual(facts.advisories, []);
      assert.equal(facts.advisorySource, null);
      assert.equal(facts.error, 'npm advisory lookup failed: connection refused');
      assert.equal(facts.networkFailure, true);
    });

    it('advisoryFallback off: no registry request at all', async () => {
      const items = [npm('a', '1.0.0'), pypi('b', '1.0')];
      const http = new FakeHttp().on(/\/packages\//, json(404, undefined));
      const results = await setup(http).service.checkVersions(items, { ...SETTINGS, advisoryFallback: false });
      assert.equal(http.calls.length, 2);
      for (const item of items) {
        assert.equal(get(results, item).status, 'uncertified');
        assert.equal(get(results, item).advisorySource, null);
      }
    });
  });

  describe('PyPI fallback', () => {
    it('reads the release JSON per version with the PEP 503 name: vulnerabilities (withdrawn marked) and hashes', async () => {
      const item = pypi('Django_REST.framework', '3.14.0');
      const release = {
        info: { name: 'djangorestframework', version: '3.14.0' },
        urls: [{ digests: { sha256: 'ab'.repeat(32) } }],
        vulnerabilities: [
          { id: 'PYSEC-A', aliases: ['CVE-A'], summary: 'live one', fixed_in: ['3.15.0'], link: 'https://osv.dev/vulnerability/PYSEC-A', withdrawn: null },
          { id: 'PYSEC-B', aliases: [], summary: 'withdrawn one', fixed_in: [], link: 'https://osv.dev/vulnerability/PYSEC-B', withdrawn: '2024-02-01T00:00:00Z' },
        ],
      };
      const releaseUrl = pypiReleaseUrl(PYPI, item.name, item.version);
      assert.equal(releaseUrl, 'http://127.0.0.1:8125/pypi/django-rest-framework/3.14.0/json');
      // info.name "djangorestframework" is a different PEP 503 name, so this answer is refused …
      const http = new FakeHttp().on(certUrl(item), json(404, undefined)).on(releaseUrl, json(200, release));
      const refused = get(await setup(http).service.checkVersions([item], SETTINGS), item);
      assert.equal(refused.advisorySource, null);
      assert.match(refused.error ?? '', /PyPI advisory lookup failed: PyPI answered for "djangorestframework"/);
      // … and the right one is read.
      const http2 = new FakeHttp().on(certUrl(item), json(404, undefined)).on(releaseUrl, json(200, { ...release, info: { name: 'django-rest.framework', version: '3.14.0' } }));
      const { service, cache } = setup(http2);
      const facts = get(await service.checkVersions([item], SETTINGS), item);
      assert.equal(facts.status, 'uncertified');
      assert.equal(facts.advisorySource, 'registry');
      assert.deepEqual(facts.advisories.map((a) => [a.id, a.withdrawn === true]), [['PYSEC-A', false], ['PYSEC-B', true]]);
      assert.deepEqual(facts.registryHashes, ['ab'.repeat(32)]);
      assert.ok(cache.namespaces().includes('pypiRelease'));
      assert.equal(http2.calls.filter((call) => call.method === 'POST').length, 0);
    });

    it('a 404 from PyPI means no advisories, not an error', async () => {
      const item = pypi('ghost', '0.0.1');
      const http = new FakeHttp().on(certUrl(item), json(404, undefined)).on(pypiReleaseUrl(PYPI, 'ghost', '0.0.1'), json(404, undefined));
      const facts = get(await setup(http).service.checkVersions([item], SETTINGS), item);
      assert.equal(facts.advisorySource, 'registry');
      assert.deepEqual(facts.advisories, []);
      assert.equal(facts.error, undefined);
    });
  });

  describe('cache', () => {
    it('fresh → no request; stale is used when the network fails; a valid answer replaces it', async () => {
      const item = npm('cached', '1.0.0');
      let answer = json(200, cert(item));
      const http = new FakeHttp().on(certUrl(item), () => answer);
      const { service, clock, cache } = setup(http);
      const t0 = clock.time;
      assert.equal(get(await service.checkVersions([item], SETTINGS), item).freshness, 'live');
      assert.equal(cache.get('certificate', `${API}|npm|cached|1.0.0`)?.storedAt, t0);

      clock.time = t0 + 59_999;
      const cached = get(await service.checkVersions([item], SETTINGS), item);
      assert.equal(http.calls.length, 1);
      assert.equal(cached.freshness, 'cached');
      assert.equal(cached.fetchedAt, t0);
      assert.equal(cached.status, 'approved');

      clock.time = t0 + 60_000;
      answer = fail('refused', 'connection refused');
      const stale = get(await service.checkVersions([item], SETTINGS), item);
      assert.equal(http.calls.length, 2);
      assert.equal(stale.status, 'approved');
      assert.equal(stale.freshness, 'stale');
      assert.equal(stale.fetchedAt, t0);
      assert.equal(stale.error, 'SIGMA certificate lookup failed: connection refused');
      assert.equal(stale.networkFailure, true);

      answer = fail('http', 'HTTP 503', 503);
      const stale503 = get(await service.checkVersions([item], SETTINGS), item);
      assert.equal(stale503.freshness, 'stale');
      assert.equal(stale503.networkFailure, undefined);

      answer = json(200, cert(item, { packageName: 'someone-else' }));
      assert.equal(get(await service.checkVersions([item], SETTINGS), item).freshness, 'stale');

      // A valid 404 is an answer: never replaced by the stale certificate.
      clock.time = t0 + 120_000;
      answer = json(404, undefined);
      const gone = get(await service.checkVersions([item], { ...SETTINGS, advisoryFallback: false }), item);
      assert.equal(gone.status, 'uncertified');
      assert.equal(gone.freshness, 'live');
      assert.equal(gone.fetchedAt, t0 + 120_000);

      // … and it is cached in its turn.
      const calls = http.calls.length;
      const again = get(await service.checkVersions([item], { ...SETTINGS, advisoryFallback: false }), item);
      assert.equal(http.calls.length, calls);
      assert.equal(again.status, 'uncertified');
      assert.equal(again.freshness, 'cached');
    });

    it('caches verify payloads and npm advisories per name@version', async () => {
      const item = npm('nosnap', '1.0.0');
      const http = new FakeHttp()
        .on(certUrl(item), json(200, cert(item, { registryAdvisories: null })))
        .on(verifyUrl(item), json(200, cert(item, { registryAdvisories: null })))
        .on(BULK, json(200, { nosnap: [{ id: 1, title: 't' }] }));
      const { service, cache } = setup(http);
      await service.checkVersions([item], SETTINGS);
      assert.equal(http.calls.length, 3);
      assert.deepEqual(cache.namespaces().sort(), ['advisories', 'certificate', 'verify']);
      const second = get(await service.checkVersions([item], SETTINGS), item);
      assert.equal(http.calls.length, 3);
      assert.equal(second.freshness, 'cached');
      assert.deepEqual(second.advisories.map((a) => a.id), ['1']);
    });

    it('offline: cache only; missing → error "not in cache (offline)"; old entries → stale', async () => {
      const known = npm('known', '1.0.0');
      const unknown = npm('unknown', '1.0.0');
      const http = new FakeHttp().on(certUrl(known), json(200, cert(known)));
      const { service, clock } = setup(http);
      await service.checkVersions([known], SETTINGS);
      clock.time += 3_600_000;
      const results = await service.checkVersions([known, unknown], SETTINGS, { offline: true });
      assert.equal(http.calls.length, 1);
      assert.equal(get(results, known).status, 'approved');
      assert.equal(get(results, known).freshness, 'stale');
      const missing = get(results, unknown);
      assert.equal(missing.status, 'error');
      assert.equal(missing.error, 'not in cache (offline); registry advisories: not in cache (offline)');
      assert.equal(missing.networkFailure, undefined);
    });

    it('an entry stored in the future (beyond 5 minutes of clock skew) is refused: asked again, and no stale stand-in when that fails', async () => {
      const item = npm('lodash', '4.17.21');
      const lib = npm('left-pad', '1.3.0');
      let down = false;
      const http = new FakeHttp()
        .on(certUrl(item), () => (down ? fail('refused') : json(200, cert(item))))
        .on(certUrl(lib), json(404, undefined))
        .on(BULK, json(200, {}));
      const { service, cache, clock } = setup(http);
      await service.checkVersions([item, lib], SETTINGS);
      const future = clock.time + 86_400_000;
      for (const [key, entry] of [...cache.entries]) cache.entries.set(key, { ...entry, storedAt: future });
      const again = await service.checkVersions([item, lib], SETTINGS);
      assert.equal(get(again, item).freshness, 'live', 'the certificate was asked again');
      assert.equal(get(again, lib).freshness, 'live', 'so were the npm advisories');
      assert.equal(http.calls.length, 6);

      for (const [key, entry] of [...cache.entries]) cache.entries.set(key, { ...entry, storedAt: future });
      down = true;
      const failed = get(await service.checkVersions([item], SETTINGS), item);
      assert.equal(failed.status, 'error', 'a future entry is not shown as a stale certificate');
    });

    it('a damaged cache entry is a miss, not a crash or a certificate', async () => {
      const item = npm('damaged', '1.0.0');
      const http = new FakeHttp().on(certUrl(item), json(404, undefined));
      const { service, cache } = setup(http);
      cache.set('certificate', `${API}|npm|damaged|1.0.0`, { value: { status: 200, json: cert(npm('other', '1.0.0')) }, storedAt: Date.now() });
      const facts = get(await service.checkVersions([item], { ...SETTINGS, advisoryFallback: false }), item);
      assert.equal(facts.status, 'uncertified');
      assert.equal(http.calls.length, 1);
    });

    it('keys the cache by API base: another API never sees these answers', async () => {
      const item = npm('shared', '1.0.0');
      const http = new FakeHttp().on(/\/packages\//, json(404, undefined));
      const { service } = setup(http);
      await service.checkVersions([item], { ...SETTINGS, advisoryFallback: false });
      await service.checkVersions([item], { ...SETTINGS, apiUrl: 'http://127.0.0.1:9999/', advisoryFallback: false });
      assert.equal(http.calls.length, 2);
    });
  });

  it('advisoryPrefetch: the tree\'s npm versions ride along in the bulk POST this check sends, and a later check finds them cached', async () => {
    const direct = npm('direct-uncertified', '1.0.0');
    const tree = [npm('deep', '2.0.0'), npm('deeper', '3.0.0')];
    const http = new FakeHttp().on(certUrl(direct), json(404, undefined));
    for (const item of tree) http.on(certUrl(item), json(404, undefined));
    http.on(BULK, json(200, { deep: [{ id: 7, title: 'deep flaw', severity: 'high' }] }));
    const { service } = setup(http);
    await service.checkVersions([direct], SETTINGS, { advisoryPrefetch: () => [...tree, npm('direct-uncertified', '1.0.0')] });
    const posts = http.calls.filter((call) => call.method === 'POST');
    assert.deepEqual(posts.map((p) => p.body), [JSON.stringify({ deep: ['2.0.0'], deeper: ['3.0.0'], 'direct-uncertified': ['1.0.0'] })]);
    const later = await service.checkVersions(tree, SETTINGS);
    assert.equal(http.calls.filter((call) => call.method === 'POST').length, 1, 'no second POST');
    assert.deepEqual(get(later, tree[0]).advisories.map((a) => a.title), ['deep flaw']);
  });

  it('advisoryPrefetch never sends a POST on its own', async () => {
    const certified = npm('snap', '1.0.0');
    const http = new FakeHttp().on(certUrl(certified), json(200, cert(certified)));
    await setup(http).service.checkVersions([certified], SETTINGS, { advisoryPrefetch: () => [npm('deep', '2.0.0')] });
    assert.deepEqual(http.calls.filter((call) => call.method === 'POST'), []);
  });

  it('deduplicates identical items and reports each key once', async () => {
    const item = npm('twice', '1.0.0');
    const http = new FakeHttp().on(certUrl(item), json(200, cert(item)));
    const seen: string[] = [];
    const results = await setup(http).service.checkVersions([item, { ...item }], SETTINGS, { onResult: (key) => seen.push(key) });
    assert.equal(http.calls.length, 1);
    assert.deepEqual(seen, ['npm:twice@1.0.0']);
    assert.equal(results.size, 1);
  });

  it('publishes each item as soon as it is final (onResult before slower items finish)', async () => {
    const fast = npm('fast', '1.0.0');
    const slow = npm('slow', '1.0.0');
    const gate = deferred<ReturnType<typeof json>>();
    const http = new FakeHttp().on(certUrl(fast), json(200, cert(fast))).on(certUrl(slow), () => gate.promise);
    const firstResult = deferred<string>();
    const seen: string[] = [];
    let finished = false;
    const run = setup(http)
      .service.checkVersions([fast, slow], SETTINGS, {
        onResult: (key) => {
          seen.push(key);
          firstResult.resolve(key);
        },
      })
      .then((results) => {
        finished = true;
        return results;
      });
    assert.equal(await firstResult.promise, 'npm:fast@1.0.0');
    assert.equal(finished, false);
    gate.resolve(json(200, cert(slow)));
    const results = await run;
    assert.deepEqual(seen, ['npm:fast@1.0.0', 'npm:slow@1.0.0']);
    assert.equal(results.size, 2);
  });

  it('a throwing onResult does not break the check', async () => {
    const item = npm('x', '1.0.0');
    const { service, logged } = setup(new FakeHttp().on(certUrl(item), json(200, cert(item))));
    const results = await service.checkVersions([item], SETTINGS, {
      onResult: () => {
        throw new Error('listener bug');
      },
    });
    assert.equal(results.size, 1);
    assert.ok(logged.some((line) => line.includes('listener bug')));
  });

  it('cancellation: stops starting requests and returns only what is done', async () => {
    const done = npm('done', '1.0.0');
    const pending = npm('pending', '1.0.0');
    const late = npm('late', '1.0.0');
    const needsBulk = npm('needs-bulk', '1.0.0');
    const controller = new AbortController();
    const pendingGate = deferred<ReturnType<typeof json>>();
    const lateGate = deferred<ReturnType<typeof json>>();
    controller.signal.addEventListener('abort', () => {
      pendingGate.resolve(fail('aborted', 'cancelled'));
      // This one's certificate arrives after the abort: its verify request must not start.
      lateGate.resolve(json(200, cert(late, { registryAdvisories: null })));
    });
    const signals: Array<AbortSignal | undefined> = [];
    const http = new FakeHttp()
      .on((req: HttpRequest) => (signals.push(req.signal), false), json(500, undefined))
      .on(certUrl(done), json(200, cert(done)))
      .on(certUrl(needsBulk), json(404, undefined))
      .on(certUrl(pending), () => pendingGate.promise)
      .on(certUrl(late), () => lateGate.promise);
    const results = await setup(http).service.checkVersions([done, needsBulk, pending, late], SETTINGS, {
      signal: controller.signal,
      onResult: (key) => {
        if (key === trustKey(done)) controller.abort();
      },
    });
    assert.deepEqual([...results.keys()], [trustKey(done)]);
    assert.equal(http.calls.filter((call) => call.method === 'POST').length, 0);
    assert.ok(!http.urls().includes(`GET ${verifyUrl(late)}`));
    assert.ok(signals.every((signal) => signal === controller.signal));
  });

  describe('verifyNow', () => {
    it('reads the verify payload even when the certificate has a snapshot; refresh bypasses its cache', async () => {
      const item = pypi('requests', '2.31.0');
      const http = new FakeHttp()
        .on(certUrl(item), json(200, cert(item)))
        .on(verifyUrl(item), json(200, { ...cert(item), fileSetHash: 'fs', councilRoundId: 'r1', reviewer: 'council-7' }));
      const { service } = setup(http);
      const facts = await service.verifyNow(item, SETTINGS);
      assert.ok(facts);
      assert.equal(facts.status, 'approved');
      assert.equal(facts.advisorySource, 'sigma');
      assert.equal(facts.certificate?.fileSetHash, 'fs');
      assert.equal(facts.certificate?.councilRoundId, 'r1');
      assert.deepEqual(facts.certificate?.details, { reviewer: 'council-7' });
      assert.equal(http.calls.length, 2);
      await service.verifyNow(item, SETTINGS);
      assert.equal(http.calls.length, 2);
      await service.verifyNow(item, SETTINGS, { refresh: true });
      assert.deepEqual(http.urls().slice(2), [`GET ${verifyUrl(item)}`]);
    });

    it('notes a differing hash between certificate and verify payload', async () => {
      const item = npm('x', '1.0.0');
      const http = new FakeHttp()
        .on(certUrl(item), json(200, cert(item, { distributionSha256: 'a'.repeat(64) })))
        .on(verifyUrl(item), json(200, cert(item, { distributionSha256: 'b'.repeat(64) })));
      const facts = await setup(http).service.verifyNow(item, SETTINGS);
      assert.equal(facts?.certificate?.distributionSha256, 'a'.repeat(64));
      assert.equal(facts?.certificate?.details?.['verify.distributionSha256'], 'b'.repeat(64));
    });
  });

  describe('getStats', () => {
    const STATS = statsUrl(API);
    const body = {
      totalPackagesCertified: 312,
      totalSubmissionsBenefitingFromCache: '1840',
      totalCostSavedUsd: 3620.5,
      codeSubmissionsWithPackages: null,
      coverage: {
        pypi: { top100: { tracked: 100, certified: 67, percent: 67 }, top500: { tracked: 500, certified: 'many' }, junk: 'x' },
        npm: { top100: { tracked: 100, certified: 41, percent: 41 } },
        __proto__: { top100: { tracked: 1 } },
        bogus: 7,
      },
    };

    it('reads tolerantly, keeps it briefly, and serves the last answer stale on failure', async () => {
      let answer = json(200, JSON.parse(JSON.stringify(body).replace('"bogus"', '"__proto__":{"top1":{"tracked":1}},"bogus"')));
      const http = new FakeHttp().on(STATS, () => answer);
      const { service, clock } = setup(http);
      const t0 = clock.time;
      const first = await service.getStats(API);
      assert.deepEqual(first, {
        ok: true,
        fetchedAt: t0,
        stale: false,
        stats: {
          totalPackagesCertified: 312,
          totalSubmissionsBenefitingFromCache: 1840,
          totalCostSavedUsd: 3620.5,
          coverage: { pypi: { top100: { tracked: 100, certified: 67, percent: 67 }, top500: { tracked: 500 } }, npm: { top100: { tracked: 100, certified: 41, percent: 41 } } },
        },
      });
      clock.time = t0 + 30_000;
      assert.equal((await service.getStats(API)).ok, true);
      assert.equal(http.calls.length, 1);
      clock.time = t0 + 61_000;
      answer = fail('timeout', 'no answer');
      const stale = await service.getStats(API);
      assert.equal(http.calls.length, 2);
      assert.ok(stale.ok && stale.stale && stale.fetchedAt === t0);
    });

    it('fails plainly without a previous answer, offline, or for a bad base', async () => {
      const { service } = setup(new FakeHttp().on(STATS, json(200, 'not an object')));
      assert.deepEqual(await service.getStats(API), { ok: false, message: 'registry statistics unavailable: the statistics answer is not a JSON object' });
      assert.deepEqual(await service.getStats(API, { offline: true }), { ok: false, message: 'registry statistics: not in cache (offline)' });
      assert.equal((await service.getStats('ftp://127.0.0.1/')).ok, false);
    });
  });
});
