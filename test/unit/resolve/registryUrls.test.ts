import assert from 'node:assert/strict';
import { npmPackumentUrl, pypiJsonApiBase, pypiProjectUrl, withoutCredentials } from '../../../server/src/service/resolve/registryUrls';

const REG = 'https://registry.example/npm/';

/** The path a URL client would request, after dot-segment resolution. */
const pathOf = (url: string): string => new URL(url).pathname;

describe('registry URLs', () => {
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
});
