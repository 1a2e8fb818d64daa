/**
 * The Python lockfiles' trees against what Pipenv and Poetry themselves locked and installed
 * (test/fixtures/lockfiles/pipenv and poetry-1.3, README there): `installed.json` is what the
 * environment holds after `pipenv sync --dev` / `poetry install`, read back by installed-tree.py with
 * markers evaluated for that interpreter (CPython 3.11 on Linux); `pipenv graph --json` and
 * `poetry show --tree` are the package managers' own accounts.
 *
 * Pipenv locks for the environment it runs in, so its lockfile holds exactly what is installed, and no
 * edges. Poetry locks for every platform and Python its project allows: the tree holds every locked
 * package and edge (markers are not evaluated, docs/formats/tree.md), a superset of one machine's
 * install by exactly the packages behind markers that are false there.
 */
import assert from 'node:assert/strict';
import { parseLockfileTree } from '../../../server/src/service/parse/lockfileTree';
import { fixture, shapeOf, type TreeShape } from './treeFixtures';

function installed(format: string): TreeShape {
  return JSON.parse(fixture(format, 'installed.json')) as TreeShape;
}

function parsed(format: string, kind: 'Pipfile.lock' | 'poetry.lock'): ReturnType<typeof parseLockfileTree>['tree'] {
  const { tree, errors } = parseLockfileTree(kind, fixture(format, kind));
  assert.deepEqual(errors, []);
  return tree;
}

/** `poetry show --tree`: top-level `name version` lines, then `├── name range` children four columns deeper per level. */
function poetryShowEdges(text: string, versionOf: (name: string) => string): string[] {
  const edges = new Set<string>();
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^((?:[│ ] {3})*)(?:[├└]── )?(\S+) (\S+)/u.exec(line);
    if (!m) continue;
    const top = !line.startsWith('├') && !line.startsWith('└') && !line.startsWith('│') && !line.startsWith(' ');
    const depth = top ? 0 : m[1].length / 4 + 1;
    const key = `${m[2]}@${top ? m[3] : versionOf(m[2])}`;
    stack.length = depth;
    if (depth > 0) edges.add(`${stack[depth - 1]} > ${key}`);
    stack.push(key);
  }
  return [...edges].sort();
}

/** Locked by Poetry for other platforms or Pythons: click → colorama (Windows), flask → importlib-metadata (< 3.10) → zipp, pytest → colorama (win32), exceptiongroup and tomli (< 3.11). */
const POETRY_MARKER_ONLY = ['colorama@0.4.6', 'exceptiongroup@1.2.0', 'importlib-metadata@7.0.1', 'tomli@2.0.1', 'zipp@3.17.0'];

describe('the Python lockfiles\' trees against what Pipenv and Poetry installed', () => {
  it('Pipfile.lock (pipenv 2022.12.19): the name@version set installed, no edges recorded', () => {
    const tree = parsed('pipenv', 'Pipfile.lock');
    assert.equal(tree.hasEdges, false);
    assert.deepEqual(shapeOf(tree).packages, installed('pipenv').packages);
    const graph = JSON.parse(fixture('pipenv', 'pipenv-graph.json')) as { package: { key: string; installed_version: string } }[];
    const reported = graph.map((g) => `${g.package.key}@${g.package.installed_version}`).filter((k) => !/^(pip|setuptools|wheel)@/.test(k));
    assert.deepEqual(shapeOf(tree).packages, reported.sort());
    // [dev-packages] lock into `develop`: what only pytest brings is dev, the rest is not.
    assert.deepEqual(tree.nodes.filter((n) => n.dev).map((n) => n.key).sort(), ['iniconfig@2.0.0', 'packaging@24.0', 'pluggy@1.4.0', 'pytest@8.1.1']);
  });

  it('poetry.lock 2.0 (poetry 1.3.2): every installed package and edge, plus exactly those behind markers false on this machine', () => {
    const shape = shapeOf(parsed('poetry-1.3', 'poetry.lock'));
    const onDisk = installed('poetry-1.3');
    assert.deepEqual(shape.packages.filter((p) => !onDisk.packages.includes(p)), POETRY_MARKER_ONLY);
    assert.deepEqual(onDisk.packages.filter((p) => !shape.packages.includes(p)), []);
    const markerEdge = (e: string) => POETRY_MARKER_ONLY.some((p) => e.endsWith(`> ${p}`));
    assert.deepEqual(shape.edges.filter((e) => !markerEdge(e)), onDisk.edges);
  });

  it('poetry.lock 2.0: the edges `poetry show --tree` prints, markers included', () => {
    const shape = shapeOf(parsed('poetry-1.3', 'poetry.lock'));
    const versionOf = (name: string) => shape.packages.find((p) => p.startsWith(`${name}@`))!.split('@')[1];
    assert.deepEqual(poetryShowEdges(fixture('poetry-1.3', 'poetry-show-tree.txt'), versionOf), shape.edges);
  });
});
