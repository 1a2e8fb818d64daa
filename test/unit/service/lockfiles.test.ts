/** The lockfile lookup of the service, through an in-memory files port (no disk). */
import { strict as assert } from 'node:assert';
import { createLockfileFinder } from '../../../server/src/service/lockfiles';
import { memoryFiles } from '../../helpers/ports';

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

  it('requirements files have no lockfile', async () => {
    assert.equal(await createLockfileFinder(memoryFiles({})).forManifest('/r/requirements.txt', 'requirements.txt'), undefined);
  });
});
