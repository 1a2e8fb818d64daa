/**
 * The index each Python lockfile says a package came from (tree/types.ts `indexUrl`), and what the
 * tree check does with one the user has not allowed (docs/security.md): not a trust item, not looked up.
 */
import assert from 'node:assert/strict';
import { parseLockfileTree } from '../../../server/src/service/parse/lockfileTree';
import { normalizeSettings } from '../../../server/src/service/settings';
import { checkTrees, planTree, treeTrustItems } from '../../../server/src/service/tree/treeCheck';
import type { DependencyTree } from '../../../server/src/service/tree/types';

const CORP = 'https://corp.example/simple';
const PYPI = 'https://pypi.org/simple';

function indexes(kind: 'poetry.lock' | 'uv.lock' | 'pylock.toml' | 'Pipfile.lock', text: string): Record<string, string | undefined> {
  const { tree, errors } = parseLockfileTree(kind, text);
  assert.deepEqual(errors, []);
  return Object.fromEntries(tree.nodes.map((n) => [n.name, n.indexUrl]));
}

describe('the index a Python lockfile says each package came from', () => {
  it('poetry.lock: a legacy [package.source]; none for PyPI packages', () => {
    const pkg = (name: string, source: string) => `[[package]]\nname = "${name}"\nversion = "1.0"\ndescription = ""\noptional = false\npython-versions = "*"\nfiles = []\n${source}\n`;
    const text = `${pkg('private', `[package.source]\ntype = "legacy"\nurl = "${CORP}"\nreference = "corp"\n`)}${pkg('mirrored', `[package.source]\ntype = "legacy"\nurl = "${PYPI}/"\nreference = "mirror"\n`)}${pkg('public', '')}[metadata]\nlock-version = "2.0"\npython-versions = "*"\ncontent-hash = "0"\n`;
    assert.deepEqual(indexes('poetry.lock', text), { private: CORP, mirrored: undefined, public: undefined });
  });

  it('uv.lock: source.registry other than PyPI', () => {
    const pkg = (name: string, registry: string) => `[[package]]\nname = "${name}"\nversion = "1.0"\nsource = { registry = "${registry}" }\n\n`;
    assert.deepEqual(indexes('uv.lock', `version = 1\n\n${pkg('private', CORP)}${pkg('public', PYPI)}`), { private: CORP, public: undefined });
  });

  it('pylock.toml: a package\'s index other than PyPI', () => {
    const pkg = (name: string, index: string) => `[[packages]]\nname = "${name}"\nversion = "1.0"\nindex = "${index}"\n\n`;
    assert.deepEqual(indexes('pylock.toml', `lock-version = "1.0"\ncreated-by = "test"\n\n${pkg('private', CORP)}${pkg('public', PYPI)}`), { private: CORP, public: undefined });
  });

  it('Pipfile.lock: the source an entry\'s index names, else the first source', () => {
    const lock = (sources: { name: string; url: string }[]) =>
      JSON.stringify({
        _meta: { 'pipfile-spec': 6, hash: { sha256: '0' }, sources },
        default: { named: { version: '==1.0', index: 'corp' }, unnamed: { version: '==1.0' } },
        develop: { 'on-pypi': { version: '==1.0', index: 'pypi' } },
      });
    assert.deepEqual(indexes('Pipfile.lock', lock([{ name: 'pypi', url: PYPI }, { name: 'corp', url: CORP }])), { named: CORP, unnamed: undefined, 'on-pypi': undefined });
    assert.deepEqual(indexes('Pipfile.lock', lock([{ name: 'corp', url: CORP }, { name: 'pypi', url: PYPI }])), { named: CORP, unnamed: CORP, 'on-pypi': undefined });
  });
});

describe('the tree check and a package of an index the user has not allowed', () => {
  const uvLock = `version = 1\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "private" }, { name = "public" }]\n\n[[package]]\nname = "private"\nversion = "1.0"\nsource = { registry = "${CORP}" }\n\n[[package]]\nname = "public"\nversion = "2.0"\nsource = { registry = "${PYPI}" }\n`;
  const tree = (): DependencyTree => parseLockfileTree('uv.lock', uvLock).tree;
  const refusing = normalizeSettings({});
  const allowing = normalizeSettings({ allowedIndexHosts: ['corp.example'] });

  it('is not a trust item of the advisory prefetch until its host is allowed', () => {
    assert.deepEqual(treeTrustItems(tree(), refusing).map((i) => i.name), ['public']);
    assert.deepEqual(treeTrustItems(tree(), allowing).map((i) => i.name), ['private', 'public']);
  });

  it('is unresolved, naming the host and the setting, and never asked for', async () => {
    const plan = planTree({ lockfile: 'uv.lock', tree: tree(), importer: '', direct: [] });
    const asked: string[] = [];
    const trust = {
      checkVersions: (items: { name: string }[]) => {
        asked.push(...items.map((i) => i.name));
        return Promise.resolve(new Map());
      },
    };
    await checkTrees({ trust, clock: { now: () => 0 } }, [plan], { settings: refusing });
    assert.deepEqual(asked, ['public']);
    const privatePkg = plan.result.packages.find((p) => p.name === 'private')!;
    assert.equal(privatePkg.status, 'unresolved');
    assert.equal(privatePkg.pending, false);
    assert.match(privatePkg.findings[0].message, /^private: not looked up — its index corp\.example is not one of the configured registries; add "corp\.example" to sigma\.allowedIndexHosts/);
  });
});
