/**
 * The parsed tree against each package manager's own account of what it installed (recorded by
 * `npm ls --all --json`, `pnpm list -r --depth Infinity --json` and `yarn list --json` after a
 * frozen install of the fixture: test/fixtures/lockfiles/README.md has the commands), beside
 * installed.json (what is on disk). Workspace members and `file:` folders are not registry
 * packages and are left out; npm and yarn name an `npm:` alias by its key, read back through the
 * manifest. yarn's list gives the installed set but names each dependency by its range, so for
 * yarn only the set is compared (installed.json holds yarn's edges).
 */
import assert from 'node:assert/strict';
import { parseLockfileTree } from '../../../server/src/service/parse/lockfileTree';
import { shapeOf, fixture } from './treeFixtures';

const LOCAL = 'local-lib@1.0.0';
const MEMBER = 'app@0.1.0';

/** The manifest's `npm:` aliases: key → registry name (`my-lodash` → `lodash`). */
function aliases(format: string): Map<string, string> {
  const manifest = JSON.parse(fixture(format, 'package.json')) as Record<string, Record<string, string> | undefined>;
  const out = new Map<string, string>();
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [key, spec] of Object.entries(manifest[section] ?? {})) {
      const m = /^npm:((?:@[^/]+\/)?[^@]+)@/.exec(spec);
      if (m) out.set(key, m[1]);
    }
  }
  return out;
}

interface Shape {
  packages: string[];
  edges: string[];
}

function sorted(packages: Set<string>, edges: Set<string>): Shape {
  return { packages: [...packages].sort(), edges: [...edges].sort() };
}

type NpmLsNode = { version?: string; resolved?: string; deduped?: boolean; dependencies?: Record<string, NpmLsNode> };

/** `npm ls --all --json`: a nested tree; `deduped` children are edges to a copy listed elsewhere. */
function npmLsShape(format: string): Shape {
  const root = JSON.parse(fixture(format, 'npm-ls.json')) as NpmLsNode;
  const alias = aliases(format);
  const packages = new Set<string>();
  const edges = new Set<string>();
  const walk = (key: string, node: NpmLsNode, parent: string | undefined, top: boolean): void => {
    if (node.version === undefined) return;
    // A workspace member or `file:` folder is a link: not a registry package, but what it depends on is installed.
    if (node.resolved?.startsWith('file:')) {
      for (const [dep, child] of Object.entries(node.dependencies ?? {})) walk(dep, child, undefined, false);
      return;
    }
    const k = `${(top && alias.get(key)) || key}@${node.version}`;
    if (parent) edges.add(`${parent} > ${k}`);
    if (node.deduped) return;
    packages.add(k);
    for (const [dep, child] of Object.entries(node.dependencies ?? {})) walk(dep, child, k, false);
  };
  for (const [key, node] of Object.entries(root.dependencies ?? {})) walk(key, node, undefined, true);
  return sorted(packages, edges);
}

type PnpmListNode = { from: string; version: string; dependencies?: Record<string, PnpmListNode> };
type PnpmImporter = Record<'dependencies' | 'devDependencies' | 'optionalDependencies', Record<string, PnpmListNode> | undefined>;

/** `pnpm list -r --depth Infinity --json`: one tree per importer; `from` is the registry name, `file:` / `link:` versions are not registry packages. */
function pnpmListShape(format: string): Shape {
  const importers = JSON.parse(fixture(format, 'pnpm-list.json')) as PnpmImporter[];
  const packages = new Set<string>();
  const edges = new Set<string>();
  const walk = (node: PnpmListNode, parent: string | undefined): void => {
    const local = /^(file|link):/.test(node.version);
    const k = local ? undefined : `${node.from}@${node.version}`;
    if (k) {
      packages.add(k);
      if (parent) edges.add(`${parent} > ${k}`);
    }
    for (const child of Object.values(node.dependencies ?? {})) walk(child, k);
  };
  for (const importer of importers) for (const section of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) for (const node of Object.values(importer[section] ?? {})) walk(node, undefined);
  return sorted(packages, edges);
}

type YarnListNode = { name: string; shadow?: boolean; children?: YarnListNode[] };

/** `yarn list --json`: installed copies as `name@version`; `shadow` children are declarations (`name@range`), not copies. */
function yarnListPackages(format: string): string[] {
  const list = JSON.parse(fixture(format, 'yarn-list.json')) as { data: { trees: YarnListNode[] } };
  const alias = aliases(format);
  const packages = new Set<string>();
  const walk = (node: YarnListNode): void => {
    if (!node.shadow) {
      const at = node.name.lastIndexOf('@');
      const name = node.name.slice(0, at);
      packages.add(`${alias.get(name) ?? name}${node.name.slice(at)}`);
    }
    for (const child of node.children ?? []) walk(child);
  };
  for (const tree of list.data.trees) walk(tree);
  packages.delete(MEMBER);
  packages.delete(LOCAL);
  return [...packages].sort();
}

/** The parsed tree without the `file:` folder (skipped, as the package managers' lists leave it out or mark it). */
function parsed(format: string, kind: 'package-lock.json' | 'pnpm-lock.yaml' | 'yarn.lock', file: string): Shape {
  const { tree, errors } = parseLockfileTree(kind, fixture(format, file));
  assert.deepEqual(errors, []);
  const shape = shapeOf(tree);
  return { packages: shape.packages.filter((p) => p !== LOCAL), edges: shape.edges.filter((e) => !e.startsWith(`${LOCAL} >`)) };
}

describe('the tree equals each package manager\'s own list of what it installed', () => {
  it('npm-v3: `npm ls --all --json` (name@version set and edges)', () => {
    assert.deepEqual(parsed('npm-v3', 'package-lock.json', 'package-lock.json'), npmLsShape('npm-v3'));
  });

  it('pnpm-v9: `pnpm list -r --depth Infinity --json` (name@version set and edges)', () => {
    assert.deepEqual(parsed('pnpm-v9', 'pnpm-lock.yaml', 'pnpm-lock.yaml'), pnpmListShape('pnpm-v9'));
  });

  it('yarn-v1: `yarn list --json` (name@version set)', () => {
    assert.deepEqual(parsed('yarn-v1', 'yarn.lock', 'yarn.lock').packages, yarnListPackages('yarn-v1'));
  });
});
