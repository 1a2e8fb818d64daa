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
  for (const [name, index] of direct) {
    const node = tree.nodes[index];
    const pin: LockedPackage = { registry: node.registry, name: node.name, version: node.version, hashes: [...node.hashes], range: node.range };
    if (node.integrity !== undefined) pin.integrity = node.integrity;
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
