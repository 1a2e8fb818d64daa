import assert from 'node:assert/strict';
import { parseYarnLock, type DirectDescriptor } from '../../../server/src/service/parse/npm/yarnLock';
import { directDependencies } from '../../../server/src/service/tree/walk';
import { assertInstalled, fixture } from './treeFixtures';

/** The fixture's package.json files, as the manifest parser would hand them over. */
function manifest(format: string, path: string): DirectDescriptor[] {
  const json = JSON.parse(fixture(format, path)) as Record<string, Record<string, string> | undefined>;
  const out: DirectDescriptor[] = [];
  for (const section of ['dependencies', 'optionalDependencies', 'devDependencies']) {
    for (const [name, specifier] of Object.entries(json[section] ?? {})) out.push({ name, specifier, dev: section === 'devDependencies' });
  }
  return out;
}

describe('yarn.lock', () => {
  it('classic v1: the tree equals what yarn 1 installed (name@version set and edges)', () => {
    const lock = parseYarnLock(fixture('yarn-v1', 'yarn.lock'));
    assert.deepEqual(lock.errors, []);
    assertInstalled('yarn-v1', lock.tree!);
  });

  it('Berry: the tree equals what yarn 4 installed (name@version set and edges)', () => {
    const lock = parseYarnLock(fixture('yarn-berry', 'yarn.lock'));
    assert.deepEqual(lock.errors, []);
    assertInstalled('yarn-berry', lock.tree!);
  });

  it('classic v1: the manifest descriptors find the root and member pins; dev derived from them', () => {
    const root = parseYarnLock(fixture('yarn-v1', 'yarn.lock'), { direct: manifest('yarn-v1', 'package.json') });
    assert.deepEqual([...root.packages.keys()].sort(), ['express', 'is-number', 'my-lodash', 'semver']);
    assert.equal(root.packages.get('my-lodash')?.name, 'lodash');
    assert.match(root.packages.get('express')?.integrity ?? '', /^sha512-/);
    const tree = root.tree!;
    assert.equal(tree.nodes[directDependencies(tree).get('semver')!].dev, true);
    assert.equal(tree.nodes[directDependencies(tree).get('express')!].dev, false);
    assert.deepEqual(tree.skipped.filter((s) => s.importer === '').map((s) => [s.name, s.reason]), [['local-lib', 'local path']]);
    const app = parseYarnLock(fixture('yarn-v1', 'yarn.lock'), { memberPath: 'packages/app', direct: manifest('yarn-v1', 'packages/app/package.json') });
    assert.match(app.packages.get('debug')?.version ?? '', /^4\./);
  });

  it('Berry: workspace entries are the importers; local folders skipped', () => {
    const lock = parseYarnLock(fixture('yarn-berry', 'yarn.lock'), { memberPath: 'packages/app' });
    assert.deepEqual([...lock.packages.keys()].sort(), ['chalk', 'debug', 'ms']);
    const tree = lock.tree!;
    assert.deepEqual([...directDependencies(tree, '').keys()].sort(), ['express', 'is-number', 'my-lodash', 'semver']);
    assert.deepEqual(tree.skipped.filter((s) => s.importer === '').map((s) => [s.name, s.reason]), [['local-lib', 'local path']]);
  });
});

describe('yarn Berry: a builtin patch whose percent-encoding is broken', () => {
  it('is a patched package, skipped, and never throws (found by the layout reader property test, seed 371884064)', () => {
    const text = '__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"@types/node@npm:1.0.0":\n  version: 1.0.0\n  resolution: "@types/node@patch:@types/node@npm% 3A1.0.0#optional!builtin<compat/@types/node>::version=1.0.0&hash=abc"\n  checksum: 10c0/abc\n  languageName: node\n  linkType: hard\n';
    const { tree, errors } = parseYarnLock(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(tree?.skipped.map((s) => [s.name, s.reason]), [['@types/node', 'patched package (patch:)']]);
  });
});
