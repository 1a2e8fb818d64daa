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
  // One pin per node, whichever names lead to it (yarn classic keys every descriptor: ~3 per entry).
  const pinOf = new Map<number, LockedPackage>();
  for (const [name, index] of direct) {
    let pin = pinOf.get(index);
    if (pin === undefined) {
      const node = tree.nodes[index];
      pin = node.integrity === undefined
        ? { registry: node.registry, name: node.name, version: node.version, hashes: [...node.hashes], range: node.range }
        : { registry: node.registry, name: node.name, version: node.version, hashes: [...node.hashes], integrity: node.integrity, range: node.range };
      pinOf.set(index, pin);
    }
    pins.set(name, pin);
  }
  return pins;
}

/** `packages/app/`, `./packages/app`, `packages\\app` → `packages/app`; the root folder → `''`. */
export function normalizeImporter(path: string | undefined): string {
  if (path === undefined) return '';
  const clean = path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  return clean === '.' ? '' : clean;
}
