import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizePypiName } from '../../../server/src/service/parse/python/pep503';
import {
  UnsafeUrlError,
  baseRoot,
  certificateUrl,
  npmBulkAdvisoryUrl,
  npmPackumentUrl,
  pypiJsonApiBase,
  pypiProjectUrl,
  pypiReleaseUrl,
  resolveVerifyUrl,
  statsUrl,
  withoutCredentials,
} from '../../../server/src/service/registryUrls';
import { draftPreviewUrl } from '../../../shared/src/preview';
import { isInsecureRemote, sameOrigin } from '../../../shared/src/urls';

const API = 'http://127.0.0.1:8123';
const REG = 'https://registry.example/npm/';

/** The path a URL client would request, after dot-segment resolution. */
const pathOf = (url: string): string => new URL(url).pathname;

/** Path segments as the WHATWG parser (the one the HTTP adapter uses) sees them. */
function segments(url: string): string[] {
  return new URL(url).pathname.split('/').slice(1);
}

const HOSTILE = [
  '@types/node',
  '../../etc/passwd',
  '../',
  './x',
  '..%2f..',
  '%2e%2e',
  '%2E',
  '.%2e',
  '...',
  'a?b=c',
  'a#frag',
  'with space',
  'tab\tand\nnewline',
  '\u0000\u0001\u001f\u007f',
  'back\\slash',
  'ünïcødé',
  '名前/パッケージ',
  '😀',
  '%',
  '%%32%65',
  '//double',
  ';matrix=1',
];

describe('registry and SIGMA URLs (service/registryUrls.ts)', () => {
  describe('certificate URL encoding', () => {
    for (const name of HOSTILE) {
      it(`npm name ${JSON.stringify(name)} stays one segment and decodes back`, () => {
        const url = certificateUrl(API, 'npm', name, '1.0.0');
        const parts = segments(url);
        assert.equal(parts.length, 7);
        assert.deepEqual(parts.slice(0, 5), ['api', 'v1', 'public', 'packages', 'npm']);
        assert.equal(decodeURIComponent(parts[5]), name);
        assert.equal(parts[6], '1.0.0');
        assert.equal(new URL(url).search, '');
        assert.equal(new URL(url).hash, '');
      });
      it(`version ${JSON.stringify(name)} stays one segment and decodes back`, () => {
        const parts = segments(certificateUrl(API, 'npm', 'left-pad', name));
        assert.equal(parts.length, 7);
        assert.equal(decodeURIComponent(parts[6]), name);
      });
    }

    it('encodes a scoped npm name as %40types%2Fnode', () => {
      assert.equal(certificateUrl(API, 'npm', '@types/node', '20.1.0'), `${API}/api/v1/public/packages/npm/%40types%2Fnode/20.1.0`);
    });

    it('sends PyPI names in PEP 503 form and npm names as published', () => {
      assert.equal(certificateUrl(API, 'pypi', 'Zope.Interface__x', '6.0'), `${API}/api/v1/public/packages/pypi/zope-interface-x/6.0`);
      assert.equal(certificateUrl(API, 'npm', 'JSONStream', '1.3.5'), `${API}/api/v1/public/packages/npm/JSONStream/1.3.5`);
    });

    it('a PyPI name made of separators still yields one segment', () => {
      for (const name of HOSTILE) {
        const parts = segments(certificateUrl(API, 'pypi', name, '1.0'));
        assert.equal(parts.length, 7, name);
        assert.equal(decodeURIComponent(parts[5]), normalizePypiName(name));
      }
    });

    it('refuses names and versions that would be dot-segments, empty, or not well-formed Unicode', () => {
      for (const bad of ['.', '..', '', '\ud800', 'a\udc00b']) {
        assert.throws(() => certificateUrl(API, 'npm', bad, '1.0.0'), UnsafeUrlError, JSON.stringify(bad));
        assert.throws(() => certificateUrl(API, 'npm', 'x', bad), UnsafeUrlError, JSON.stringify(bad));
      }
    });

    it('property: any accepted name or version is exactly one segment that decodes back', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), (name, version) => {
          let url: string;
          try {
            url = certificateUrl(API, 'npm', name, version);
          } catch (error) {
            assert.ok(error instanceof UnsafeUrlError);
            return;
          }
          const parts = segments(url);
          assert.equal(parts.length, 7);
          assert.equal(decodeURIComponent(parts[5]), name);
          assert.equal(decodeURIComponent(parts[6]), version);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('base URL joining', () => {
    it('keeps a base path, with or without a trailing slash, and drops query and fragment', () => {
      assert.equal(baseRoot('http://127.0.0.1:8123/sigma/'), 'http://127.0.0.1:8123/sigma');
      assert.equal(baseRoot('http://127.0.0.1:8123/sigma?x=1#y'), 'http://127.0.0.1:8123/sigma');
      assert.equal(statsUrl('http://127.0.0.1:8123/sigma/'), 'http://127.0.0.1:8123/sigma/api/v1/public/packages/stats');
      assert.equal(statsUrl('https://api.soulbyte.tech'), 'https://api.soulbyte.tech/api/v1/public/packages/stats');
      assert.equal(segments(certificateUrl('http://127.0.0.1:1/a/b/', 'npm', '../x', '1')).length, 9);
    });

    it('builds the registry URLs', () => {
      assert.equal(npmBulkAdvisoryUrl('https://registry.npmjs.org/'), 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk');
      assert.equal(pypiReleaseUrl('https://pypi.org', 'Django_Rest', '3.0'), 'https://pypi.org/pypi/django-rest/3.0/json');
      assert.equal(draftPreviewUrl(API, 'd/../1'), `${API}/api/v1/sigma/dev/drafts/d%2F..%2F1/package-preview`);
    });

    it('rejects bases that are not http(s) URLs', () => {
      for (const bad of ['not a url', 'ftp://127.0.0.1/', 'javascript:alert(1)', 'file:///etc']) {
        assert.throws(() => baseRoot(bad), UnsafeUrlError, bad);
      }
    });
  });

  describe('origin checks', () => {
    it('isInsecureRemote: plain http only to loopback', () => {
      assert.equal(isInsecureRemote('http://127.0.0.1:9/x'), false);
      assert.equal(isInsecureRemote('http://localhost/x'), false);
      assert.equal(isInsecureRemote('https://example.test/x'), false);
      assert.equal(isInsecureRemote('http://example.test/x'), true);
    });

    it('sameOrigin compares scheme, host and effective port', () => {
      assert.equal(sameOrigin('https://a.test/x', 'https://A.test:443/y?z'), true);
      assert.equal(sameOrigin('http://a.test/x', 'https://a.test/x'), false);
      assert.equal(sameOrigin('https://a.test:8443/', 'https://a.test/'), false);
      assert.equal(sameOrigin('https://a.test.evil/', 'https://a.test/'), false);
      assert.equal(sameOrigin('javascript:alert(1)', 'https://a.test/'), false);
      assert.equal(sameOrigin('nonsense', 'https://a.test/'), false);
    });

    it('follows verifyEndpoint only on the API origin', () => {
      const built = `${API}/api/v1/public/packages/npm/x/1.0.0/verify`;
      assert.equal(resolveVerifyUrl(API, 'npm', 'x', '1.0.0', `${API}/custom/verify?v=2#frag`), `${API}/custom/verify?v=2`);
      assert.equal(resolveVerifyUrl(API, 'npm', 'x', '1.0.0', 'https://evil.test/api/v1/public/packages/npm/x/1.0.0/verify'), built);
      assert.equal(resolveVerifyUrl(API, 'npm', 'x', '1.0.0', 'http://127.0.0.1:9999/verify'), built);
      assert.equal(resolveVerifyUrl(API, 'npm', 'x', '1.0.0', 'javascript:alert(1)'), built);
      assert.equal(resolveVerifyUrl(API, 'npm', 'x', '1.0.0'), built);
    });

    it('property: resolveVerifyUrl (endpoint parsed once, the API origin once per setting, the certificate URL reused) equals the sameOrigin reading for any endpoint and API', () => {
      // The reading before the endpoint was parsed once (kept here as the reference).
      const reference = (apiUrl: string, name: string, version: string, endpointText?: string): string => {
        const built = `${certificateUrl(apiUrl, 'npm', name, version)}/verify`;
        if (endpointText === undefined || !sameOrigin(endpointText, apiUrl)) return built;
        const endpoint = new URL(endpointText);
        return `${endpoint.origin}${endpoint.pathname}${endpoint.search}`;
      };
      const hosts = ['127.0.0.1', 'api.test', 'API.test', 'evil.test', '[::1]', '2130706433', 'api.test.evil', ''];
      const endpoint = fc.oneof(
        fc.tuple(fc.constantFrom('http', 'https', 'HTTPS', 'ftp', 'javascript', 'file', ''), fc.constantFrom('://', ':', ':///', ''), fc.constantFrom(...hosts), fc.constantFrom('', ':80', ':443', ':8123', ':0', ':99999', ':x'), fc.string({ maxLength: 20 }), fc.constantFrom('', '?v=2', '#f', '?a#b')).map((parts) => parts.join('')),
        fc.string({ maxLength: 40 }),
      );
      // Endpoints on the API's own origin, spelt differently (case, explicit default port), with any path, query and fragment.
      const onOrigin = (apiUrl: string): fc.Arbitrary<string> => {
        const { protocol, host } = new URL(apiUrl);
        const spellings = [`${protocol}//${host}`, `${protocol.toUpperCase()}//${host.toUpperCase()}`, `${protocol}//${host}${host.includes(':') && !host.endsWith(']') ? '' : protocol === 'https:' ? ':443' : ':80'}`];
        return fc.tuple(fc.constantFrom(...spellings), fc.string({ maxLength: 20 }), fc.constantFrom('', '?v=2', '#f', '?a#b')).map(([origin, rest, tail]) => `${origin}/${rest}${tail}`);
      };
      const api = fc.constantFrom(API, 'https://api.test', 'https://API.test:443/base/', 'http://[::1]:8123/x', 'https://api.test.evil');
      const apiAndEndpoint = api.chain((apiUrl) => fc.tuple(fc.constant(apiUrl), fc.option(fc.oneof(endpoint, onOrigin(apiUrl)), { nil: undefined })));
      fc.assert(
        fc.property(apiAndEndpoint, fc.constantFrom('x', '@s/p', 'a b'), fc.constantFrom('1.0.0', '2'), ([apiUrl, text], name, version) => {
          const expected = reference(apiUrl, name, version, text);
          assert.equal(resolveVerifyUrl(apiUrl, 'npm', name, version, text), expected);
          assert.equal(resolveVerifyUrl(apiUrl, 'npm', name, version, text, certificateUrl(apiUrl, 'npm', name, version)), expected);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('version lists (project registry and index URLs, joined as text)', () => {
    it('sends a scoped npm name as @scope%2fname', () => {
      assert.equal(npmPackumentUrl('https://registry.npmjs.org', '@types/node'), 'https://registry.npmjs.org/@types%2fnode');
      assert.equal(npmPackumentUrl(REG, 'lodash'), 'https://registry.example/npm/lodash');
    });

    it('keeps every hostile npm name inside one path segment under the registry', () => {
      const cases: [string, string][] = [
        ['../x', '/npm/..%2Fx'],
        ['a?b', '/npm/a%3Fb'],
        ['a#b', '/npm/a%23b'],
        ['@s/../../x', '/npm/@s%2f..%2F..%2Fx'],
        ['@../x', '/npm/@..%2fx'],
        ['a b', '/npm/a%20b'],
        ['%2e%2e', '/npm/%252e%252e'],
      ];
      for (const [name, path] of cases) {
        const url = npmPackumentUrl(REG, name);
        assert.ok(url, name);
        assert.equal(pathOf(url), path, name);
      }
    });

    it('refuses names no encoding can keep in place', () => {
      for (const name of ['', '.', '..', '\uD800']) assert.equal(npmPackumentUrl(REG, name), null, JSON.stringify(name));
    });

    it('asks PyPI for the normalised name, encoded', () => {
      assert.equal(pypiProjectUrl('https://pypi.org', 'Flask_SQLAlchemy'), 'https://pypi.org/pypi/flask-sqlalchemy/json');
      assert.equal(pathOf(pypiProjectUrl('https://pypi.org/', 'a?b/../c')!), '/pypi/a%3Fb%2F-%2Fc/json');
      assert.equal(pathOf(pypiProjectUrl('https://pypi.org', '..')!), '/pypi/-/json');
      assert.equal(pypiProjectUrl('https://pypi.org', ''), null);
    });

    it('maps a "simple" index URL to the JSON API at the same place', () => {
      assert.equal(pypiJsonApiBase('https://host/simple'), 'https://host');
      assert.equal(pypiJsonApiBase('https://host/prefix/simple/'), 'https://host/prefix');
      assert.equal(pypiJsonApiBase('https://pypi.org'), 'https://pypi.org');
      assert.equal(pypiJsonApiBase('https://host/simpler'), 'https://host/simpler');
      assert.equal(pypiProjectUrl('https://host/prefix/simple/', 'Demo'), 'https://host/prefix/pypi/demo/json');
    });

    it('drops credentials for cache keys', () => {
      assert.equal(withoutCredentials('https://user:secret@host/simple'), 'https://host/simple');
      assert.equal(withoutCredentials('https://host/a@b'), 'https://host/a@b');
    });

    it('keeps credentials and ${VAR} references of a project index for the HTTP layer to fill in', () => {
      assert.equal(pypiProjectUrl('https://user:${TOKEN}@host/simple/', 'Demo'), 'https://user:${TOKEN}@host/pypi/demo/json');
      assert.equal(npmPackumentUrl('https://${NPM_HOST}/npm/', '@s/x'), 'https://${NPM_HOST}/npm/@s%2fx');
    });
  });

  it('asks every PyPI lookup by the same PEP 503 name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (name) => {
        const expected = normalizePypiName(name);
        const project = pypiProjectUrl('https://pypi.org', name);
        if (project === null) return;
        const projectName = decodeURIComponent(segments(project)[1]);
        assert.equal(projectName, expected);
        let sigma: string;
        let release: string;
        try {
          sigma = certificateUrl(API, 'pypi', name, '1.0');
          release = pypiReleaseUrl('https://pypi.org', name, '1.0');
        } catch (error) {
          assert.ok(error instanceof UnsafeUrlError);
          return;
        }
        assert.equal(decodeURIComponent(segments(sigma)[5]), expected);
        assert.equal(decodeURIComponent(segments(release)[1]), expected);
      }),
      { numRuns: 300 },
    );
  });
});
