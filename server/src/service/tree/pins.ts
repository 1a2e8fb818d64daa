/**
 * The direct-dependency pins (ParsedLockfile.packages) read off a tree: what one importer's
 * manifest entries resolve to. Parsers that build the tree first use this, so the pins and the tree
 * can never disagree.
 */
import type { LockedPackage } from '../model';
import { LookupMap } from './lookupMap';
import type { DependencyTree, NodeIndex, TreeNode } from './types';

/**
 * `importer`: the workspace member folder relative to the lockfile (posix), `''` or undefined for the root.
 * The pins are made when first asked (lookupMap.ts): `get` and `has` make only the pin asked for, and
 * anything that needs them all (size, iteration) makes every one. One pin per node, whichever names
 * lead to it (yarn classic keys every descriptor: ~3 per entry), so two names of one node give the
 * same object either way. Why lazily: a yarn.lock read without its manifest pins all its ~85,000
 * descriptors, and making those pins with their ranges, and the Map, was ~50 ms of a ~330 ms read
 * (docs/benchmarks.md, "Findings: yarn classic importers and lazy pins"), while a check asks only
 * its manifest's entries (resolve/lockPin.ts).
 */
export function pinsFromTree(tree: DependencyTree, importer: string | undefined): Map<string, LockedPackage> {
  const direct = tree.importers.get(normalizeImporter(importer));
  if (!direct) return new Map<string, LockedPackage>();
  const pinFor = pinsByNode(tree.nodes);
  return new LookupMap<string, LockedPackage>(
    (name) => {
      const index = direct.get(name);
      return index === undefined ? undefined : pinFor(index);
    },
    // forEach, not for…of: the iterator made a [name, index] array per entry (~9.5 MB per 10 MB
    // yarn.lock; docs/benchmarks.md, yarn classic).
    (add) => direct.forEach((index, name) => add(name, pinFor(index))),
  );
}

/**
 * A node's pin, made when first asked for and kept, so that two names of one node give the same
 * object; found by node index in an array, not a second Map. Shared by every parser whose pins are
 * read off its tree (this file, python/pipfileLock.ts).
 */
export function pinsByNode(nodes: readonly TreeNode[]): (index: NodeIndex) => LockedPackage {
  const pinOf: (LockedPackage | undefined)[] = [];
  return (index) => (pinOf[index] ??= pinOfNode(nodes[index]));
}

/** A pin is a plain object of its own (a consumer may spread or serialise it), its range made at once. */
function pinOfNode(node: TreeNode): LockedPackage {
  const hashes = node.hashes.length === 0 ? NO_HASHES : node.hashes.slice();
  return node.integrity === undefined
    ? { registry: node.registry, name: node.name, version: node.version, hashes, range: node.range }
    : { registry: node.registry, name: node.name, version: node.version, hashes, integrity: node.integrity, range: node.range };
}

/**
 * Shared by pins without hashes (every npm-ecosystem pin), as npm's own pins share theirs
 * (parse/npm/npmLockPins.ts): frozen, so a consumer that tried to add to it would fail loudly.
 */
const NO_HASHES = Object.freeze([]) as readonly string[] as string[];

/** `packages/app/`, `./packages/app`, `packages\\app` → `packages/app`; the root folder → `''`. */
export function normalizeImporter(path: string | undefined): string {
  if (path === undefined) return '';
  const clean = path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  return clean === '.' ? '' : clean;
}
