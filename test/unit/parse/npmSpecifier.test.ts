import assert from 'node:assert/strict';
import { classifyNpmSpecifier } from '../../../server/src/service/parse/npm/npmSpecifier';

describe('classifyNpmSpecifier', () => {
  const registryCases: [string, string, string][] = [
    // spec, kind, constraint
    ['1.2.3', 'exact', '1.2.3'],
    ['=1.2.3', 'exact', '1.2.3'],
    ['v1.2.3', 'exact', '1.2.3'],
    [' 1.2.3 ', 'exact', '1.2.3'],
    ['1.2.3-beta.1', 'exact', '1.2.3-beta.1'],
    ['^1.2.3', 'range', '^1.2.3'],
    ['~1.2', 'range', '~1.2'],
    ['>=1.0.0 <2', 'range', '>=1.0.0 <2'],
    ['1.2.3 - 2.0.0', 'range', '1.2.3 - 2.0.0'],
    ['^1 || ^2', 'range', '^1 || ^2'],
    ['1.x', 'range', '1.x'],
    ['~>1.0', 'range', '~>1.0'], // node-semver reads `~>` as `~`, so npm installs it
    ['x', 'range', 'x'],
    ['*', 'range', '*'],
    ['', 'range', ''],
    ['latest', 'tag', 'latest'],
    ['next', 'tag', 'next'],
    ['beta-2', 'tag', 'beta-2'],
  ];
  for (const [spec, kind, constraint] of registryCases) {
    it(`reads ${JSON.stringify(spec)} as ${kind}`, () => {
      assert.deepEqual(classifyNpmSpecifier(spec), { kind, constraint });
    });
  }

  it('checks the aliased package of an npm: alias', () => {
    assert.deepEqual(classifyNpmSpecifier('npm:lodash@^4.17.0'), { kind: 'range', constraint: '^4.17.0', normalizedName: 'lodash' });
    assert.deepEqual(classifyNpmSpecifier('npm:@scope/pkg@1.0.0'), { kind: 'exact', constraint: '1.0.0', normalizedName: '@scope/pkg' });
    assert.deepEqual(classifyNpmSpecifier('npm:lodash'), { kind: 'range', constraint: '', normalizedName: 'lodash' });
    assert.deepEqual(classifyNpmSpecifier('npm:lodash@latest'), { kind: 'tag', constraint: 'latest', normalizedName: 'lodash' });
  });

  it('rejects aliases to non-registry specs and bad alias targets', () => {
    const nested = classifyNpmSpecifier('npm:foo@npm:bar@1');
    assert.equal(nested.kind, 'invalid');
    assert.match(nested.skipReason ?? '', /must alias a registry/);
    assert.equal(classifyNpmSpecifier('npm:foo@github:a/b').kind, 'invalid');
    assert.equal(classifyNpmSpecifier('npm:.hidden@1').kind, 'invalid');
    assert.equal(classifyNpmSpecifier('npm:@scope@1').kind, 'invalid');
  });

  const skipped: [string, string][] = [
    ['user/repo', 'git'],
    ['user/repo#v1.0.0', 'git'],
    ['user/repo#semver:^1.0', 'git'],
    ['github:user/repo', 'git'],
    ['gitlab:user/repo', 'git'],
    ['bitbucket:user/repo', 'git'],
    ['gist:11081aaa', 'git'],
    ['git+https://github.com/user/repo.git', 'git'],
    ['git+ssh://git@github.com/user/repo.git#main', 'git'],
    ['git://github.com/user/repo.git', 'git'],
    ['git@github.com:user/repo.git', 'git'],
    ['https://github.com/user/repo', 'git'],
    ['https://github.com/user/repo.git#v2', 'git'],
    ['https://example.com/pkg-1.0.0.tgz', 'url'],
    ['http://example.com/pkg.tgz', 'url'],
    ['https://github.com/user/repo/archive/v1.tar.gz', 'url'],
    ['file:../local', 'path'],
    ['link:../local', 'path'],
    ['./local', 'path'],
    ['../local', 'path'],
    ['/abs/path', 'path'],
    ['~/pkg', 'path'],
    ['C:\\pkgs\\x', 'path'],
    ['pkg.tgz', 'path'],
    ['workspace:*', 'workspace'],
    ['workspace:^1.0.0', 'workspace'],
    ['catalog:', 'catalog'],
    ['catalog:react18', 'catalog'],
  ];
  for (const [spec, kind] of skipped) {
    it(`skips ${JSON.stringify(spec)} as ${kind} with a reason`, () => {
      const result = classifyNpmSpecifier(spec);
      assert.equal(result.kind, kind);
      assert.equal(result.constraint, '');
      assert.ok(result.skipReason && result.skipReason.length > 10, 'a readable reason');
      assert.equal(result.normalizedName, undefined);
    });
  }

  const invalid = ['^1.2.3.4', '1.2.3.4', '>=1.2.3.4', 'not a tag', 'ftp://example.com/x.tgz', '@scope/pkg', '^^1'];
  for (const spec of invalid) {
    it(`marks ${JSON.stringify(spec)} invalid with a reason`, () => {
      const result = classifyNpmSpecifier(spec);
      assert.equal(result.kind, 'invalid');
      assert.ok(result.skipReason);
    });
  }

  it('names the unsupported protocol', () => {
    assert.match(classifyNpmSpecifier('ftp://example.com/x.tgz').skipReason ?? '', /`ftp:`/);
  });
});
