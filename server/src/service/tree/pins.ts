/**
 * The direct-dependency pins (ParsedLockfile.packages) read off a tree: what one importer's
 * manifest entries resolve to. Parsers that build the tree first use this, so the pins and the tree
 * can never disagree.
 */
import type { LockedPackage } from '../model';
import type { DependencyTree } from './types';

/** `importer`: the workspace member folder relative to the lockfile (posix), `''` or undefined for the root. */
export function pinsFromTree(tree: DependencyTree, importer: string | undefined): Map<string, LockedPackage> {
  const pins = new Map<string, LockedPackage>();
  const direct = tree.importers.get(normalizeImporter(importer));
  if (!direct) return pins;
  // One pin per node, whichever names lead to it (yarn classic keys every descriptor: ~3 per entry);
  // found by node index in an array, not a second Map (a yarn.lock read without its manifest pins every node).
  // forEach, not for…of: the iterator made a [name, index] array per entry (~9.5 MB per 10 MB
  // yarn.lock, whose 85,000 descriptors are all pins; docs/benchmarks.md, yarn classic).
  const pinOf: (LockedPackage | undefined)[] = [];
  direct.forEach((index, name) => {
    let pin = pinOf[index];
    if (pin === undefined) {
      const node = tree.nodes[index];
      const hashes = node.hashes.length === 0 ? NO_HASHES : node.hashes.slice();
      pin = node.integrity === undefined
        ? { registry: node.registry, name: node.name, version: node.version, hashes, range: node.range }
        : { registry: node.registry, name: node.name, version: node.version, hashes, integrity: node.integrity, range: node.range };
      pinOf[index] = pin;
    }
    pins.set(name, pin);
  });
  return pins;
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
