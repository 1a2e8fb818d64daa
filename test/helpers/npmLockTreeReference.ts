/**
 * The package-lock.json tree reader as it was before the targeted scanner (server/src/service/parse/npm/
 * npmLockTree.ts at 490d648: JSON.parse of the whole file, offsets found by JsonKeyFinder, edges by
 * building each candidate `…/node_modules/<dep>` location). Kept unchanged as the reference the fast
 * reader is held to (test/unit/tree/npmLockTreeScanner.property.test.ts); not used by the product.
 */
import type { ParseProblem } from '../../server/src/service/model';
import { TreeBuilder } from '../../server/src/service/tree/builder';
import type { DependencyTree, NodeIndex } from '../../server/src/service/tree/types';
import { JsonKeyFinder } from '../../server/src/service/parse/npm/jsonKeyFinder';

type Json = Record<string, unknown>;

const NPM_VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;
const EDGE_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

export function npmLockTreeReference(text: string, kind: 'package-lock.json' | 'npm-shrinkwrap.json'): { tree: DependencyTree; errors: ParseProblem[] } {
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
  if (isObject(data.packages)) readPackages(data.packages, tree, offsets);
  else if (isObject(data.dependencies)) readV1(data.dependencies, tree, offsets);
  else errors.push(problem(tree, 'The lockfile has neither `packages` nor `dependencies`; no tree was read.'));
  return { tree: tree.build(), errors };
}

function problem(tree: TreeBuilder, message: string): ParseProblem {
  return { message, severity: 'error', range: tree.range(0, 0) };
}

/** v2/v3. */
function readPackages(packages: Json, tree: TreeBuilder, offsets: JsonKeyFinder): void {
  const nodeAt = new Map<string, NodeIndex>();
  const folders: string[] = [];
  const links = new Set<string>();
  const spans = new Map<string, [number, number]>();
  for (const location of Object.keys(packages)) {
    const entry = packages[location];
    if (!isObject(entry)) continue;
    const [start, end] = offsets.find(location);
    const nm = location.lastIndexOf('node_modules/');
    if (location === '' || nm < 0) {
      // npm records `name` only when it differs from the folder's own name.
      if (location !== '') tree.skip(str(entry.name) ?? location.slice(location.lastIndexOf('/') + 1), 'workspace member or local folder', start, end);
      folders.push(location);
      continue;
    }
    const name = str(entry.name) ?? location.slice(nm + 'node_modules/'.length);
    if (entry.link === true) {
      links.add(location);
      spans.set(location, [start, end]); // only a link can be an importer's target that is not a node
      tree.skip(name, `link to ${str(entry.resolved) ?? 'a local folder'}`, start, end);
      continue;
    }
    const version = str(entry.version);
    const why = notRegistry(version, str(entry.resolved));
    if (version === undefined || why !== undefined) {
      tree.skip(name, why ?? 'no version', start, end);
      continue;
    }
    nodeAt.set(location, tree.addNode(name, version, { dev: entry.dev === true, integrity: str(entry.integrity), start, end }));
  }
  const resolve = (from: string, dep: string): string | undefined => nearest(from, dep, (l) => nodeAt.has(l) || links.has(l));
  for (const [location, node] of nodeAt) {
    forEachEdge(packages[location] as Json, (dep) => {
      const target = resolve(location, dep);
      const to = target === undefined ? undefined : nodeAt.get(target);
      if (to !== undefined) tree.addEdge(node, to);
    });
  }
  for (const folder of folders) {
    tree.importer(folder);
    const entry = packages[folder] as Json;
    forEachDependency(entry, (dep) => {
      const target = resolve(folder, dep);
      if (target === undefined) return;
      const to = nodeAt.get(target);
      if (to !== undefined) tree.direct(folder, dep, to);
      else {
        const [start, end] = spans.get(target) ?? [0, 0];
        tree.skip(dep, 'link to a workspace member or local folder', start, end, folder);
      }
    });
  }
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

/**
 * A package's dependency names, repeats included: a name in two fields resolves to the same node, and
 * addEdge keeps an edge once (no Set per package: tens of thousands of them in a 10 MB lockfile).
 */
function forEachEdge(entry: Json, visit: (name: string) => void): void {
  for (const field of EDGE_FIELDS) {
    const deps = entry[field];
    if (isObject(deps)) for (const name of Object.keys(deps)) visit(name);
  }
}

/** An importer's dependency names, devDependencies included, each once (a repeat would be skipped twice). */
function forEachDependency(entry: Json, visit: (name: string) => void): void {
  const seen = new Set<string>();
  for (const field of [...EDGE_FIELDS, 'devDependencies']) {
    const deps = entry[field];
    if (!isObject(deps)) continue;
    for (const name of Object.keys(deps)) {
      if (seen.has(name)) continue;
      seen.add(name);
      visit(name);
    }
  }
}

/** Why an entry is not a registry package, or undefined when it is one. */
function notRegistry(version: string | undefined, resolved: string | undefined): string | undefined {
  if (resolved !== undefined) {
    if (/^git\+|^git:|^github:|^gitlab:|^bitbucket:/.test(resolved)) return 'git source';
    if (resolved.startsWith('file:')) return 'local path';
  }
  if (version === undefined) return undefined;
  if (/^git\+|^git:|^github:/.test(version)) return 'git source';
  if (version.startsWith('file:')) return 'local path';
  if (/^https?:/.test(version)) return 'URL source';
  return NPM_VERSION.test(version) ? undefined : `not a registry version (${version})`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
