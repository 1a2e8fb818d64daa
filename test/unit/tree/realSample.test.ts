/**
 * The lockfiles npm, pnpm, yarn Berry and bun wrote for one real project of twenty large ones
 * (bench/fixtures/real-sample/, ~3,000 packages each): each takes its fast reader, and the fast
 * reader's tree equals the general reader's, ranges included. The small fixtures of
 * test/fixtures/lockfiles check the same on a handful of packages; these check it at a real size.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bunLockTree } from '../../../server/src/service/parse/npm/bunLock';
import { scanBunLock } from '../../../server/src/service/parse/npm/bunLockScanner';
import { npmLockTree } from '../../../server/src/service/parse/npm/npmLockTree';
import { pnpmLockTree } from '../../../server/src/service/parse/npm/pnpmLock';
import { readPnpmLock } from '../../../server/src/service/parse/npm/pnpmLockReader';
import { readYarnBerry } from '../../../server/src/service/parse/npm/yarnBerryReader';
import { berryTree } from '../../../server/src/service/parse/npm/yarnLock';
import { treeView } from './treeFixtures';

const SAMPLE = join(__dirname, '..', '..', '..', 'bench', 'fixtures', 'real-sample');
const read = (file: string): string => readFileSync(join(SAMPLE, file), 'utf8');

describe('real lockfiles of ~3,000 packages (bench/fixtures/real-sample)', function () {
  // The general readers (JSON.parse, the YAML library) take a few seconds on a slow machine.
  this.timeout(60_000);

  it('package-lock.json: the scanner reads it, and its tree equals JSON.parse’s', () => {
    const text = read('package-lock.json');
    const fast = npmLockTree(text, 'package-lock.json');
    assert.ok(fast.tree.nodes.length > 3000);
    assert.deepEqual(treeView(fast), treeView(npmLockTree(text, 'package-lock.json', true)));
  });

  it('pnpm-lock.yaml: the line reader reads it, and its tree equals the YAML library’s', () => {
    const text = read('pnpm-lock.yaml');
    assert.ok(readPnpmLock(text), 'took the fast path');
    assert.deepEqual(treeView(pnpmLockTree(text)), treeView(pnpmLockTree(text, false)));
  });

  it('yarn.lock (Berry): the line reader reads it, and its tree equals the YAML library’s', () => {
    const text = read('yarn.lock');
    assert.ok(readYarnBerry(text), 'took the fast path');
    assert.deepEqual(treeView(berryTree(text, {})), treeView(berryTree(text, {}, false)));
  });

  it('bun.lock: the scanner reads it, and its tree equals the general reader’s', () => {
    const text = read('bun.lock');
    assert.ok(scanBunLock(text), 'took the fast path');
    assert.deepEqual(treeView(bunLockTree(text)), treeView(bunLockTree(text, true)));
  });
});
