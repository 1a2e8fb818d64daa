import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LocalRegistry } from '../../registry/index';
import { send } from './http';
import { useFixtureRegistry } from './fixtureRegistry';

interface VersionDoc {
  name: string;
  version: string;
  deprecated?: string;
  description?: string;
  dist: { tarball: string; integrity: string; shasum: string };
}
interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, VersionDoc>;
  time?: Record<string, string>;
  modified?: string;
}

const ABBREVIATED = 'application/vnd.npm.install-v1+json';

describe('local registry: npm endpoints', () => {
  let registry: LocalRegistry;
  useFixtureRegistry((r) => (registry = r));

  describe('packument', () => {
    it('serves the full document by default, with dist-tags, deprecations and pre-releases', async () => {
      const res = await send(registry.url, '/express');
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const doc = res.json() as Packument;
      assert.deepEqual(doc['dist-tags'], { latest: '4.19.2', next: '5.0.0' });
      assert.deepEqual(Object.keys(doc.versions), ['4.17.1', '4.18.2', '4.19.2', '5.0.0-beta.1', '5.0.0']);
      assert.equal(doc.versions['4.19.2']?.description, 'Fast, unopinionated, minimalist web framework');
      assert.equal(doc.time?.['4.19.2'], '2024-03-25T19:31:39.000Z');
      const debug = (await send(registry.url, '/debug')).json() as Packument;
      assert.equal(debug.versions['4.3.5']?.deprecated, 'broken release, use 4.3.4');
      assert.equal(debug.versions['4.3.4']?.deprecated, undefined);
    });

    it('serves the abbreviated document for the install Accept header', async () => {
      const res = await send(registry.url, '/express', { headers: { accept: `${ABBREVIATED}; q=1.0, application/json; q=0.8, */*` } });
      assert.match(String(res.headers['content-type']), /^application\/vnd\.npm\.install-v1\+json/);
      const doc = res.json() as Packument;
      assert.equal(doc.time, undefined);
      assert.equal(doc.modified, '2024-09-10T03:14:07.000Z');
      assert.equal(doc.versions['4.19.2']?.description, undefined);
      assert.ok(doc.versions['4.19.2']?.dist.integrity.startsWith('sha512-'));
    });

    it('serves scoped packages with the slash encoded or literal', async () => {
      for (const path of ['/@types%2fnode', '/@types%2Fnode', '/@types/node']) {
        const res = await send(registry.url, path);
        assert.equal(res.status, 200, path);
        assert.equal((res.json() as Packument).name, '@types/node');
        assert.equal(registry.requests.at(-1)?.package, '@types/node');
      }
    });

    it('answers 404 for an unknown package', async () => {
      const res = await send(registry.url, '/no-such-package');
      assert.equal(res.status, 404);
      assert.deepEqual(res.json(), { error: 'Not found' });
    });
  });

  describe('tarball', () => {
    it('serves gzip bytes whose sha512 and sha1 match the packument', async () => {
      for (const name of ['lodash', '@types/node']) {
        const doc = (await send(registry.url, `/${name.replace('/', '%2f')}`)).json() as Packument;
        const version = doc['dist-tags'].latest ?? '';
        const dist = doc.versions[version]?.dist;
        assert.ok(dist);
        assert.ok(dist.tarball.startsWith(`${registry.url}/${name}/-/`));
        const res = await send(registry.url, new URL(dist.tarball).pathname);
        assert.equal(res.status, 200);
        assert.equal(res.headers['content-type'], 'application/octet-stream');
        assert.equal(dist.integrity, `sha512-${createHash('sha512').update(res.body).digest('base64')}`);
        assert.equal(dist.shasum, createHash('sha1').update(res.body).digest('hex'));
        const tar = gunzipSync(res.body);
        assert.equal(tar.subarray(0, 20).toString('utf8').replace(/\0+$/, ''), 'package/package.json');
        assert.equal(tar.subarray(257, 262).toString('ascii'), 'ustar');
        const logged = registry.requests.at(-1);
        assert.equal(logged?.endpoint, 'npmTarball');
        assert.equal(logged?.package, name);
        assert.equal(logged?.version, version);
      }
    });

    it('answers 404 for an unknown tarball', async () => {
      assert.equal((await send(registry.url, '/lodash/-/lodash-9.9.9.tgz')).status, 404);
    });
  });

  describe('bulk advisories', () => {
    const bulk = (body: unknown, gzip = false) =>
      send(registry.url, '/-/npm/v1/security/advisories/bulk', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
        body: gzip ? gzipSync(JSON.stringify(body)) : JSON.stringify(body),
      });

    it('answers only advisories whose range holds an asked version, keyed by name', async () => {
      const res = await bulk({ lodash: ['4.17.20'], minimist: ['1.2.5', '1.2.8'], express: ['4.19.2'], 'left-pad': ['1.3.0'] });
      assert.equal(res.status, 200);
      const answer = res.json() as Record<string, Array<{ id: number }>>;
      assert.deepEqual(Object.keys(answer).sort(), ['lodash', 'minimist']);
      assert.deepEqual(answer.lodash?.map((a) => a.id), [1099102, 1099103]);
      assert.deepEqual(answer.minimist?.map((a) => a.id), [1099201]);
    });

    it('matches pre-release versions against ranges', async () => {
      const answer = (await bulk({ express: ['5.0.0-beta.1', '5.0.0'] })).json() as Record<string, unknown[]>;
      assert.equal(answer.express?.length, 1);
    });

    it('accepts a gzip body and logs it decoded', async () => {
      const res = await bulk({ minimist: ['0.0.8'] }, true);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.json() as object), ['minimist']);
      const logged = registry.requests.at(-1);
      assert.equal(logged?.bodyWasGzip, true);
      assert.equal(logged?.body, '{"minimist":["0.0.8"]}');
      assert.equal(logged?.endpoint, 'npmBulk');
    });

    it('answers 400 for a body that is not gzip, not JSON or not the right shape', async () => {
      const notGzip = await send(registry.url, '/-/npm/v1/security/advisories/bulk', {
        method: 'POST',
        headers: { 'content-encoding': 'gzip' },
        body: '{"lodash":["4.17.20"]}',
      });
      assert.equal(notGzip.status, 400);
      assert.equal((await bulk('not an object')).status, 400);
      assert.equal((await bulk({ lodash: '4.17.20' })).status, 400);
      const notJson = await send(registry.url, '/-/npm/v1/security/advisories/bulk', { method: 'POST', body: '{' });
      assert.equal(notJson.status, 400);
    });

    it('answers an empty object when nothing matches', async () => {
      assert.deepEqual((await bulk({ express: ['4.19.2'], 'no-such': ['1.0.0'] })).json(), {});
    });
  });
});
