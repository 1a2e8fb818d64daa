import assert from 'node:assert/strict';
import { LOCKFILE_KINDS } from '../../../shared/src/formats';
import { parseLockfileTree } from '../../../server/src/service/parse/lockfileTree';
import { fixture } from './treeFixtures';

describe('parseLockfileTree: one entry point, every lockfile kind', () => {
  const samples: Record<string, [string, string]> = {
    'package-lock.json': ['npm-v3', 'package-lock.json'],
    'yarn.lock': ['yarn-berry', 'yarn.lock'],
    'pnpm-lock.yaml': ['pnpm-v9', 'pnpm-lock.yaml'],
    'bun.lock': ['bun', 'bun.lock'],
  };
  for (const [kind, [format, file]] of Object.entries(samples)) {
    it(`${kind}: a tree with express and its edges`, () => {
      const { tree, errors } = parseLockfileTree(kind as (typeof LOCKFILE_KINDS)[number], fixture(format, file));
      assert.deepEqual(errors, []);
      const express = tree.nodes.find((n) => n.key === 'express@4.22.3');
      assert.ok(express && express.deps.length > 20);
    });
  }
  it('never throws on empty text for any kind, and says why there is no tree', () => {
    for (const kind of LOCKFILE_KINDS) {
      const { tree, errors } = parseLockfileTree(kind, '');
      assert.equal(tree.nodes.length, 0);
      assert.ok(errors.length > 0, kind);
    }
  });
});
