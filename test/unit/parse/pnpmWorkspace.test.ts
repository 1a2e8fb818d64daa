import assert from 'node:assert/strict';
import { parsePackageJson } from '../../../server/src/service/parse/npm/packageJson';
import { applyCatalogs, parsePnpmWorkspace } from '../../../server/src/service/parse/npm/pnpmWorkspace';
import { fixture } from '../tree/treeFixtures';

describe('pnpm-workspace.yaml and catalog: specifiers', () => {
  it('reads members and the default and named catalogs (the fixture pnpm 9 installed from)', () => {
    const ws = parsePnpmWorkspace(fixture('pnpm-v9', 'pnpm-workspace.yaml'));
    assert.deepEqual(ws.packages, ['packages/*']);
    assert.deepEqual([...ws.catalogs].map(([k, v]) => [k, [...v]]), [['default', [['ms', '^2.1.3']]], ['legacy', [['cookie', '^0.6.0']]]]);
  });

  it('a catalog: entry gets its catalog range; a missing catalog or entry stays skipped and says which', () => {
    const ws = parsePnpmWorkspace('catalog:\n  ms: ^2.1.3\ncatalogs:\n  legacy:\n    cookie: 0.6.0\n  aliased:\n    lo: npm:lodash@^4\n');
    const parsed = parsePackageJson(JSON.stringify({ dependencies: { ms: 'catalog:', cookie: 'catalog:legacy', lo: 'catalog:aliased', x: 'catalog:', y: 'catalog:nope', express: '^4' } }));
    const out = applyCatalogs(parsed, ws.catalogs).dependencies.map((d) => [d.name, d.normalizedName, d.specifier, d.kind, d.constraint, d.skipReason ?? null]);
    assert.deepEqual(out, [
      ['ms', 'ms', 'catalog:', 'range', '^2.1.3', null],
      ['cookie', 'cookie', 'catalog:legacy', 'exact', '0.6.0', null],
      ['lo', 'lodash', 'catalog:aliased', 'range', '^4', null],
      ['x', 'x', 'catalog:', 'catalog', '', 'catalog:: the default catalog has no entry for x, so its version cannot be read.'],
      ['y', 'y', 'catalog:nope', 'catalog', '', 'catalog:nope: pnpm-workspace.yaml has no catalog named nope, so its version cannot be read.'],
      ['express', 'express', '^4', 'range', '^4', null],
    ]);
    assert.equal(applyCatalogs(parsed, undefined), parsed);
  });
});
