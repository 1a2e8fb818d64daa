import assert from 'node:assert/strict';
import { parsePnpmLock } from '../../../server/src/service/parse/npm/pnpmLock';
import { directDependencies } from '../../../server/src/service/tree/walk';
import { assertInstalled, fixture } from './treeFixtures';

describe('pnpm-lock.yaml', () => {
  for (const format of ['pnpm-v9', 'pnpm-v6']) {
    it(`${format}: the tree equals what pnpm installed (name@version set and edges)`, () => {
      const lock = parsePnpmLock(fixture(format, 'pnpm-lock.yaml'));
      assert.deepEqual(lock.errors, []);
      assert.ok(lock.tree);
      assertInstalled(format, lock.tree);
    });
  }
  it('pnpm-v9: importers, catalog pins, alias, skipped local folder, derived dev flag', () => {
    const lock = parsePnpmLock(fixture('pnpm-v9', 'pnpm-lock.yaml'));
    const tree = lock.tree!;
    const root = directDependencies(tree, '');
    assert.deepEqual([...root.keys()].sort(), ['cookie', 'express', 'is-number', 'my-lodash', 'semver']);
    assert.equal(tree.nodes[root.get('cookie')!].key, 'cookie@0.6.0');
    assert.equal(tree.nodes[root.get('my-lodash')!].name, 'lodash');
    assert.equal(tree.nodes[root.get('semver')!].dev, true);
    assert.equal(tree.nodes[root.get('express')!].dev, false);
    assert.deepEqual(tree.skipped.filter((s) => s.importer === '').map((s) => s.name), ['local-lib']);
    const app = parsePnpmLock(fixture('pnpm-v9', 'pnpm-lock.yaml'), 'packages/app').packages;
    assert.deepEqual([...app.keys()].sort(), ['chalk', 'debug', 'ms']);
    assert.equal(app.get('ms')?.version, '2.1.3');
    assert.match(app.get('ms')?.integrity ?? '', /^sha512-/);
  });
  it('a dependency named like an entry field nobody reads (os, bin, engines) is still read, in importers, v6 roots and snapshots', () => {
    const v9 = [
      "lockfileVersion: '9.0'", '', 'importers:', '', '  .:', '    dependencies:', '      os:', '        specifier: ^0.1.2', '        version: 0.1.2',
      '      bin:', '        specifier: ^1.0.0', '        version: 1.0.0', '', 'packages:', '', '  os@0.1.2:', '    resolution: {integrity: sha512-x==}', '    engines:', "      node: '>=8'",
      '', '  bin@1.0.0:', '    resolution: {integrity: sha512-y==}', '', 'snapshots:', '', '  os@0.1.2:', '    dependencies:', '      bin: 1.0.0', '', '  bin@1.0.0: {}', '',
    ].join('\n');
    const lock = parsePnpmLock(v9);
    assert.deepEqual(lock.errors, []);
    assert.deepEqual([...lock.packages.keys()], ['os', 'bin']);
    const tree = lock.tree!;
    assert.deepEqual(tree.nodes[tree.importers.get('')!.get('os')!].deps.map((d) => tree.nodes[d].key), ['bin@1.0.0']);
    const v6 = ["lockfileVersion: '6.0'", '', 'dependencies:', '  os:', '    specifier: ^0.1.2', '    version: 0.1.2', '', 'packages:', '', '  /os@0.1.2:', '    resolution: {integrity: sha512-x==}', '    dev: false', ''].join('\n');
    assert.deepEqual([...parsePnpmLock(v6).packages.keys()], ['os']);
  });
  it('v9: each snapshot takes its own packages entry when the two sections are in different orders or sizes', () => {
    // The reader tries the packages entry at the snapshot's own index first (pnpm writes both in one order).
    const text = [
      "lockfileVersion: '9.0'", '', 'packages:', '', '  a@1.0.0:', '    resolution: {integrity: sha512-a==}', '', '  b@2.0.0:', '    resolution: {integrity: sha512-b==}', '',
      'snapshots:', '', '  b@2.0.0:', '    dependencies:', '      a: 1.0.0', '', '  a@1.0.0: {}', '', '  c@3.0.0: {}', '',
    ].join('\n');
    const tree = parsePnpmLock(text).tree!;
    assert.deepEqual(tree.nodes.map((n) => [n.key, n.integrity, n.range.start.line]), [['b@2.0.0', 'sha512-b==', 7], ['a@1.0.0', 'sha512-a==', 4], ['c@3.0.0', undefined, 18]]);
  });
});
