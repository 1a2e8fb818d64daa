import assert from 'node:assert/strict';
import { pickNpmVersion, readNpmPackument } from '../../../server/src/service/resolve/npmVersionPicker';
import type { NpmPackumentSummary } from '../../../server/src/service/resolve/npmVersionPicker';
import { npmDoc } from '../../helpers/answers';

function packument(versions: Record<string, string | undefined>, distTags: Record<string, string>): NpmPackumentSummary {
  const read = readNpmPackument(npmDoc('pkg', versions, distTags), 'pkg');
  if ('invalid' in read) throw new Error(read.invalid);
  return read;
}

const ok = undefined;

describe('pickNpmVersion', () => {
  describe('the latest dist-tag', () => {
    it('wins when it satisfies the range, even behind the newest version', () => {
      const p = packument({ '1.0.0': ok, '1.1.0': ok, '1.2.0': ok }, { latest: '1.1.0' });
      assert.deepEqual(pickNpmVersion(p, '^1.0.0', 'range'), { version: '1.1.0' });
    });

    it('is skipped when it does not satisfy the range: the newest satisfying version wins', () => {
      const p = packument({ '1.9.0': ok, '2.0.0': ok, '2.1.0': ok, '3.0.0': ok }, { latest: '1.9.0' });
      assert.deepEqual(pickNpmVersion(p, '^2.0.0', 'range'), { version: '2.1.0' });
    });

    it('is skipped when deprecated: the newest non-deprecated satisfying version wins', () => {
      const p = packument({ '1.0.0': ok, '1.1.0': ok, '1.2.0': 'broken', '1.3.0': 'broken too' }, { latest: '1.2.0' });
      assert.deepEqual(pickNpmVersion(p, '^1.0.0', 'range'), { version: '1.1.0' });
    });

    it('an empty deprecation message means un-deprecated', () => {
      const p = packument({ '1.0.0': ok, '1.1.0': '' }, { latest: '1.1.0' });
      assert.deepEqual(pickNpmVersion(p, '^1.0.0', 'range'), { version: '1.1.0' });
    });
  });

  it('falls back to the newest satisfying version when every candidate is deprecated', () => {
    const p = packument({ '1.0.0': 'old', '1.1.0': 'old', '2.0.0': ok }, { latest: '2.0.0' });
    assert.deepEqual(pickNpmVersion(p, '~1.0.0 || ~1.1.0', 'range'), { version: '1.1.0' });
  });

  describe('pre-releases (node-semver, includePrerelease false)', () => {
    const versions = { '0.9.0': ok, '1.0.0-beta.1': ok, '1.0.0-beta.3': ok, '1.1.0-rc.1': ok };

    it('^1.0.0-beta.1 admits pre-releases of 1.0.0 only, so 1.0.0-beta.3 beats 1.1.0-rc.1', () => {
      const p = packument(versions, { latest: '0.9.0' });
      assert.deepEqual(pickNpmVersion(p, '^1.0.0-beta.1', 'range'), { version: '1.0.0-beta.3' });
    });

    it('a final release in the range beats every pre-release (and never picks 1.1.0-rc.1)', () => {
      const p = packument({ ...versions, '1.0.0': ok, '1.0.1': ok }, { latest: '0.9.0' });
      assert.deepEqual(pickNpmVersion(p, '^1.0.0-beta.1', 'range'), { version: '1.0.1' });
    });

    it('a range without a pre-release never picks one', () => {
      const p = packument({ '1.0.0': ok, '1.1.0-rc.1': ok, '2.0.0-alpha.0': ok }, { latest: '1.0.0' });
      assert.deepEqual(pickNpmVersion(p, '>=1.0.0', 'range'), { version: '1.0.0' });
      const only = packument({ '1.1.0-rc.1': ok }, {});
      assert.deepEqual(pickNpmVersion(only, '^1.0.0', 'range'), { version: null, reason: "no version of pkg satisfies '^1.0.0'" });
    });
  });

  describe('"any version"', () => {
    const p = packument({ '1.0.0': ok, '1.5.0': ok, '2.0.0-beta.1': ok }, { latest: '2.0.0-beta.1' });

    it("'*' and '' take latest as is, even a pre-release (npm-pick-manifest compares the range to '*' literally)", () => {
      assert.deepEqual(pickNpmVersion(p, '*', 'range'), { version: '2.0.0-beta.1' });
      assert.deepEqual(pickNpmVersion(p, '', 'range'), { version: '2.0.0-beta.1' });
    });

    it("'x' is an ordinary range to npm: a pre-release latest fails it", () => {
      assert.deepEqual(pickNpmVersion(p, 'x', 'range'), { version: '1.5.0' });
    });

    it('without a latest tag, the newest final version', () => {
      const untagged = packument({ '1.0.0': ok, '1.5.0': ok, '2.0.0-beta.1': ok }, {});
      assert.deepEqual(pickNpmVersion(untagged, '*', 'range'), { version: '1.5.0' });
    });
  });

  describe('0.x carets', () => {
    const p = packument({ '0.0.3': ok, '0.0.4': ok, '0.0.9': ok, '0.1.0': ok, '0.2.3': ok, '0.2.9': ok, '0.3.0': ok }, { latest: '0.3.0' });

    it('^0.0.3 is exactly 0.0.3', () => {
      assert.deepEqual(pickNpmVersion(p, '^0.0.3', 'range'), { version: '0.0.3' });
    });

    it('^0.0.x and ^0.0 stay below 0.1.0', () => {
      assert.deepEqual(pickNpmVersion(p, '^0.0.x', 'range'), { version: '0.0.9' });
      assert.deepEqual(pickNpmVersion(p, '^0.0', 'range'), { version: '0.0.9' });
    });

    it('^0.2.3 stays below 0.3.0', () => {
      assert.deepEqual(pickNpmVersion(p, '^0.2.3', 'range'), { version: '0.2.9' });
    });
  });

  describe('dist-tags as the spec', () => {
    const p = packument({ '1.0.0': ok, '2.0.0-rc.1': 'do not use' }, { latest: '1.0.0', next: '2.0.0-rc.1', gone: '9.9.9' });

    it("means that tag's version, pre-release and deprecated or not", () => {
      assert.deepEqual(pickNpmVersion(p, 'next', 'tag'), { version: '2.0.0-rc.1' });
      assert.deepEqual(pickNpmVersion(p, 'latest', 'tag'), { version: '1.0.0' });
    });

    it('an unknown tag, or one inherited from Object.prototype, is no version', () => {
      assert.deepEqual(pickNpmVersion(p, 'beta', 'tag'), { version: null, reason: "pkg has no dist-tag 'beta'" });
      assert.deepEqual(pickNpmVersion(p, 'constructor', 'tag'), { version: null, reason: "pkg has no dist-tag 'constructor'" });
    });

    it('a tag pointing outside the version list is no version', () => {
      const pick = pickNpmVersion(p, 'gone', 'tag');
      assert.equal(pick.version, null);
    });
  });

  it('an exact version must be published (v/= prefixes cleaned)', () => {
    const p = packument({ '1.2.3': ok }, { latest: '1.2.3' });
    assert.deepEqual(pickNpmVersion(p, 'v1.2.3', 'exact'), { version: '1.2.3' });
    assert.deepEqual(pickNpmVersion(p, '1.2.4', 'exact'), { version: null, reason: 'pkg@1.2.4 is not published on the registry' });
  });

  it('names the constraint when nothing satisfies it, and refuses invalid ranges', () => {
    const p = packument({ '1.0.0': ok }, { latest: '1.0.0' });
    assert.deepEqual(pickNpmVersion(p, '^9.0.0', 'range'), { version: null, reason: "no version of pkg satisfies '^9.0.0'" });
    assert.deepEqual(pickNpmVersion(p, '>=>1', 'range'), { version: null, reason: "'>=>1' is not a valid semver range" });
    assert.deepEqual(pickNpmVersion(packument({}, {}), '^1.0.0', 'range'), { version: null, reason: 'pkg has no published versions' });
  });
});

describe('readNpmPackument', () => {
  it('reads an abbreviated packument: dist-tags, deprecation, dist', () => {
    const read = readNpmPackument(npmDoc('@scope/pkg', { '1.0.0': 'gone', '1.1.0': undefined }, { latest: '1.1.0' }), '@scope/pkg');
    assert.ok(!('invalid' in read));
    assert.equal(read.name, '@scope/pkg');
    assert.equal(read.distTags.latest, '1.1.0');
    assert.deepEqual(read.versions.get('1.0.0'), {
      deprecated: 'gone',
      integrity: 'sha512-1.0.0',
      shasum: 'abc',
      tarball: 'https://registry.example/@scope/pkg/-/@scope/pkg-1.0.0.tgz',
    });
    assert.equal(read.versions.get('1.1.0')?.deprecated, undefined);
  });

  it('reads a full document and skips what npm could not install', () => {
    const doc = {
      _id: 'pkg',
      name: 'pkg',
      readme: 'x'.repeat(1000),
      time: { '1.0.0': '2020-01-01' },
      'dist-tags': { latest: '1.0.0', odd: 42, bad: 'not-a-version' },
      versions: { '1.0.0': { dist: 'not an object' }, 'v2.0.0': {}, '3.0.0': 'not an object', '01.0.0': {} },
    };
    const read = readNpmPackument(doc, 'pkg');
    assert.ok(!('invalid' in read));
    assert.deepEqual([...read.versions.keys()], ['1.0.0']);
    assert.deepEqual({ ...read.distTags }, { latest: '1.0.0' });
    assert.equal(Object.getPrototypeOf(read.distTags), null);
  });

  it('treats a package without versions (all unpublished) as an empty list', () => {
    const read = readNpmPackument({ name: 'pkg', time: { unpublished: {} } }, 'pkg');
    assert.ok(!('invalid' in read));
    assert.equal(read.versions.size, 0);
  });

  it('refuses hostile or foreign documents', () => {
    const invalid = (json: unknown, name = 'pkg'): string => {
      const read = readNpmPackument(json, name);
      assert.ok('invalid' in read, JSON.stringify(json));
      return read.invalid;
    };
    invalid(null);
    invalid([]);
    invalid('pkg');
    invalid({ name: 'pkg', versions: [] });
    invalid({ name: 'pkg', versions: {}, 'dist-tags': 'latest' });
    assert.equal(invalid({ name: 'other', versions: {} }), "the registry answered for 'other' instead of 'pkg'");
    assert.equal(invalid({ name: 'Pkg', versions: {} }), "the registry answered for 'Pkg' instead of 'pkg'");
    invalid({ versions: {} });
    assert.equal(invalid(JSON.parse('{"name":"pkg","versions":{"__proto__":{"polluted":true}}}')), 'the registry answer has a forbidden key');
    invalid(JSON.parse('{"name":"pkg","versions":{},"dist-tags":{"__proto__":"1.0.0"}}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
