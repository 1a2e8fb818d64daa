import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pythonLockTree } from '../../../server/src/service/parse/python/pyLockTree';
import type { DependencyTree } from '../../../server/src/service/tree/types';
import { directDependencies, shortestPaths, subtree } from '../../../server/src/service/tree/walk';
import { H, uvPackage } from '../../helpers/pythonLocks';

function edges(tree: DependencyTree): string[] {
  return tree.nodes.flatMap((n) => n.deps.map((d) => `${n.key} > ${tree.nodes[d].key}`)).sort();
}

/** As uv 0.5+ writes it: the project (editable), a fork of numpy by python version, a dev group, a git source. */
const UV = `version = 1
requires-python = ">=3.9"
resolution-markers = [
    "python_full_version >= '3.12'",
    "python_full_version < '3.12'",
]

${uvPackage('certifi', '2024.2.2')}
sdist = { url = "https://files.pythonhosted.org/certifi-2024.2.2.tar.gz", hash = "sha256:${H('a')}", size = 1 }
wheels = [
    { url = "https://files.pythonhosted.org/certifi-2024.2.2-py3-none-any.whl", hash = "sha256:${H('b')}", size = 1 },
]

${uvPackage('demo', '0.1.0', '{ editable = "." }')}
dependencies = [
    { name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.12'" },
    { name = "numpy", version = "2.0.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.12'" },
    { name = "requests" },
    { name = "tool" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

${uvPackage('numpy', '1.26.4')}

${uvPackage('numpy', '2.0.0')}

${uvPackage('pytest', '8.2.0')}
dependencies = [
    { name = "requests" },
]

${uvPackage('Requests', '2.31.0')}
dependencies = [
    { name = "certifi" },
]

${uvPackage('tool', '1.0.0', '{ git = "https://github.com/x/tool?rev=v1#abc" }')}
`;

describe('Python lockfile trees', () => {
  it('uv.lock: the project is the importer, forks resolve by version, git skipped, dev derived, header ranges', () => {
    const { tree, errors } = pythonLockTree('uv.lock', UV);
    assert.deepEqual(errors, []);
    assert.deepEqual(tree.nodes.map((n) => [n.key, n.dev]), [
      ['certifi@2024.2.2', false],
      ['numpy@1.26.4', false],
      ['numpy@2.0.0', false],
      ['pytest@8.2.0', true],
      ['requests@2.31.0', false],
    ]);
    assert.deepEqual(edges(tree), ['pytest@8.2.0 > requests@2.31.0', 'requests@2.31.0 > certifi@2024.2.2']);
    assert.deepEqual([...directDependencies(tree).keys()], ['numpy', 'requests', 'pytest']);
    assert.deepEqual(tree.skipped.map((s) => [s.name, s.reason]), [['tool', 'git source']], 'the project itself (source ".") is the importer, not an entry below it');
    assert.deepEqual(tree.nodes[0].hashes, [H('a'), H('b')]);
    assert.deepEqual(tree.nodes[0].range, { start: { line: 7, character: 0 }, end: { line: 7, character: 11 } });
    const paths = shortestPaths(tree, directDependencies(tree));
    assert.deepEqual(paths.get('certifi@2024.2.2'), [['requests', 'certifi'], ['pytest', 'requests', 'certifi']]);
  });

  it('poetry.lock 2.x: edges by name, several versions of a name by constraint, groups give dev', () => {
    const { tree, errors } = pythonLockTree(
      'poetry.lock',
      `[[package]]
name = "a"
version = "1.0.0"
groups = ["main"]
files = [{file = "a-1.0.0.whl", hash = "sha256:${H('c')}"}]

[package.dependencies]
b = ">=2.0"
c = {git = "https://x/c.git"}

[[package]]
name = "b"
version = "1.5.0"
groups = ["main"]

[[package]]
name = "b"
version = "2.1.0"
groups = ["main"]

[package.dependencies]
a = "^1.0"

[[package]]
name = "c"
version = "0.1.0"
groups = ["main"]

[package.source]
type = "git"
url = "https://x/c.git"
reference = "main"
resolved_reference = "abc"

[[package]]
name = "pytest"
version = "8.2.0"
groups = ["dev"]

[metadata]
lock-version = "2.1"
python-versions = "^3.10"
content-hash = "0"
`,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(edges(tree), ['a@1.0.0 > b@2.1.0', 'b@2.1.0 > a@1.0.0']);
    assert.deepEqual(tree.nodes.map((n) => [n.key, n.dev]), [['a@1.0.0', false], ['b@1.5.0', false], ['b@2.1.0', false], ['pytest@8.2.0', true]]);
    assert.deepEqual(subtree(tree, 0).map((i) => tree.nodes[i].key), ['b@2.1.0'], 'the cycle back to a is cut');
    assert.deepEqual(tree.skipped.map((s) => [s.name, s.reason]), [['c', 'git source']]);
    assert.deepEqual(tree.nodes[0].hashes, [H('c')]);
  });

  it('poetry.lock 1.1: category = "dev" and [metadata.files] hashes', () => {
    const { tree } = pythonLockTree(
      'poetry.lock',
      `[[package]]\nname = "Flask-SQLAlchemy"\nversion = "2.5.1"\ncategory = "dev"\noptional = false\npython-versions = "*"\n\n[metadata]\nlock-version = "1.1"\n\n[metadata.files]\nflask-sqlalchemy = [\n    {file = "x.whl", hash = "sha256:${H('d')}"},\n]\n`,
    );
    assert.deepEqual(tree.nodes.map((n) => [n.key, n.dev, n.hashes]), [['flask-sqlalchemy@2.5.1', true, [H('d')]]]);
  });

  it('pylock.toml: packages without edges', () => {
    const { tree } = pythonLockTree(
      'pylock.toml',
      `lock-version = "1.0"\ncreated-by = "uv"\n\n[[packages]]\nname = "attrs"\nversion = "23.1.0"\nwheels = [{url = "https://x/attrs.whl", hashes = {sha256 = "${H('e')}"}}]\n\n[[packages]]\nname = "local"\ndirectory = { path = "." }\n`,
    );
    assert.equal(tree.hasEdges, false);
    assert.deepEqual(tree.nodes.map((n) => [n.key, n.hashes, n.deps]), [['attrs@23.1.0', [H('e')], []]]);
    assert.deepEqual(tree.skipped.map((s) => [s.name, s.reason]), [['local', 'directory source']]);
  });

  it('unknown versions are errors; truncated or random input never throws', () => {
    assert.match(pythonLockTree('uv.lock', 'version = 2\n').errors[0].message, /Unknown uv.lock version 2/);
    assert.match(pythonLockTree('poetry.lock', '[metadata]\nlock-version = "3.0"\n').errors[0].message, /Unknown poetry.lock lock-version 3.0/);
    fc.assert(
      fc.property(fc.oneof(fc.nat(UV.length).map((n) => UV.slice(0, n)), fc.string()), fc.constantFrom('uv.lock', 'poetry.lock', 'pylock.toml') as fc.Arbitrary<'uv.lock'>, (text, kind) => {
        pythonLockTree(kind, text);
      }),
      { numRuns: 200 },
    );
  });
});
