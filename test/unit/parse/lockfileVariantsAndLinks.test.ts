/**
 * Lockfile entries that are not one plain pin per name (docs/formats/): several versions of one name
 * (Poetry markers, uv forks) and links to workspace members, and how a dependency picks among them.
 */
import assert from 'node:assert/strict';
import type { Dependency } from '../../../server/src/service/model';
import { parseNpmLockfile } from '../../../server/src/service/parse/npm/npmLockfile';
import { parsePoetryLock } from '../../../server/src/service/parse/python/poetryLock';
import { parseUvLock } from '../../../server/src/service/parse/python/uvLock';
import { lockedEntry, lockedLink } from '../../../server/src/service/resolve/lockPin';

function dep(registry: 'npm' | 'pypi', name: string, constraint: string, kind: Dependency['kind'] = 'range'): Dependency {
  return { registry, name, normalizedName: name, specifier: constraint, kind, constraint, section: 'x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
}

describe('lockfile variants and links', () => {
  it('poetry.lock: every version of a name is kept, and each constraint gets the one it allows', () => {
    const lock = parsePoetryLock('[[package]]\nname = "keyring"\nversion = "18.0.1"\n\n[[package]]\nname = "Keyring"\nversion = "20.0.1"\n\n[metadata]\nlock-version = "2.0"\n');
    assert.equal(lock.packages.get('keyring')?.version, '18.0.1');
    assert.deepEqual(lock.variants?.get('keyring')?.map((p) => p.version), ['18.0.1', '20.0.1']);
    assert.equal(lockedEntry(dep('pypi', 'keyring', '>=18,<19'), lock)?.version, '18.0.1');
    assert.equal(lockedEntry(dep('pypi', 'keyring', '>=20,<21'), lock)?.version, '20.0.1');
    assert.equal(lockedEntry(dep('pypi', 'keyring', '20.0.1', 'exact'), lock)?.version, '20.0.1');
    assert.equal(lockedEntry(dep('pypi', 'keyring', '>=30'), lock)?.version, '18.0.1', 'no variant fits: the first entry, as for a single pin');
  });

  it('uv.lock forks: both versions are variants', () => {
    const lock = parseUvLock('version = 1\n\n[[package]]\nname = "numpy"\nversion = "1.26.4"\nsource = { registry = "https://pypi.org/simple" }\n\n[[package]]\nname = "numpy"\nversion = "2.0.0"\nsource = { registry = "https://pypi.org/simple" }\n');
    assert.equal(lockedEntry(dep('pypi', 'numpy', '>=2'), lock)?.version, '2.0.0');
    assert.equal(lockedEntry(dep('pypi', 'numpy', '<2'), lock)?.version, '1.26.4');
  });

  it('a single version per name has no variants', () => {
    const lock = parseUvLock('version = 1\n\n[[package]]\nname = "numpy"\nversion = "1.26.4"\nsource = { registry = "https://pypi.org/simple" }\n');
    assert.equal(lock.variants, undefined);
  });

  it('package-lock.json v3: link: true entries are links with their folder, not pins; a member\'s own copy is a pin', () => {
    const text = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'root' },
        'node_modules/private-lib': { resolved: 'packages/private-lib', link: true },
        'node_modules/shared': { resolved: 'packages/shared', link: true },
        'packages/app/node_modules/shared': { version: '2.0.0' },
        'node_modules/left-pad': { version: '1.3.0' },
      },
    });
    const root = parseNpmLockfile(text, 'package-lock.json');
    assert.deepEqual([...(root.links ?? [])], [['private-lib', 'packages/private-lib'], ['shared', 'packages/shared']]);
    const member = parseNpmLockfile(text, 'package-lock.json', 'packages/app');
    assert.deepEqual([...(member.links ?? [])], [['private-lib', 'packages/private-lib']]);
    assert.equal(member.packages.get('shared')?.version, '2.0.0');
    assert.equal(lockedLink(dep('npm', 'private-lib', '^1.0.0'), member), 'packages/private-lib');
    assert.equal(lockedLink(dep('npm', 'left-pad', '^1.0.0'), member), undefined);
  });

  it('package-lock.json read tolerantly (a damaged file) finds the same links', () => {
    const text = '{"lockfileVersion": 3, "packages": {"node_modules/private-lib": {"resolved": "packages/private-lib", "link": true},}}';
    assert.deepEqual([...(parseNpmLockfile(text, 'package-lock.json').links ?? [])], [['private-lib', 'packages/private-lib']]);
  });

  it('package-lock.json v1: a file: version is a link', () => {
    const text = JSON.stringify({ lockfileVersion: 1, dependencies: { 'private-lib': { version: 'file:packages/private-lib' }, 'left-pad': { version: '1.3.0' } } });
    const lock = parseNpmLockfile(text, 'package-lock.json');
    assert.deepEqual([...(lock.links ?? [])], [['private-lib', 'packages/private-lib']]);
    assert.equal(lock.packages.get('left-pad')?.version, '1.3.0');
  });
});
