import assert from 'node:assert/strict';
import type { Dependency, LockedPackage, ParsedLockfile } from '../../../server/src/service/model';
import { createResolver } from '../../../server/src/service/resolve/resolver';
import type { ResolveContext } from '../../../server/src/service/resolve/resolver';
import { createVersionSource } from '../../../server/src/service/resolve/versionSource';
import { FakeClock, FakeHttp, MemoryCache } from '../../helpers/ports';
import { npmDoc, pypiDoc } from '../../helpers/answers';

const NPM = 'https://registry.example';
const PYPI = 'https://pypi.example';
const settings = { resolveRanges: true, npmRegistryUrl: NPM, pypiUrl: PYPI };
const TTL = 60_000;

function setup() {
  const http = new FakeHttp({ unmatched: 'not-found' });
  const clock = new FakeClock();
  const resolver = createResolver({ versions: createVersionSource({ http, cache: new MemoryCache(), clock, ttlMs: () => TTL }) });
  return { http, clock, resolver };
}

function dep(registry: 'npm' | 'pypi', name: string, constraint: string, kind: Dependency['kind'], extra: Partial<Dependency> = {}): Dependency {
  return {
    registry,
    name,
    normalizedName: name,
    specifier: constraint,
    kind,
    constraint,
    section: registry === 'npm' ? 'dependencies' : 'requirements',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    ...extra,
  };
}

function lockfile(kind: ParsedLockfile['kind'], entries: Record<string, LockedPackage>): ParsedLockfile {
  return { kind, packages: new Map(Object.entries(entries)), errors: [] };
}

const ctx = (extra: Partial<ResolveContext> = {}): ResolveContext => ({ settings, ...extra });

describe('createResolver', () => {
  describe('the lockfile pins first', () => {
    const lock = lockfile('package-lock.json', {
      lodash: { registry: 'npm', name: 'lodash', version: '4.17.20', hashes: [], integrity: 'sha512-abc', resolved: `${NPM}/lodash/-/lodash-4.17.20.tgz` },
    });

    it('even over an exact pin in the manifest, with its integrity and tarball', async () => {
      const { http, resolver } = setup();
      const got = await resolver.resolve(dep('npm', 'lodash', '4.17.21', 'exact'), ctx({ lockfile: lock }));
      assert.deepEqual(got, {
        version: '4.17.20',
        resolvedFrom: 'lockfile',
        hashes: [],
        integrity: 'sha512-abc',
        tarballUrl: `${NPM}/lodash/-/lodash-4.17.20.tgz`,
      });
      assert.equal(http.calls.length, 0);
    });

    it('even when its version is outside the manifest range (that is what the user has installed)', async () => {
      const { resolver } = setup();
      const got = await resolver.resolve(dep('npm', 'lodash', '^5.0.0', 'range'), ctx({ lockfile: lock }));
      assert.equal(got.version, '4.17.20');
      assert.equal(got.resolvedFrom, 'lockfile');
    });

    it('with the hashes of a Python lockfile, looked up by normalised name', async () => {
      const { resolver } = setup();
      const poetry = lockfile('poetry.lock', { 'flask-sqlalchemy': { registry: 'pypi', name: 'flask-sqlalchemy', version: '3.1.1', hashes: ['a'.repeat(64)] } });
      const got = await resolver.resolve(dep('pypi', 'Flask_SQLAlchemy', '>=3.0', 'range', { normalizedName: 'flask-sqlalchemy' }), ctx({ lockfile: poetry }));
      assert.deepEqual(got, { version: '3.1.1', resolvedFrom: 'lockfile', hashes: ['a'.repeat(64)] });
    });

    describe('npm aliases: keyed by the alias', () => {
      const alias = dep('npm', 'my-lodash', '^4.0.0', 'range', { normalizedName: 'lodash', specifier: 'npm:lodash@^4.0.0' });

      it('finds the pin under the alias key', async () => {
        const { resolver } = setup();
        const lockAlias = lockfile('package-lock.json', { 'my-lodash': { registry: 'npm', name: 'lodash', version: '4.17.15', hashes: [] } });
        assert.equal((await resolver.resolve(alias, ctx({ lockfile: lockAlias }))).version, '4.17.15');
      });

      it('ignores an entry under the target name, and one for another package under the alias key: the lockfile is out of date', async () => {
        const { http, resolver } = setup();
        const byTarget = lockfile('package-lock.json', { lodash: { registry: 'npm', name: 'lodash', version: '4.0.0', hashes: [] } });
        const retargeted = lockfile('package-lock.json', { 'my-lodash': { registry: 'npm', name: 'underscore', version: '1.13.0', hashes: [] } });
        for (const lock of [byTarget, retargeted]) {
          const got = await resolver.resolve(alias, ctx({ lockfile: lock }));
          assert.deepEqual([got.version, got.cause], [null, 'not-in-lockfile']);
          assert.match(got.reason ?? '', /^package-lock\.json has no entry for it, so it is older than this file: run `npm install` to update it/);
        }
        assert.equal(http.calls.length, 0, 'no guess from the registry');
      });
    });
  });

  describe('exact pins', () => {
    it('npm: the pinned version, in the form the registry lists it, without the network', async () => {
      const { http, resolver } = setup();
      assert.deepEqual(await resolver.resolve(dep('npm', 'a', 'v1.2.3', 'exact'), ctx()), { version: '1.2.3', resolvedFrom: 'exact', hashes: [] });
      assert.equal(http.calls.length, 0);
    });

    it('PyPI ==: the release pip installs from the index (zero padding), with the hashes written next to it', async () => {
      const { http, clock, resolver } = setup();
      http.json(`${PYPI}/pypi/requests/json`, pypiDoc('requests', { '2.28.2': [false], '2.31.0': [false], '2.32.0': [false] }));
      const hashes = ['b'.repeat(64)];
      assert.deepEqual(await resolver.resolve(dep('pypi', 'requests', '2.31', 'exact', { specifier: '==2.31', hashes }), ctx()), {
        version: '2.31.0',
        resolvedFrom: 'exact',
        hashes,
        fetchedAt: clock.time,
      });
    });

    it('PyPI ==: a local build the index lists is what pip installs (==2.2.1 → 2.2.1+cpu); a written local label is kept', async () => {
      const { http, resolver } = setup();
      http.json(`${PYPI}/pypi/torch/json`, pypiDoc('torch', { '2.2.1': [false], '2.2.1+cpu': [false], '2.3.0rc1': [false] }));
      assert.equal((await resolver.resolve(dep('pypi', 'torch', '2.2.1', 'exact', { specifier: '==2.2.1' }), ctx())).version, '2.2.1+cpu');
      assert.equal((await resolver.resolve(dep('pypi', 'torch', '2.2.1+cpu', 'exact', { specifier: '==2.2.1+cpu' }), ctx())).version, '2.2.1+cpu');
      assert.equal((await resolver.resolve(dep('pypi', 'torch', '1.0.0RC1', 'exact', { specifier: '==1.0.0RC1' }), ctx())).version, null, 'a release the index does not list is not guessed');
    });

    it('PyPI ===: the string as written, without the network', async () => {
      const { http, resolver } = setup();
      assert.equal((await resolver.resolve(dep('pypi', 'a', '1.0.0RC1', 'exact', { specifier: '===1.0.0RC1' }), ctx())).version, '1.0.0RC1');
      assert.equal(http.calls.length, 0);
    });

    it('PyPI ==: when the index cannot be asked, unresolved and saying so, never the written text', async () => {
      const { http, resolver } = setup();
      http.fail(`${PYPI}/pypi/requests/json`, 'dns');
      const failed = await resolver.resolve(dep('pypi', 'requests', '2.31', 'exact', { specifier: '==2.31' }), ctx());
      assert.equal(failed.version, null);
      assert.equal(failed.networkFailure, true);
      assert.match(failed.reason ?? '', /^which release '==2\.31' installs could not be asked of the index — /);
      const offline = await resolver.resolve(dep('pypi', 'requests', '2.31', 'exact', { specifier: '==2.31' }), ctx({ offline: true }));
      assert.equal(offline.version, null);
      assert.match(offline.reason ?? '', /could not be asked of the index — offline/);
    });
  });

  describe('ranges from the registry', () => {
    it("npm: npm's pick, with no hashes", async () => {
      const { http, clock, resolver } = setup();
      http.json(`${NPM}/left-pad`, npmDoc('left-pad', { '1.0.0': undefined, '1.3.0': undefined, '2.0.0': undefined }, { latest: '1.3.0', next: '2.0.0' }));
      assert.deepEqual(await resolver.resolve(dep('npm', 'left-pad', '^1.0.0', 'range'), ctx()), { version: '1.3.0', resolvedFrom: 'registry', hashes: [], fetchedAt: clock.time });
      assert.equal((await resolver.resolve(dep('npm', 'left-pad', 'next', 'tag'), ctx())).version, '2.0.0');
      assert.equal(http.calls.length, 1, 'the second lookup is served from the cache');
    });

    it("PyPI: pip's pick, from the requirement's own index, with --pre", async () => {
      const { http, resolver } = setup();
      http.json('https://mirror.example/pypi/demo/json', pypiDoc('demo', { '1.0': [false], '1.1b1': [false] }));
      const d = dep('pypi', 'demo', '>=1.0', 'range', { indexUrl: 'https://mirror.example/simple/' });
      assert.equal((await resolver.resolve(d, ctx())).version, '1.0');
      assert.equal((await resolver.resolve(d, ctx({ allowPrereleases: true }))).version, '1.1b1');
    });

    it('names the constraint when nothing satisfies it', async () => {
      const { http, clock, resolver } = setup();
      http.json(`${PYPI}/pypi/demo/json`, pypiDoc('demo', { '1.0': [false] }));
      assert.deepEqual(await resolver.resolve(dep('pypi', 'demo', '>=2', 'range'), ctx()), {
        version: null,
        resolvedFrom: null,
        reason: "no release of demo satisfies '>=2'",
        cause: 'no-match',
        hashes: [],
        fetchedAt: clock.time,
      });
    });

    it('a package missing from the registry is unresolved, not a network failure', async () => {
      const { resolver } = setup();
      assert.deepEqual(await resolver.resolve(dep('npm', 'no-such-pkg', '^1.0.0', 'range'), ctx()), {
        version: null,
        resolvedFrom: null,
        reason: 'no-such-pkg was not found on the registry',
        cause: 'not-found',
        hashes: [],
      });
    });

    it('a network failure says so; stale data is used and marked', async () => {
      const { http, clock, resolver } = setup();
      const d = dep('npm', 'left-pad', '^1.0.0', 'range');
      http.fail(`${NPM}/left-pad`, 'dns');
      const failed = await resolver.resolve(d, ctx());
      assert.equal(failed.version, null);
      assert.equal(failed.networkFailure, true);
      assert.equal(failed.cause, 'network');

      http.json(`${NPM}/left-pad`, npmDoc('left-pad', { '1.3.0': undefined }, { latest: '1.3.0' }));
      await resolver.resolve(d, ctx());
      const fetchedAt = clock.time;
      clock.time += TTL;
      http.fail(`${NPM}/left-pad`, 'reset');
      assert.deepEqual(await resolver.resolve(d, ctx()), { version: '1.3.0', resolvedFrom: 'registry', hashes: [], stale: true, fetchedAt });
    });

    it('offline uses the cache only', async () => {
      const { http, resolver } = setup();
      const got = await resolver.resolve(dep('npm', 'left-pad', '^1.0.0', 'range'), ctx({ offline: true }));
      assert.equal(got.version, null);
      assert.equal(got.networkFailure, undefined);
      assert.equal(got.cause, 'offline-miss', 'an offline miss is told apart from the user\'s own choices, as data');
      assert.equal(http.calls.length, 0);
    });

    it('with sigma.resolveRanges off, a range stays unresolved and nothing is fetched', async () => {
      const { http, resolver } = setup();
      const got = await resolver.resolve(dep('npm', 'left-pad', '^1.0.0', 'range'), { settings: { ...settings, resolveRanges: false } });
      assert.deepEqual(got, {
        version: null,
        resolvedFrom: null,
        reason: "'^1.0.0' is not an exact version and range lookup is off (sigma.resolveRanges); pin a version or add a lockfile",
        cause: 'ranges-off',
        hashes: [],
      });
      assert.equal(http.calls.length, 0);
    });
  });

  it('skipped and invalid dependencies are unresolved with their reason', async () => {
    const { http, resolver } = setup();
    const git = dep('npm', 'x', 'github:a/b', 'git', { skipReason: 'a git dependency is not in the registry' });
    assert.deepEqual(await resolver.resolve(git, ctx()), { version: null, resolvedFrom: null, reason: 'a git dependency is not in the registry', cause: 'not-registry', hashes: [] });
    assert.equal((await resolver.resolve(dep('pypi', 'x', '>=>1', 'invalid'), ctx())).reason, "'>=>1' is not a registry version (invalid)");
    assert.equal(http.calls.length, 0);
  });
});
