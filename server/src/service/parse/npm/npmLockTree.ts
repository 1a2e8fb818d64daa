/**
 * package-lock.json / npm-shrinkwrap.json → the installed tree (tree/types.ts).
 *
 * v2/v3 read `packages`: every `…node_modules/<name>` location is an installed package; a folder
 * location without `node_modules/` (a workspace member, a `file:` folder) is an importer; `link: true`
 * entries point at such folders. Edges follow Node's resolution, as npm lays the tree out: a
 * dependency of the package at `a/node_modules/b` is the nearest `node_modules/<dep>` walking up
 * from `a/node_modules/b` (`a/node_modules/b/node_modules/<dep>`, `a/node_modules/<dep>`,
 * `node_modules/<dep>`). v1 reads the nested `dependencies` tree the same way, with `requires` as
 * the edges; v1 does not record the root's own dependencies, so its root importer lists every
 * top-level entry (the manifest decides which of them are direct).
 *
 * v2/v3 files go through a targeted scanner (npmLockTreeScanner.ts: no object graph, offsets
 * recorded as it reads, docs/decisions.md "package-lock.json tree scanner"); v1 files and whatever
 * the scanner does not take are read with JSON.parse, entry ranges then coming from one forward
 * search for each key (docs/formats/tree.md). Both feed NpmPackagesAssembly (npmLockPackages.ts),
 * which builds the v2/v3 tree either way.
 */
import type { ParseProblem } from '../../model';
import { TreeBuilder } from '../../tree/builder';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import { JsonKeyFinder } from './jsonKeyFinder';
import { notRegistry, type NpmEntryFields, NpmPackagesAssembly } from './npmLockPackages';
import { scanNpmLockPackages } from './npmLockTreeScanner';

type Json = Record<string, unknown>;

const EDGE_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** `general`: read with JSON.parse even when the scanner could (the property test compares both). */
export function npmLockTree(text: string, kind: 'package-lock.json' | 'npm-shrinkwrap.json', general = false): { tree: DependencyTree; errors: ParseProblem[] } {
  if (!general) {
    const tree = new TreeBuilder(kind, text, 'npm');
    const assembly = new NpmPackagesAssembly(tree, text);
    if (scanNpmLockPackages(text, assembly)) {
      assembly.finish();
      return { tree: tree.build(), errors: [] };
    }
  }
  const tree = new TreeBuilder(kind, text, 'npm');
  const errors: ParseProblem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    // The pins parser (npmLockfile.ts) reports where the JSON breaks; the tree says only that it is missing.
    errors.push(problem(tree, `The lockfile is not valid JSON, so its tree could not be read: ${(error as Error).message}`));
    return { tree: tree.build(), errors };
  }
  if (!isObject(data)) {
    errors.push(problem(tree, 'A lockfile must contain a JSON object.'));
    return { tree: tree.build(), errors };
  }
  const version = data.lockfileVersion;
  if (typeof version === 'number' && (version < 1 || version > 3)) {
    errors.push(problem(tree, `Unknown lockfileVersion ${version} (this version reads 1 to 3); its tree was not read.`));
    return { tree: tree.build(), errors };
  }
  const offsets = new JsonKeyFinder(text, '{');
  if (isObject(data.packages)) {
    // Entries are searched from the top-level key on: a member folder named `packages` is not that key.
    offsets.find('packages');
    readPackages(data.packages, tree, offsets, text);
  }
  else if (isObject(data.dependencies)) readV1(data.dependencies, tree, offsets);
  else errors.push(problem(tree, 'The lockfile has neither `packages` nor `dependencies`; no tree was read.'));
  return { tree: tree.build(), errors };
}

function problem(tree: TreeBuilder, message: string): ParseProblem {
  return { message, severity: 'error', range: tree.range(0, 0) };
}

/** v2/v3, read from JSON.parse's objects. */
function readPackages(packages: Json, tree: TreeBuilder, offsets: JsonKeyFinder, text: string): void {
  const assembly = new NpmPackagesAssembly(tree, text);
  const { names } = assembly;
  const fields: NpmEntryFields = { name: undefined, version: undefined, resolved: undefined, integrity: undefined, dev: false, link: false };
  for (const location of Object.keys(packages)) {
    const entry = packages[location];
    if (!isObject(entry)) continue;
    const [start, end] = offsets.find(location);
    fields.name = str(entry.name);
    fields.version = str(entry.version);
    fields.resolved = str(entry.resolved);
    fields.integrity = str(entry.integrity);
    fields.dev = entry.dev === true;
    fields.link = entry.link === true;
    for (const field of EDGE_FIELDS) pushKeys(assembly, entry[field]);
    const edgeEnd = names.length;
    pushKeys(assembly, entry.devDependencies);
    assembly.entry(location, start, end, fields, edgeEnd);
  }
  assembly.finish();
}

function pushKeys(assembly: NpmPackagesAssembly, map: unknown): void {
  if (isObject(map)) for (const name of Object.keys(map)) assembly.pushName(name);
}

/** v1: the nested `dependencies` tree, laid out as the same node_modules locations. */
function readV1(root: Json, tree: TreeBuilder, offsets: JsonKeyFinder): void {
  const nodeAt = new Map<string, NodeIndex>();
  const requires = new Map<NodeIndex, string[]>();
  const walk = (deps: Json, parent: string) => {
    for (const name of Object.keys(deps)) {
      const entry = deps[name];
      if (!isObject(entry)) continue;
      const location = `${parent === '' ? '' : `${parent}/`}node_modules/${name}`;
      const [start, end] = offsets.find(name);
      let version = str(entry.version);
      let realName = name;
      // v1 records an alias in the version: `"my-lodash": { "version": "npm:lodash@4.17.21" }`.
      if (version?.startsWith('npm:')) {
        const at = version.lastIndexOf('@');
        realName = version.slice(4, at);
        version = version.slice(at + 1);
      }
      const why = notRegistry(version, str(entry.resolved));
      if (version === undefined || why !== undefined) tree.skip(name, why ?? 'no version', start, end, parent === '' ? '' : undefined);
      else {
        const node = tree.addNode(realName, version, { dev: entry.dev === true, integrity: str(entry.integrity), start, end });
        nodeAt.set(location, node);
        if (parent === '') tree.direct('', name, node);
        if (isObject(entry.requires)) requires.set(node, Object.keys(entry.requires));
      }
      if (isObject(entry.dependencies)) walk(entry.dependencies, location);
    }
  };
  tree.importer('');
  walk(root, '');
  for (const [location, node] of nodeAt) {
    for (const dep of requires.get(node) ?? []) {
      const target = nearest(location, dep, (l) => nodeAt.has(l));
      if (target !== undefined) tree.addEdge(node, nodeAt.get(target) as NodeIndex);
    }
  }
}

/** Node's lookup: `<dir>/node_modules/<dep>` for `from` and each folder above it that is not itself `node_modules`. */
function nearest(from: string, dep: string, exists: (location: string) => boolean): string | undefined {
  let dir = from;
  for (;;) {
    if (dir !== 'node_modules' && !dir.endsWith('/node_modules')) {
      const candidate = dir === '' ? `node_modules/${dep}` : `${dir}/node_modules/${dep}`;
      if (exists(candidate)) return candidate;
    }
    if (dir === '') return undefined;
    const slash = dir.lastIndexOf('/');
    dir = slash < 0 ? '' : dir.slice(0, slash);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
