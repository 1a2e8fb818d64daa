import assert from 'node:assert/strict';
import { startRegistry } from '../../registry/index';
import type { LocalRegistry } from '../../registry/index';
import { getObject, send } from './http';
import { useFixtureRegistry } from './fixtureRegistry';

const CERT = '/api/v1/public/packages';

describe('local registry: SIGMA endpoints', () => {
  let registry: LocalRegistry;
  useFixtureRegistry((r) => (registry = r));

  describe('certificate', () => {
    it('answers an approved certificate with its verify URL on the registry origin', async () => {
      const { status, body } = await getObject(registry.url, `${CERT}/npm/express/4.19.2`);
      assert.equal(status, 200);
      assert.equal(body.packageName, 'express');
      assert.equal(body.councilVerdict, 'APPROVED');
      assert.deepEqual(body.registryAdvisories, []);
      assert.equal(body.verifyEndpoint, `${registry.url}${CERT}/npm/express/4.19.2/verify`);
    });

    it('answers 404 for a version that is not certified', async () => {
      const res = await send(registry.url, `${CERT}/npm/minimist/1.2.5`);
      assert.equal(res.status, 404);
      assert.equal((res.json() as { error: string }).error, 'not_found');
    });

    it('decodes a scoped name sent as one encoded segment and logs the raw path', async () => {
      const raw = `${CERT}/npm/%40types%2Fnode/20.11.30`;
      const { status, body } = await getObject(registry.url, raw);
      assert.equal(status, 200);
      assert.equal(body.packageName, '@types/node');
      const logged = registry.requests[0];
      assert.equal(logged?.rawPath, raw);
      assert.equal(logged?.endpoint, 'certificate');
      assert.equal(logged?.package, '@types/node');
      assert.equal(logged?.version, '20.11.30');
    });

    it('treats a literal slash as a segment boundary, not as part of the name', async () => {
      const res = await send(registry.url, `${CERT}/npm/@types/node/20.11.30`);
      assert.equal(res.status, 404);
      assert.equal(registry.requests[0]?.endpoint, 'unknown');
    });

    it('decodes exactly once: %2540 stays the text %40', async () => {
      const res = await send(registry.url, `${CERT}/npm/%2540types%252Fnode/20.11.30`);
      assert.equal(res.status, 404);
      assert.equal(registry.requests[0]?.package, '%40types%2Fnode');
    });

    it('decodes an encoded + in a local version', async () => {
      const { status, body } = await getObject(registry.url, `${CERT}/pypi/torch/2.2.1%2Bcpu`);
      assert.equal(status, 200);
      assert.equal(body.packageVersion, '2.2.1+cpu');
    });

    it('finds PyPI certificates by PEP 503 name and keeps the stored display name', async () => {
      const { status, body } = await getObject(registry.url, `${CERT}/pypi/Flask_SQLAlchemy/3.1.1`);
      assert.equal(status, 200);
      assert.equal(body.packageName, 'Flask-SQLAlchemy');
      assert.equal(registry.requests[0]?.package, 'Flask_SQLAlchemy');
    });

    it('does not resolve names through Object.prototype', async () => {
      assert.equal((await send(registry.url, `${CERT}/npm/__proto__/1.0.0`)).status, 404);
      assert.equal((await send(registry.url, '/constructor')).status, 404);
    });

    it('answers 400 for an unknown registry or malformed percent-encoding', async () => {
      assert.equal((await send(registry.url, `${CERT}/cargo/serde/1.0.0`)).status, 400);
      assert.equal((await send(registry.url, `${CERT}/npm/%E0%A4%A/1.0.0`)).status, 400);
    });

    it('serves the fixture that has no advisory snapshot without the advisory fields', async () => {
      const { body } = await getObject(registry.url, `${CERT}/npm/chalk/5.3.0`);
      assert.equal('registryAdvisories' in body, false);
    });
  });

  describe('verify', () => {
    it('nests integrity details for npm and adds unknown scalars', async () => {
      const { status, body } = await getObject(registry.url, `${CERT}/npm/express/4.19.2/verify`);
      assert.equal(status, 200);
      const integrity = body.integrity as Record<string, unknown>;
      assert.match(String(integrity.fileSetHash), /^[0-9a-f]{64}$/);
      assert.match(String(integrity.councilRoundId), /^round_/);
      assert.equal(body.reviewPolicyVersion, '2026.03');
      assert.equal(body.councilSize, 5);
    });

    it('puts integrity details at the top level for PyPI', async () => {
      const { body } = await getObject(registry.url, `${CERT}/pypi/requests/2.31.0/verify`);
      assert.match(String(body.fileSetSha256), /^[0-9a-f]{64}$/);
      assert.match(String(body.roundId), /^round_/);
      assert.equal(body.integrity, undefined);
    });

    it('uses the verify.json variant names where the fixture gives them', async () => {
      const { body } = await getObject(registry.url, `${CERT}/npm/lodash/4.17.20/verify`);
      assert.equal(body.councilRound, 'round_2026_02_b');
      assert.match(String(body.fileSetDigest), /^[0-9a-f]{64}$/);
    });

    it('keeps a stored snapshot and gives a structured summary', async () => {
      const { body } = await getObject(registry.url, `${CERT}/npm/lodash/4.17.20/verify`);
      assert.equal((body.registryAdvisories as unknown[]).length, 3);
      assert.equal(body.registryAdvisoryCount, 3);
      assert.equal(body.registryAdvisoryHighestSeverity, 'high');
      const summary = body.registryAdvisorySummary as Record<string, unknown>;
      assert.equal(summary.resolvedFrom, 'snapshot');
      assert.equal(summary.count, 3);
      assert.equal(typeof summary.text, 'string');
    });

    it('resolves advisories live from npm data when the certificate has no snapshot', async () => {
      const { body } = await getObject(registry.url, `${CERT}/npm/chalk/5.3.0/verify`);
      const rows = body.registryAdvisories as Array<Record<string, unknown>>;
      assert.deepEqual(rows.map((row) => row.id), [1099401]);
      assert.equal((body.registryAdvisorySummary as Record<string, unknown>).resolvedFrom, 'live');
      assert.equal(body.registryAdvisoryHighestSeverity, 'low');
    });

    it('resolves PyPI advisories live (none here) when the snapshot is null', async () => {
      const { body } = await getObject(registry.url, `${CERT}/pypi/flask-sqlalchemy/3.1.1/verify`);
      assert.deepEqual(body.registryAdvisories, []);
      assert.equal(body.registryAdvisoryCount, 0);
    });

    it('answers 404 for an uncertified version', async () => {
      assert.equal((await send(registry.url, `${CERT}/pypi/django/4.2.11/verify`)).status, 404);
    });
  });

  it('serves the stats snapshot', async () => {
    const { status, body } = await getObject(registry.url, `${CERT}/stats`);
    assert.equal(status, 200);
    assert.equal(body.totalPackagesCertified, 287);
    const coverage = body.coverage as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(coverage.npm ?? {}), ['top100', 'top1000']);
  });

  describe('package-preview', () => {
    const preview = (draft: string, headers: Record<string, string> = {}) =>
      send(registry.url, `/api/v1/sigma/dev/drafts/${draft}/package-preview`, { method: 'POST', headers });

    it('answers 401 with a Bearer challenge when the token is missing or not Bearer', async () => {
      const missing = await preview('draft_web_app_42');
      assert.equal(missing.status, 401);
      assert.equal(missing.headers['www-authenticate'], 'Bearer realm="sigma"');
      assert.equal((await preview('draft_web_app_42', { authorization: `Basic ${registry.token}` })).status, 401);
    });

    it('answers 403 for a wrong token', async () => {
      assert.equal((await preview('draft_web_app_42', { authorization: 'Bearer wrong' })).status, 403);
    });

    it('answers the draft for the right token, with every status kind', async () => {
      const res = await preview('draft_web_app_42', { authorization: `Bearer ${registry.token}` });
      assert.equal(res.status, 200);
      const body = res.json() as { enabled: boolean; items: Array<{ status: string; packageName: string }> };
      assert.equal(body.enabled, true);
      assert.deepEqual(
        [...new Set(body.items.map((item) => item.status))].sort(),
        ['CERTIFIED', 'QUEUED_FOR_COUNCIL', 'REJECTED', 'TO_AUDIT', 'UNCERTIFIED'],
      );
      assert.ok(body.items.some((item) => item.packageName === '<img src=x onerror=alert(1)>'));
    });

    it('answers enabled: false for the disabled draft and 404 for an unknown one', async () => {
      const disabled = await preview('draft_disabled', { authorization: `Bearer ${registry.token}` });
      assert.deepEqual(disabled.json(), { enabled: false });
      assert.equal((await preview('no_such_draft', { authorization: `Bearer ${registry.token}` })).status, 404);
    });

    it('accepts a token given at start', async () => {
      const own = await startRegistry({ token: 'fixed-token' });
      try {
        assert.equal(own.token, 'fixed-token');
        const res = await send(own.url, '/api/v1/sigma/dev/drafts/draft_disabled/package-preview', {
          method: 'POST',
          headers: { authorization: 'Bearer fixed-token' },
        });
        assert.equal(res.status, 200);
      } finally {
        await own.close();
      }
    });
  });

  it('answers 404 on unknown paths and logs them as unknown', async () => {
    const res = await send(registry.url, '/api/v2/nothing/here');
    assert.equal(res.status, 404);
    assert.equal(registry.requests[0]?.endpoint, 'unknown');
  });

  it('reflects changes to registry.data on the next request', async () => {
    registry.data.certificates['npm/brand-new/0.0.1'] = { registrySource: 'npm', packageName: 'brand-new', packageVersion: '0.0.1', councilVerdict: 'APPROVED' };
    const { status, body } = await getObject(registry.url, `${CERT}/npm/brand-new/0.0.1`);
    assert.equal(status, 200);
    assert.equal(body.councilVerdict, 'APPROVED');
  });
});
