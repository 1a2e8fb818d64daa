import assert from 'node:assert/strict';
import { createVersionSource } from '../../../server/src/service/resolve/versionSource';
import type { Fetched } from '../../../server/src/service/resolve/versionSource';
import { FakeClock, FakeHttp, MemoryCache } from '../../helpers/ports';
import { npmDoc, pypiDoc } from '../../helpers/answers';

const NPM = 'https://registry.example';
const LODASH = `${NPM}/lodash`;
const PYPI = 'https://pypi.example';
const TTL = 60 * 60_000;

function setup(ttl = TTL, cache = new MemoryCache()) {
  const http = new FakeHttp({ unmatched: 'not-found' });
  const clock = new FakeClock();
  let ttlMs = ttl;
  const source = createVersionSource({ http, cache, clock, ttlMs: () => ttlMs });
  return { http, cache, clock, source, setTtl: (ms: number) => (ttlMs = ms) };
}

function value<T>(fetched: Fetched<T>): { value: T; freshness: string; fetchedAt: number } {
  if ('error' in fetched) assert.fail(`unexpected error: ${fetched.error}`);
  return fetched;
}

describe('createVersionSource', () => {
  it('asks the npm registry for the abbreviated packument with a body limit', async () => {
    const { http, source } = setup();
    http.json(`${NPM}/@types%2fnode`, npmDoc('@types/node', { '20.0.0': undefined }, { latest: '20.0.0' }));
    const got = value(await source.npmPackument(`${NPM}/`, '@types/node'));
    assert.equal(got.freshness, 'live');
    assert.deepEqual([...got.value.versions.keys()], ['20.0.0']);
    assert.equal(http.calls.length, 1);
    assert.equal(http.calls[0].method, 'GET');
    assert.equal(http.calls[0].headers?.accept, 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8');
    assert.equal(http.calls[0].maxBytes, 20 * 1024 * 1024);
  });

  it('passes the abort signal on', async () => {
    const { http, source } = setup();
    const controller = new AbortController();
    await source.npmPackument(NPM, 'lodash', controller.signal);
    assert.equal(http.calls[0].signal, controller.signal);
  });

  it('asks PyPI at the JSON API of a "simple" index URL, for the normalised name', async () => {
    const { http, source } = setup();
    http.json('https://host/prefix/pypi/flask-sqlalchemy/json', pypiDoc('Flask-SQLAlchemy', { '3.1.1': [false] }));
    const got = value(await source.pypiProject('https://host/prefix/simple/', 'Flask_SQLAlchemy'));
    assert.deepEqual([...got.value.releases.keys()], ['3.1.1']);
    assert.equal(http.calls[0].url, 'https://host/prefix/pypi/flask-sqlalchemy/json');
  });

  it('never sends a request for a name that cannot be a path segment', async () => {
    const { http, source } = setup();
    const got = await source.npmPackument(NPM, '..');
    assert.deepEqual(got, { error: "'..' cannot be looked up: it is not a valid package name", networkFailure: false, cause: 'invalid' });
    assert.equal(http.calls.length, 0);
  });

  describe('cache', () => {
    it('keeps the small summarised form under versions/npm|url|name and serves it while fresh', async () => {
      const { http, cache, clock, source } = setup();
      const doc = npmDoc('lodash', { '4.17.20': undefined, '4.17.21': undefined }, { latest: '4.17.21' }) as Record<string, unknown>;
      http.json(LODASH, { ...doc, readme: 'r'.repeat(100_000), time: { '4.17.21': '2021-02-20' } });
      const first = value(await source.npmPackument(NPM, 'lodash'));
      assert.equal(first.fetchedAt, clock.time);

      const entry = cache.entries.get(`versions/npm|${NPM}|lodash`);
      assert.ok(entry);
      assert.equal(entry.storedAt, clock.time);
      assert.ok(JSON.stringify(entry.value).length < 1000, 'stores the summary, not the whole document');

      clock.time += TTL - 1;
      const second = value(await source.npmPackument(NPM, 'lodash'));
      assert.equal(second.freshness, 'cached');
      assert.equal(second.fetchedAt, first.fetchedAt);
      assert.deepEqual([...second.value.versions], [...first.value.versions]);
      assert.equal(second.value.distTags.latest, '4.17.21');
      assert.equal(http.calls.length, 1);
    });

    it('asks again once the entry is older than the TTL, read on every call', async () => {
      const { http, clock, source, setTtl } = setup();
      http.json(LODASH, npmDoc('lodash', { '1.0.0': undefined }, {}));
      await source.npmPackument(NPM, 'lodash');
      clock.time += TTL;
      assert.equal(value(await source.npmPackument(NPM, 'lodash')).freshness, 'live');
      assert.equal(http.calls.length, 2);
      clock.time += 1000;
      setTtl(500);
      assert.equal(value(await source.npmPackument(NPM, 'lodash')).freshness, 'live');
      assert.equal(http.calls.length, 3);
    });

    it('keys PyPI entries by JSON API base and normalised name, without credentials', async () => {
      const { http, cache, source } = setup();
      http.json('https://u:p@host/pypi/zope-interface/json', pypiDoc('zope.interface', { '6.0': [false] }));
      value(await source.pypiProject('https://u:p@host/simple', 'Zope.Interface'));
      assert.deepEqual([...cache.entries.keys()], ['versions/pypi|https://host|zope-interface']);
      assert.equal(http.calls[0].url, 'https://u:p@host/pypi/zope-interface/json');
    });

    it('round-trips a PyPI summary through a JSON cache: yanked flags and digests survive', async () => {
      const { http, source } = setup(TTL, new MemoryCache(true));
      http.json(`${PYPI}/pypi/demo/json`, pypiDoc('demo', { '1.0': [false, true], '1.1': [true], '1.2': [] }));
      const live = value(await source.pypiProject(PYPI, 'demo'));
      const cached = value(await source.pypiProject(PYPI, 'demo'));
      assert.equal(cached.freshness, 'cached');
      assert.deepEqual([...cached.value.releases], [...live.value.releases]);
      assert.equal(cached.value.releases.get('1.1')!.yanked, true);
      assert.equal(http.calls.length, 1);
    });

    it('round-trips an npm summary through a JSON cache: tags, deprecation and dist survive', async () => {
      const { http, source } = setup(TTL, new MemoryCache(true));
      http.json(LODASH, npmDoc('lodash', { '1.0.0': 'old', '2.0.0': undefined }, { latest: '2.0.0', constructor: '1.0.0' }));
      const live = value(await source.npmPackument(NPM, 'lodash'));
      const cached = value(await source.npmPackument(NPM, 'lodash'));
      assert.equal(cached.freshness, 'cached');
      assert.deepEqual([...cached.value.versions], [...live.value.versions]);
      assert.deepEqual({ ...cached.value.distTags }, { latest: '2.0.0', constructor: '1.0.0' });
      assert.equal(http.calls.length, 1);
    });

    it('refuses an entry stored in the future (beyond 5 minutes of clock skew): asked again, never fresh forever, never a stale stand-in', async () => {
      const { http, cache, clock, source } = setup();
      const stored = (await (async () => {
        http.json(LODASH, npmDoc('lodash', { '1.0.0': undefined }, { latest: '1.0.0' }));
        await source.npmPackument(NPM, 'lodash');
        return cache.entries.get(`versions/npm|${NPM}|lodash`)!;
      })());
      // A year ahead: with `now - storedAt < ttl` alone this entry would be fresh for a year and more.
      cache.set('versions', `npm|${NPM}|lodash`, { value: stored.value, storedAt: clock.time + 365 * 86_400_000 });
      const asked = value(await source.npmPackument(NPM, 'lodash'));
      assert.equal(asked.freshness, 'live');
      assert.equal(http.calls.length, 2);
      assert.equal(cache.entries.get(`versions/npm|${NPM}|lodash`)!.storedAt, clock.time, 'replaced by the answer');

      // Without the network, a future entry is no stand-in either: the lookup failed.
      cache.set('versions', `npm|${NPM}|lodash`, { value: stored.value, storedAt: clock.time + 6 * 60_000 });
      http.fail(LODASH, 'refused');
      assert.deepEqual(await source.npmPackument(NPM, 'lodash'), { error: 'the npm registry could not be reached: fake refused', networkFailure: true, cause: 'network' });

      // Within the allowed skew (another machine's clock a little ahead), the entry is used.
      cache.set('versions', `npm|${NPM}|lodash`, { value: stored.value, storedAt: clock.time + 4 * 60_000 });
      assert.equal(value(await source.npmPackument(NPM, 'lodash')).freshness, 'cached');
    });

    it('treats an unreadable cache entry as a miss', async () => {
      const { http, cache, clock, source } = setup();
      cache.set('versions', `npm|${NPM}|lodash`, { value: { garbage: true }, storedAt: clock.time });
      http.json(LODASH, npmDoc('lodash', { '1.0.0': undefined }, {}));
      assert.equal(value(await source.npmPackument(NPM, 'lodash')).freshness, 'live');
    });
  });

  describe('failures', () => {
    async function primedStale() {
      const s = setup();
      s.http.json(LODASH, npmDoc('lodash', { '1.0.0': undefined }, { latest: '1.0.0' }));
      await s.source.npmPackument(NPM, 'lodash');
      const storedAt = s.clock.time;
      s.clock.time += TTL + 1;
      return { ...s, storedAt };
    }

    it('a network failure serves the stale entry, marked stale with its fetch time', async () => {
      const { http, source, storedAt } = await primedStale();
      http.fail(LODASH, 'timeout');
      const got = value(await source.npmPackument(NPM, 'lodash'));
      assert.equal(got.freshness, 'stale');
      assert.equal(got.fetchedAt, storedAt);
      assert.deepEqual([...got.value.versions.keys()], ['1.0.0']);
    });

    it('a network failure without a cached entry is an error flagged as the network', async () => {
      const { http, source } = setup();
      http.fail(LODASH, 'refused');
      assert.deepEqual(await source.npmPackument(NPM, 'lodash'), { error: 'the npm registry could not be reached: fake refused', networkFailure: true, cause: 'network' });
    });

    it('a 5xx or an invalid answer keeps what was known, and is not a network failure', async () => {
      const { http, source } = await primedStale();
      http.fail(LODASH, 'http', 503);
      assert.equal(value(await source.npmPackument(NPM, 'lodash')).freshness, 'stale');
      http.json(LODASH, npmDoc('underscore', {}, {}));
      assert.equal(value(await source.npmPackument(NPM, 'lodash')).freshness, 'stale');

      const fresh = setup();
      fresh.http.fail(LODASH, 'http', 503);
      assert.deepEqual(await fresh.source.npmPackument(NPM, 'lodash'), { error: 'the npm registry failed: fake http', networkFailure: false, cause: 'failed' });
      fresh.http.json(LODASH, npmDoc('underscore', {}, {}));
      assert.deepEqual(await fresh.source.npmPackument(NPM, 'lodash'), {
        error: "the npm registry gave an invalid answer: the registry answered for 'underscore' instead of 'lodash'",
        networkFailure: false,
        cause: 'failed',
      });
      fresh.http.answers.set(LODASH, { ok: true, status: 500, json: undefined, headers: {} });
      assert.deepEqual(await fresh.source.npmPackument(NPM, 'lodash'), { error: 'the npm registry answered HTTP 500', networkFailure: false, cause: 'failed' });
    });

    it('404 is "not found on the registry", even with a stale entry', async () => {
      const { http, source } = await primedStale();
      http.answers.delete(LODASH);
      assert.deepEqual(await source.npmPackument(NPM, 'lodash'), { error: 'lodash was not found on the registry', networkFailure: false, cause: 'not-found' });
      assert.deepEqual(await source.pypiProject(PYPI, 'Nope'), { error: 'Nope was not found on the registry', networkFailure: false, cause: 'not-found' });
    });

    it('a cancelled lookup is neither stale data nor a network failure, and says it was cancelled', async () => {
      const { http, source } = await primedStale();
      http.fail(LODASH, 'aborted');
      assert.deepEqual(await source.npmPackument(NPM, 'lodash'), { error: 'the lookup was cancelled', networkFailure: false, cancelled: true, cause: 'cancelled' });
    });
  });

  describe('offline', () => {
    it('answers from the cache only, stale when old, and never asks the network', async () => {
      const { http, clock, source } = setup();
      http.json(LODASH, npmDoc('lodash', { '1.0.0': undefined }, {}));
      await source.npmPackument(NPM, 'lodash');
      clock.time += TTL * 10;
      assert.equal(value(await source.npmPackument(NPM, 'lodash', undefined, { offline: true })).freshness, 'stale');
      assert.deepEqual(await source.npmPackument(NPM, 'react', undefined, { offline: true }), {
        error: 'offline, and the versions of react are not in the cache',
        networkFailure: false,
        cause: 'offline-miss',
      });
      assert.equal(http.calls.length, 1);
    });
  });
});
