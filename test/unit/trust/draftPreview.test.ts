import assert from 'node:assert/strict';
import type { HttpResult } from '../../../server/src/service/ports';
import { fetchDraftPreview, readDraftPreview } from '../../../shared/src/preview';
import { FakeHttp, fail, json } from '../../helpers/ports';

const API = 'http://127.0.0.1:8123';
const TOKEN = 'sgm_dev_5f1e0c2a9b7d4e3f8a6c1b0d';
const PREVIEW_URL = `${API}/api/v1/sigma/dev/drafts/draft-42/package-preview`;

const SEED_ANSWER = {
  enabled: true,
  packagesTotal: 8,
  packagesCertifiedFromCache: 6,
  packagesToAudit: 1,
  packagesRejected: 0,
  packagesUncertified: 1,
  transitiveDependenciesChecked: 14,
  transitiveDependenciesUncertified: 3,
  savingsUsd: 14.0,
  uncachedCostUsd: 4.0,
  items: [
    {
      packageName: 'requests',
      packageVersion: '2.31.0',
      registrySource: 'pypi',
      dependencyType: 'DIRECT',
      cached: true,
      status: 'CERTIFIED',
      estimatedComplexityTier: 'standard',
      estimatedPriceUsd: 0,
      warnings: [],
    },
  ],
};

/** Everything the request carries except the authorization header, as text. */
function requestWithoutAuthorization(http: FakeHttp): string {
  return JSON.stringify(
    http.calls.map(({ signal: _signal, headers, ...rest }) => ({ ...rest, headers: Object.fromEntries(Object.entries(headers ?? {}).filter(([key]) => key !== 'authorization')) })),
  );
}

async function preview(answer: HttpResult, apiUrl = API, draftId = 'draft-42') {
  const http = new FakeHttp().on(() => true, answer);
  const result = await fetchDraftPreview(http, apiUrl, draftId, TOKEN);
  return { http, result };
}

describe('fetchDraftPreview', () => {
  it('POSTs with the bearer token in the authorization header only, and reads the example answer', async () => {
    const { http, result } = await preview(json(200, SEED_ANSWER));
    assert.equal(http.calls.length, 1);
    const [call] = http.calls;
    assert.equal(call.method, 'POST');
    assert.equal(call.url, PREVIEW_URL);
    assert.equal(call.headers?.authorization, `Bearer ${TOKEN}`);
    assert.ok(!requestWithoutAuthorization(http).includes(TOKEN));
    assert.deepEqual(result, { ok: true, preview: SEED_ANSWER });
  });

  it('encodes the draft id as one segment', async () => {
    const { http } = await preview(json(200, SEED_ANSWER), API, '../../public/packages/stats?x#y');
    assert.equal(http.calls[0].url, `${API}/api/v1/sigma/dev/drafts/..%2F..%2Fpublic%2Fpackages%2Fstats%3Fx%23y/package-preview`);
  });

  const KINDS: Array<[string, HttpResult, string, RegExp]> = [
    ['enabled: false', json(200, { enabled: false }), 'disabled', /not enabled for this account/],
    ['401', json(401, undefined), 'unauthorized', /refused \(HTTP 401\).*renew/],
    ['403', json(403, undefined), 'unauthorized', /refused \(HTTP 403\)/],
    ['401 as a failure', fail('http', 'HTTP 401', 401), 'unauthorized', /HTTP 401/],
    ['404', json(404, undefined), 'not-found', /No draft "draft-42"/],
    ['timeout', fail('timeout', 'no answer within 10000 ms'), 'network', /no answer within 10000 ms/],
    ['503', fail('http', 'HTTP 503 after retries', 503), 'network', /HTTP 503/],
    ['500 answered', json(500, undefined), 'network', /HTTP 500/],
    ['invalid JSON', fail('invalid-json', 'the answer is not JSON'), 'invalid', /could not be read/],
    ['too large', fail('too-large', 'answer too large'), 'invalid', /could not be read/],
    ['a non-object', json(200, ['x']), 'invalid', /not a JSON object/],
    ['refused by the port policy', fail('insecure', 'plain HTTP to a remote host is refused'), 'insecure', /plain HTTP/],
  ];
  for (const [label, answer, kind, message] of KINDS) {
    it(`${label} → ${kind}`, async () => {
      const { result } = await preview(answer);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.kind, kind);
      assert.match(result.message, message);
      assert.ok(!result.message.includes(TOKEN));
    });
  }

  it('scrubs the token from a failure message that echoes it', async () => {
    const { result } = await preview(fail('other', `proxy said: bad header "Bearer ${TOKEN}"`));
    assert.ok(!result.ok && result.kind === 'network');
    assert.ok(!result.ok && !result.message.includes(TOKEN) && result.message.includes('[token]'));
  });

  it('refuses plain HTTP to a remote host without sending anything; allows loopback', async () => {
    const { http, result } = await preview(json(200, SEED_ANSWER), 'http://sigma.example.test');
    assert.equal(http.calls.length, 0);
    assert.ok(!result.ok && result.kind === 'insecure');
    for (const loopback of ['http://localhost:9', 'http://[::1]:9', 'http://127.0.0.2:9']) {
      assert.equal((await preview(json(200, SEED_ANSWER), loopback)).result.ok, true, loopback);
    }
  });

  it('refuses without a request when the token is empty or could split the header, or the draft id is unusable', async () => {
    const http = new FakeHttp();
    for (const [token, draftId, kind] of [
      ['', 'd', 'unauthorized'],
      ['   ', 'd', 'unauthorized'],
      [`${TOKEN}\r\nx-evil: 1`, 'd', 'unauthorized'],
      [TOKEN, '..', 'invalid'],
      [TOKEN, '', 'invalid'],
    ] as const) {
      const result = await fetchDraftPreview(http, API, draftId, token);
      assert.ok(!result.ok && result.kind === kind, `${JSON.stringify(token)} ${draftId}`);
      assert.ok(!result.ok && !result.message.includes(TOKEN));
    }
    assert.equal((await fetchDraftPreview(http, 'not a url', 'd', TOKEN)).ok, false);
    assert.equal(http.calls.length, 0);
  });
});

describe('readDraftPreview', () => {
  it('reads unknown statuses verbatim, warnings of any shape, numeric strings, and keeps incomplete items', () => {
    const read = readDraftPreview({
      savingsUsd: '14.00',
      packagesTotal: 'eight',
      items: [
        { packageName: 'a', packageVersion: '1.0.0', registrySource: 'npm', status: 'TO_AUDIT', warnings: ['w1', { code: 'BIG', message: 'large package' }], estimatedPriceUsd: '4.5', cached: 'yes' },
        { packageName: 'b', status: 'QUARANTINED_NEW_STATUS', warnings: 'single warning' },
        {},
        'junk',
      ],
    });
    assert.deepEqual(read, {
      enabled: true,
      savingsUsd: 14,
      items: [
        { packageName: 'a', packageVersion: '1.0.0', registrySource: 'npm', status: 'TO_AUDIT', warnings: ['w1', 'BIG: large package'], estimatedPriceUsd: 4.5 },
        { packageName: 'b', packageVersion: '', registrySource: '', status: 'QUARANTINED_NEW_STATUS', warnings: ['single warning'] },
        { packageName: '', packageVersion: '', registrySource: '', status: 'UNKNOWN', warnings: [] },
      ],
    });
  });

  it('caps a huge item list and counts the rest', () => {
    const read = readDraftPreview({ items: Array.from({ length: 2500 }, (_, i) => ({ packageName: `p${i}`, status: 'CERTIFIED' })) });
    assert.equal(read?.items.length, 2000);
    assert.equal(read?.omittedItems, 500);
  });

  it('is undefined for non-objects', () => {
    for (const value of [null, [], 'x', 1]) assert.equal(readDraftPreview(value), undefined);
  });
});
