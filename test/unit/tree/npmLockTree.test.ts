import assert from 'node:assert/strict';
import { npmLockTree } from '../../../server/src/service/parse/npm/npmLockTree';
import { pinsFromTree } from '../../../server/src/service/tree/pins';
import { directDependencies, shortestPaths, subtree } from '../../../server/src/service/tree/walk';
import { assertInstalled, fixture } from './treeFixtures';

describe('npmLockTree', () => {
  for (const format of ['npm-v3', 'npm-v2', 'npm-v1']) {
    it(`${format}: the tree equals what npm installed (name@version set and edges)`, () => {
      const { tree, errors } = npmLockTree(fixture(format, 'package-lock.json'), 'package-lock.json');
      assert.deepEqual(errors, []);
      assertInstalled(format, tree);
    });
  }

  it('v3: importers for the root and the workspace member; links and local folders skipped', () => {
    const { tree } = npmLockTree(fixture('npm-v3', 'package-lock.json'), 'package-lock.json');
    const root = directDependencies(tree, '');
    assert.deepEqual([...root.keys()].sort(), ['express', 'is-number', 'my-lodash', 'semver']);
    assert.equal(tree.nodes[root.get('my-lodash') as number].name, 'lodash');
    const app = directDependencies(tree, 'packages/app');
    assert.deepEqual([...app.keys()].sort(), ['chalk', 'debug', 'ms']);
    assert.equal(tree.nodes[app.get('debug') as number].version.split('.')[0], '4');
    const skipped = tree.skipped.filter((s) => s.importer === '').map((s) => s.name);
    assert.deepEqual(skipped, ['local-lib']);
    assert.ok(tree.skipped.some((s) => s.name === 'app' && s.reason.startsWith('link')));
    assert.equal(tree.nodes[root.get('semver') as number].dev, true);
    assert.equal(tree.nodes[root.get('express') as number].dev, false);
  });

  it('v3: subtree and shortest paths from express', () => {
    const { tree } = npmLockTree(fixture('npm-v3', 'package-lock.json'), 'package-lock.json');
    const express = directDependencies(tree).get('express') as number;
    const keys = subtree(tree, express).map((i) => tree.nodes[i].key);
    assert.ok(keys.some((k) => k.startsWith('qs@')));
    assert.ok(!keys.some((k) => k.startsWith('express@')));
    assert.equal(new Set(keys).size, keys.length);
    const paths = shortestPaths(tree, directDependencies(tree));
    const qs = [...paths.entries()].find(([k]) => k.startsWith('qs@'))?.[1];
    assert.deepEqual(qs?.[0], ['express', 'qs']);
    assert.ok((qs?.length ?? 0) <= 3);
    const ms = [...paths.entries()].find(([k]) => k === 'ms@2.0.0')?.[1];
    assert.deepEqual(ms?.[0], ['express', 'debug', 'ms']);
  });

  it('pins from the tree match the member and root entries, with the entry range', () => {
    const text = fixture('npm-v3', 'package-lock.json');
    const { tree } = npmLockTree(text, 'package-lock.json');
    const pins = pinsFromTree(tree, 'packages/app');
    const debug = pins.get('debug');
    assert.ok(debug?.range);
    const line = text.split('\n')[debug.range.start.line];
    assert.equal(line.slice(debug.range.start.character, debug.range.end.character), '"packages/app/node_modules/debug"');
  });

  it('cuts cycles, resolves nested copies before hoisted ones, and reads v1 aliases', () => {
    const text = JSON.stringify(
      {
        lockfileVersion: 3,
        packages: {
          '': { dependencies: { a: '1', b: '1' } },
          'node_modules/a': { version: '1.0.0', dependencies: { b: '2' } },
          'node_modules/a/node_modules/b': { version: '2.0.0', dependencies: { a: '1' } },
          'node_modules/b': { version: '1.0.0', dependencies: { a: '1' } },
          'node_modules/g': { version: '1.0.0', resolved: 'git+ssh://git@github.com/x/g.git#abc' },
        },
      },
      null,
      2,
    );
    const { tree } = npmLockTree(text, 'package-lock.json');
    const a = directDependencies(tree).get('a') as number;
    assert.deepEqual(tree.nodes[a].deps.map((d) => tree.nodes[d].key), ['b@2.0.0']);
    const paths = shortestPaths(tree, directDependencies(tree));
    // b@1 → a → b@2 is a path (two different b's); a → b@2 → a would revisit a and is cut.
    assert.deepEqual(paths.get('b@2.0.0'), [['a', 'b'], ['b', 'a', 'b']]);
    assert.deepEqual(paths.get('a@1.0.0'), [['a'], ['b', 'a']]);
    assert.deepEqual(tree.skipped.map((s) => [s.name, s.reason]), [['g', 'git source']]);
    const v1 = npmLockTree(JSON.stringify({ lockfileVersion: 1, dependencies: { 'my-lodash': { version: 'npm:lodash@4.17.21' } } }), 'package-lock.json');
    assert.equal(v1.tree.nodes[0].key, 'lodash@4.17.21');
  });

  it('a workspace member in a folder named `packages`: its range is its own entry, not the top-level key, whichever reader reads it', () => {
    // No root entry before it (npm writes one, which moved the search past the top-level key anyway).
    const text = '{\n  "lockfileVersion": 3,\n  "packages": {\n    "packages": { "name": "member" }\n  }\n}\n';
    for (const general of [false, true]) {
      const { tree } = npmLockTree(text, 'package-lock.json', general);
      assert.deepEqual(tree.skipped.map((s) => [s.name, s.range.start.line, s.range.start.character]), [['member', 3, 4]], `general: ${general}`);
    }
  });

  it('unknown versions and corrupt files are errors, never an empty tree in silence', () => {
    assert.match(npmLockTree('{"lockfileVersion": 4, "packages": {}}', 'package-lock.json').errors[0].message, /Unknown lockfileVersion 4/);
    assert.match(npmLockTree('{"lockfileVersion": 3, "packages": {', 'package-lock.json').errors[0].message, /not valid JSON/);
  });
});
