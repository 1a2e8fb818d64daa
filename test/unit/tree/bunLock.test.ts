import assert from 'node:assert/strict';
import { parseBunLock } from '../../../server/src/service/parse/npm/bunLock';
import { parseBunLockb } from '../../../server/src/service/parse/npm/bunLockb';
import { directDependencies } from '../../../server/src/service/tree/walk';
import { assertInstalled, fixture } from './treeFixtures';

describe('bun.lock', () => {
  it('the tree equals what bun installed (name@version set and edges)', () => {
    const lock = parseBunLock(fixture('bun', 'bun.lock'));
    assert.deepEqual(lock.errors, []);
    assertInstalled('bun', lock.tree!);
  });

  it('workspaces are the importers; aliases, local folders, dev flag and entry ranges', () => {
    const text = fixture('bun', 'bun.lock');
    const lock = parseBunLock(text);
    const tree = lock.tree!;
    const root = directDependencies(tree, '');
    assert.deepEqual([...root.keys()].sort(), ['express', 'is-number', 'my-lodash', 'semver']);
    assert.equal(tree.nodes[root.get('my-lodash')!].name, 'lodash');
    assert.equal(tree.nodes[root.get('semver')!].dev, true);
    assert.equal(tree.nodes[root.get('express')!].dev, false);
    assert.deepEqual(tree.skipped.filter((s) => s.importer === '').map((s) => [s.name, s.reason]), [['local-lib', 'not a registry package']]);
    const app = parseBunLock(text, 'packages/app').packages;
    assert.match(app.get('debug')?.version ?? '', /^4\./);
    const range = app.get('debug')!.range!;
    assert.equal(text.split('\n')[range.start.line].slice(range.start.character, range.end.character), '"debug"');
  });

  it('unknown versions, corrupt text and the binary lockfile are errors, never an empty clean result', () => {
    assert.match(parseBunLock('{"lockfileVersion": 7, "packages": {}}').errors[0].message, /Unknown bun.lock lockfileVersion 7/);
    assert.match(parseBunLock('{"lockfileVersion": 1, "packages": {').errors[0].message, /^bun.lock: /);
    assert.match(parseBunLockb().errors[0].message, /bun install --save-text-lockfile/);
  });
});
