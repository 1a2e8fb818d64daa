/** The lockfile lookup of the service, through an in-memory files port (no disk). */
import { strict as assert } from 'node:assert';
import { createLockfileFinder } from '../../../server/src/service/lockfiles';
import { parseLockfile } from '../../../server/src/service/parse';
import { deferred, memoryFiles } from '../../helpers/ports';
import { fixture } from '../tree/treeFixtures';

const npmLock = (packages: Record<string, unknown>): string => JSON.stringify({ lockfileVersion: 3, packages });

describe('service lockfile lookup (files port)', () => {
  it('prefers npm-shrinkwrap.json over package-lock.json in the same folder', async () => {
    const files = memoryFiles({
      '/w/app/package-lock.json': npmLock({ 'node_modules/a': { version: '1.0.0' } }),
      '/w/app/npm-shrinkwrap.json': npmLock({ 'node_modules/a': { version: '2.0.0' } }),
    });
    const hit = await createLockfileFinder(files).forManifest('/w/app/package.json', 'package.json');
    assert.equal(hit?.path, '/w/app/npm-shrinkwrap.json');
  });

  it('uses an ancestor lockfile only when it names the member, with the member path', async () => {
    const files = memoryFiles({ '/w/package-lock.json': npmLock({ '': {}, 'packages/a': { name: 'a' }, 'node_modules/x': { version: '1.2.3' } }) });
    const finder = createLockfileFinder(files);
    const hit = await finder.forManifest('/w/packages/a/package.json', 'package.json');
    assert.equal(hit?.path, '/w/package-lock.json');
    assert.equal(await finder.forManifest('/w/packages/b/package.json', 'package.json'), undefined);
  });

  it('finds pylock.<name>.toml by listing the folder, after uv.lock and poetry.lock', async () => {
    const files = memoryFiles({ '/p/pylock.dev.toml': 'lock-version = "1.0"\n', '/p/pyproject.toml': '' });
    const hit = await createLockfileFinder(files).forManifest('/p/pyproject.toml', 'pyproject.toml');
    assert.equal(hit?.path, '/p/pylock.dev.toml');
    files.files['/p/uv.lock'] = 'version = 1\n';
    assert.equal((await createLockfileFinder(files).forManifest('/p/pyproject.toml', 'pyproject.toml'))?.path, '/p/uv.lock');
  });

  it('reads an unchanged lockfile once, and again when its stamp changes', async () => {
    const files = memoryFiles({ '/w/package-lock.json': npmLock({ 'node_modules/a': { version: '1.0.0' } }) });
    const finder = createLockfileFinder(files);
    await finder.forManifest('/w/package.json', 'package.json');
    await finder.forManifest('/w/package.json', 'package.json');
    assert.equal(files.reads.length, 1);
    files.files['/w/package-lock.json'] = npmLock({ 'node_modules/a': { version: '1.0.10' } });
    const hit = await finder.forManifest('/w/package.json', 'package.json');
    assert.equal(files.reads.length, 2);
    assert.equal(hit?.lockfile.packages.get('a')?.version, '1.0.10');
  });

  it('stamps every candidate lockfile of every folder up the tree at once, not one folder after the other', async () => {
    const files = memoryFiles({ '/w/package-lock.json': npmLock({ '': {}, 'packages/a': { name: 'a' }, 'node_modules/x': { version: '1.2.3' } }) });
    const asked: string[] = [];
    const gate = deferred<void>();
    const stamp = files.stamp.bind(files);
    files.stamp = async (p) => {
      asked.push(p);
      await gate.promise;
      return stamp(p);
    };
    const found = createLockfileFinder(files).forManifest('/w/packages/a/package.json', 'package.json');
    for (let i = 0; i < 10; i++) await Promise.resolve();
    // Four folders (/w/packages/a up to /), six npm lockfile names each: all asked before any answer.
    assert.equal(asked.length, 24);
    assert.equal(new Set(asked).size, 24, 'each file stamped once per lookup');
    gate.resolve();
    const hit = await found;
    assert.equal(hit?.path, '/w/package-lock.json');
    assert.equal(hit?.importer, 'packages/a');
    // Then only the workspace root's package.json (its workspaces), and no file twice.
    assert.deepEqual(asked.slice(24), ['/w/package.json']);
  });

  for (const [folder, file] of [['pnpm-v9', 'pnpm-lock.yaml'], ['yarn-v1', 'yarn.lock'], ['bun', 'bun.lock']] as const) {
    it(`reads a workspace root's ${file} once for all its members (${folder})`, async () => {
      const text = fixture(folder, file);
      const files = memoryFiles({ [`/w/${file}`]: text, '/w/package.json': fixture(folder, 'package.json'), '/w/packages/app/package.json': fixture(folder, 'packages/app/package.json') });
      const finder = createLockfileFinder(files);
      const root = await finder.forManifest('/w/package.json', 'package.json');
      const app = await finder.forManifest('/w/packages/app/package.json', 'package.json');
      assert.equal(app?.importer, 'packages/app');
      // One reading: the member's tree shares the root's nodes (a second parse would make new ones).
      assert.ok(root?.lockfile.tree && app?.lockfile.tree);
      assert.equal(app.lockfile.tree.nodes, root.lockfile.tree.nodes);
      const again = parseLockfile(file, text, 'packages/app');
      assert.deepEqual([...app.lockfile.packages].map(([k, p]) => [k, p.version]), [...again.packages].map(([k, p]) => [k, p.version]));
      assert.deepEqual([...app.lockfile.tree.importers.keys()], [...(again.tree?.importers.keys() ?? [])]);
    });
  }

  it('requirements files have no lockfile', async () => {
    assert.equal(await createLockfileFinder(memoryFiles({})).forManifest('/r/requirements.txt', 'requirements.txt'), undefined);
  });
});
